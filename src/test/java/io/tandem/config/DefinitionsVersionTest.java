package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

class DefinitionsVersionTest {
  @TempDir Path dir;

  @Test
  void theSameRulesGiveTheSameVersionWhereverTheConfFolderIs() throws Exception {
    Path gold = dir.resolve("m/sql/gold");
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("sql/gold"), gold);
    Path before = dir.resolve("a/conf"); // sorts before the SQL folder
    Path after = dir.resolve("z/conf"); // and after it
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("conf"), before);
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("conf"), after);

    assertThat(DefinitionsVersion.of(after, gold)).isEqualTo(DefinitionsVersion.of(before, gold));
  }

  @Test
  void aRuleChangesTheVersionAndATargetOrAnExchangeRateDoesNot() throws Exception {
    Path gold = TestPaths.home().resolve("sql/gold");
    Path conf = dir.resolve("conf");
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("conf"), conf);
    String version = DefinitionsVersion.of(conf, gold);

    TestPaths.edit(conf.resolve("targets.yml"), "target: 1100000", "target: 1200000");
    Files.writeString(
        conf.resolve("fx_rates.csv"), "2026-05-01,EUR,USD,1.3000\n", StandardOpenOption.APPEND);
    assertThat(DefinitionsVersion.of(conf, gold)).isEqualTo(version);

    TestPaths.edit(
        conf.resolve("definitions.yml"), "sales_cost_per_month: 0", "sales_cost_per_month: 1000");
    assertThat(DefinitionsVersion.of(conf, gold)).isNotEqualTo(version);
  }
}
