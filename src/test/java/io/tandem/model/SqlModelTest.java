package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.TestPaths;
import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.TableContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlModelTest {
  private static SqlModel model(String layer, String table, String text) {
    return new SqlModel(layer, table, Path.of(table + ".sql"), text);
  }

  @Test
  void inputsAreTheLayerTablesTheSqlNames() {
    SqlModel m =
        model(
            "gold",
            "kpi_x",
            "SELECT * FROM silver.crm_people p JOIN Gold.kpi_base b ON 1=1 -- gold.kpi_x");

    assertThat(m.inputs()).containsExactly("gold.kpi_base", "silver.crm_people");
  }

  @Test
  void rendersParametersAndRejectsUnknownOnes() {
    SqlModel m =
        model("silver", "t", "WHERE status IN ${funnel.accepted} AND d <= ${business_date}");

    assertThat(
            m.render(Map.of("funnel.accepted", "('A', 'B')", "business_date", "DATE'2026-11-20'")))
        .isEqualTo("WHERE status IN ('A', 'B') AND d <= DATE'2026-11-20'");
    assertThatThrownBy(() -> m.render(Map.of("business_date", "x")))
        .hasMessageContaining("${funnel.accepted} is not defined in conf/definitions.yml");
  }

  @Test
  void namesEachTableItReadsAsToldAndLeavesOtherNamesAlone() {
    SqlModel m =
        model(
            "gold",
            "t",
            "SELECT * FROM Silver.Crm_People p JOIN gold.dim_calendar c"
                + " JOIN conf_channel_mapping m JOIN privacy.erasure_log e WHERE x <= ${business_date}");
    assertThat(m.render(Map.of("business_date", "DATE'2026-01-01'"), (l, t) -> l + "__" + t))
        .isEqualTo(
            "SELECT * FROM silver__crm_people p JOIN gold__dim_calendar c"
                + " JOIN conf_channel_mapping m JOIN privacy.erasure_log e WHERE x <= DATE'2026-01-01'");
  }

  @Test
  void theFirstLinesSayHowAnIncrementalBuildWritesTheModelAndInWhatOrder() {
    SqlModel replaced =
        model(
            "silver",
            "e",
            "-- events\n-- incremental: replace where event_date >= ${window_start.ga4}\n"
                + "-- cluster by: event_date\nSELECT * FROM silver.x");
    SqlModel merged =
        model("silver", "s", "-- incremental: merge on session_key\nSELECT * FROM silver.e");

    assertThat(replaced.incremental())
        .contains(new SqlModel.Incremental(false, "event_date >= ${window_start.ga4}"));
    assertThat(replaced.clusterBy()).contains("event_date");
    assertThat(replaced.inputs()).as("the lines are comments").containsExactly("silver.x");
    assertThat(merged.incremental()).contains(new SqlModel.Incremental(true, "session_key"));
    assertThat(merged.clusterBy()).isEmpty();
    assertThat(model("silver", "t", "SELECT 1").incremental()).isEmpty();
  }

  @Test
  void ordersModelsAfterTheModelsTheyRead() {
    SqlModel flow = model("silver", "c", "SELECT * FROM silver.b");
    SqlModel base = model("silver", "a", "SELECT * FROM bronze.raw");
    SqlModel middle = model("silver", "b", "SELECT * FROM silver.a");

    assertThat(ModelRunner.inDependencyOrder(List.of(flow, base, middle)))
        .extracting(SqlModel::table)
        .containsExactly("a", "b", "c");
  }

  @Test
  void independentModelsShareAWave() {
    SqlModel a = model("gold", "a", "SELECT * FROM silver.x");
    SqlModel b = model("gold", "b", "SELECT * FROM silver.y");
    SqlModel c = model("gold", "c", "SELECT * FROM gold.a JOIN gold.b");
    SqlModel d = model("gold", "d", "SELECT * FROM gold.a");

    assertThat(ModelRunner.waves(ModelRunner.inDependencyOrder(List.of(c, d, a, b))))
        .extracting(wave -> wave.stream().map(SqlModel::table).toList())
        .containsExactly(List.of("a", "b"), List.of("c", "d"));
  }

  @Test
  void periodVariantsShareOneDefinitionAndContract() {
    List<SqlModel> variants =
        SqlModel.fromFile(
            "gold",
            Path.of("kpi_x.sql"),
            "-- periods: week, quarter\nSELECT c.${period}_start FROM gold.dim_calendar c");

    assertThat(variants)
        .extracting(SqlModel::table)
        .containsExactly("kpi_x_weekly", "kpi_x_quarterly");
    assertThat(variants).extracting(SqlModel::contract).containsOnly("kpi_x");
    assertThat(variants.get(1).text()).contains("c.quarter_start");
    assertThat(variants.get(0).inputs()).containsExactly("gold.dim_calendar");
  }

  @Test
  void everyShippedModelHasAContractWithDescribedColumns() throws Exception {
    ModelRunner runner =
        new ModelRunner(
            null, new TandemSettings(TestPaths.home().toString(), null, null, null, null));
    for (String layer : List.of("silver", "journey", "gold")) {
      for (SqlModel model : runner.models(layer)) {
        TableContract contract = runner.contract(model);
        assertThat(contract.columns()).as(model.qualifiedName()).isNotEmpty();
        assertThat(contract.columns())
            .as(model.qualifiedName())
            .allMatch(c -> c.description() != null && !c.description().isBlank());
        assertThat(contract.grain()).as(model.qualifiedName()).isNotBlank();
        assertThat(Files.readString(model.file())).as(model.qualifiedName()).startsWith("--");
      }
    }
  }

  @Test
  void definitionsFlattenToSqlParameters() {
    Definitions definitions = Definitions.load(TestPaths.home().resolve("conf"));

    assertThat(definitions.get("money.reporting_currency")).isEqualTo("USD");
    assertThat(definitions.get("funnel.mql.score_threshold")).isEqualTo("65");
    assertThat(definitions.get("funnel.mql.ratings")).isEqualTo("('Hot')");
  }
}
