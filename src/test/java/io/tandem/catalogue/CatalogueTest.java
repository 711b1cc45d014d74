package io.tandem.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue is built from the project's own declarations: contracts, SQL and run reports. */
class CatalogueTest {
  @TempDir Path work;

  static final Catalogue CATALOGUE =
      new Catalogue(
          new TandemSettings(
              TestPaths.home().toString(),
              TestPaths.home().resolve("conf").toString(),
              null,
              null,
              null));

  @Test
  void lineageRunsFromEveryScorecardInputBackToLandingObjects() {
    Map<String, Catalogue.Table> tables = CATALOGUE.tables();
    // the scorecard reads gold KPIs, they read silver and journey, those bronze, bronze the
    // landing objects of the vendor extracts
    Set<String> upstream = upstream("gold.kpi_alignment_scorecard_quarterly", tables);
    assertThat(upstream)
        .contains(
            "gold.kpi_pipeline_quarterly",
            "silver.crm_opportunities",
            "journey.int_identity_graph",
            "bronze.raw_salesforce_opportunity",
            "landing.salesforce/Opportunity",
            "landing.ga4/events");
    assertThat(tables.get("gold.kpi_alignment_scorecard_quarterly").readers())
        .contains("published.v1_kpi_alignment_scorecard_quarterly");
    // every gold table has its contract's columns and its SQL or says it is written from Java
    Catalogue.Table plan = tables.get("gold.kpi_revenue_plan_quarterly");
    assertThat(plan.columns()).extracting(c -> c.name()).contains("needed", "marketing_budget");
    assertThat(plan.sqlFile()).isEqualTo("sql/gold/kpi_revenue_plan_quarterly.sql");
    assertThat(plan.glossary()).isEqualTo("g-kpi_revenue_plan_quarterly");
    assertThat(tables.get("gold.kpi_pipeline_monthly").glossary())
        .isEqualTo("g-kpi_pipeline_monthly-_quarterly");
    // the run status is published from its own query over the run's tables
    assertThat(tables.get("published.v1_run_status").inputs()).contains("gold.quality_checks");
    assertThat(tables.get("silver.ref_fx_rates").inputs()).containsExactly("conf.fx_rates.csv");
    assertThat(tables.get("gold.kpi_alignment_scorecard_quarterly").inputs())
        .contains("conf.targets.yml");
    assertThat(tables.get("gold.attribution_channel_values").inputs())
        .contains("journey.fct_opportunity_touchpoints");
  }

  @Test
  void thePageHoldsEveryTableRowsFromTheLatestReportAndNoExternalReference() throws Exception {
    Path runs = work.resolve("runs");
    Files.createDirectories(runs.resolve("2026-11-20-1"));
    Files.writeString(
        runs.resolve("2026-11-20-1/report.json"),
        """
        {"run_id": "2026-11-20-1", "business_date": "2026-11-20", "started_at": "2026-11-21T02:00",
         "steps": [{"step": "kpis", "tables": {"gold.kpi_pipeline_quarterly": 1234}},
                   {"step": "publish", "tables": {"postgres tandem.kpi_pipeline_quarterly": 1234}}]}
        """);
    Path page = CATALOGUE.write(work.resolve("catalogue.html"), runs);
    String html = Files.readString(page);
    assertThat(html)
        .contains("id=\"t-gold-kpi_pipeline_quarterly\"")
        .contains("1,234 rows, written by run 2026-11-20-1 (business date 2026-11-20")
        .contains("id=\"t-published-v1_kpi_pipeline_quarterly\"")
        .contains("<svg class=\"lineage\"")
        .contains("href=\"#g-kpi_pipeline_monthly-_quarterly\"")
        .doesNotContain("src=\"http", "href=\"http://", "<link");
    // the published view has the rows the publish step reported for its table
    String view = html.substring(html.indexOf("id=\"t-published-v1_kpi_pipeline_quarterly\""));
    assertThat(view.substring(0, view.indexOf("</section>"))).contains("1,234 rows");
    assertThat(html.split("<section class=\"table\"", -1).length - 1)
        .isEqualTo(CATALOGUE.tables().size());
  }

  private static Set<String> upstream(String id, Map<String, Catalogue.Table> tables) {
    Set<String> seen = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(Set.of(id));
    while (!pending.isEmpty()) {
      for (String input : tables.get(pending.pop()).inputs()) {
        if (seen.add(input)) {
          pending.push(input);
        }
      }
    }
    return seen;
  }
}
