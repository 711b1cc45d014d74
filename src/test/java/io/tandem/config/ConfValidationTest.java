package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.TestPaths;
import io.tandem.contracts.SourceContract;
import io.tandem.contracts.TableContract;
import io.tandem.errors.TandemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfValidationTest {
  @TempDir Path dir;

  private void check(Path conf) {
    ConfValidation.check(
        conf, TestPaths.home().resolve("schemas"), TestPaths.home().resolve("sql"));
  }

  private Path confWith(String file, String line, String replacement) throws Exception {
    return TestPaths.confCopy(
        TestPaths.home().resolve("conf"), dir.resolve("conf"), file, line, replacement);
  }

  @Test
  void theShippedRulesPass() {
    assertThatCode(() -> check(TestPaths.home().resolve("conf"))).doesNotThrowAnyException();
  }

  @Test
  void aMisspeltKeyIsNamedWithTheKeysAllowed() throws Exception {
    Path conf =
        confWith("definitions.yml", "  scorecard_model: w_shaped", "  scorecard_modle: w_shaped");

    assertThatThrownBy(() -> check(conf))
        .isInstanceOf(TandemException.class)
        .hasMessageContaining("definitions.yml")
        .hasMessageContaining(
            "unknown key 'attribution.scorecard_modle'; the keys here are: half_life_days,")
        .hasMessageContaining("missing key 'attribution.scorecard_model'")
        .satisfies(e -> assertThat(((TandemException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void aValueOutsideItsSetOrOfTheWrongTypeIsNamedWithWhatIsAllowed() throws Exception {
    Path conf =
        confWith("definitions.yml", "  scorecard_model: w_shaped", "  scorecard_model: w_shapde");
    TestPaths.edit(conf.resolve("definitions.yml"), "  sla_hours: 24", "  sla_hours: soon");
    TestPaths.edit(
        conf.resolve("definitions.yml"),
        "  fiscal_year_start_month: 1",
        "  fiscal_year_start_month: 13");
    TestPaths.edit(
        conf.resolve("definitions.yml"), "touch_types: [ad_click,", "touch_types: [ad_clicks,");

    assertThatThrownBy(() -> check(conf))
        .hasMessageContaining(
            "'attribution.scorecard_model' has 'w_shapde'; allowed: first_touch, last_touch, linear,"
                + " u_shaped, w_shaped, time_decay, markov, shapley")
        .hasMessageContaining("'handoff.sla_hours' is 'soon'; it must be a number")
        .hasMessageContaining("'calendar.fiscal_year_start_month' is 13; it must be at most 12")
        .hasMessageContaining("'attribution.touch_types' has 'ad_clicks'; allowed: ad_click,");
  }

  @Test
  void aGoalTheScorecardDoesNotComputeOrAMisspeltGoalKeyStopsTheRun() throws Exception {
    Path conf = confWith("targets.yml", "  - goal: win_rate", "  - goal: winrate");

    assertThatThrownBy(() -> check(conf))
        .hasMessageContaining("targets.yml")
        .hasMessageContaining("goal 'winrate' is not one the scorecard computes; goals: cac,");

    TestPaths.edit(conf.resolve("targets.yml"), "  - goal: winrate", "  - goal: win_rate");
    TestPaths.edit(conf.resolve("targets.yml"), "    horizon: outcome", "    horizon_: outcome");
    assertThatThrownBy(() -> check(conf)).hasMessageContaining("horizon_");
  }

  @Test
  void everyContractReadsWithNoKeyLeftOver() throws Exception {
    // Contracts are read strictly: an unknown key (a typo, or an unquoted ': ' or ', ' splitting a
    // description) fails instead of dropping a check.
    Path schemas = TestPaths.home().resolve("schemas");
    for (String layer : List.of("silver", "journey", "gold", "publish")) {
      try (Stream<Path> files = Files.list(schemas.resolve(layer))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
          assertThatCode(() -> YamlFiles.read(file, TableContract.class, "contract"))
              .as(file.toString())
              .doesNotThrowAnyException();
        }
      }
    }
    assertThat(SourceContract.loadAll(schemas)).hasSizeGreaterThan(20);
    Path odd =
        Files.writeString(
            dir.resolve("odd.yml"),
            "table: gold.x\ncolumns:\n  - {name: a, type: int, description: One, two}\n");
    assertThatThrownBy(() -> YamlFiles.read(odd, TableContract.class, "contract"))
        .hasMessageContaining("two");
  }
}
