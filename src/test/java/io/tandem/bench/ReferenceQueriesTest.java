package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.TestPaths;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference engine's queries on hand-made inputs: four opportunities (one renewal outside the
 * funnel), two stitched CRM records of one person, touches with a Direct last touch and a sales
 * activity that is not a touchpoint, and ad spend in fractions of a cent.
 */
class ReferenceQueriesTest {
  private static final Path QUERIES = TestPaths.home().resolve("bench/reference");
  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  private static Connection db;
  private static Statement sql;

  @BeforeAll
  static void inputs() throws Exception {
    db = DriverManager.getConnection("jdbc:duckdb:");
    sql = db.createStatement();
    sql.execute("SET TimeZone = 'UTC'");
    sql.execute(
        """
        CREATE TABLE silver_crm_opportunities AS SELECT * FROM (VALUES
          ('O1', TIMESTAMPTZ '2025-03-10 09:00:00+00', 1000.00::DECIMAL(18,2), 1000.00::DECIMAL(18,2), true, true, DATE '2025-05-02'),
          ('O2', TIMESTAMPTZ '2025-03-20 09:00:00+00', 3000.00::DECIMAL(18,2), 2900.00::DECIMAL(18,2), true, false, DATE '2025-04-15'),
          ('O3', TIMESTAMPTZ '2025-03-31 23:30:00+00', 500.00::DECIMAL(18,2), 500.00::DECIMAL(18,2), false, false, NULL),
          ('O4', TIMESTAMPTZ '2025-04-05 09:00:00+00', 9999.00::DECIMAL(18,2), 9999.00::DECIMAL(18,2), true, true, DATE '2025-04-06'),
          ('O5', TIMESTAMPTZ '2025-05-01 09:00:00+00', 700.00::DECIMAL(18,2), 700.00::DECIMAL(18,2), true, true, DATE '2025-07-15')
        ) AS t(opportunity_id, created_at, amount_reporting, pipeline_amount_reporting, is_closed, is_won, close_date)""");
    sql.execute(
        """
        CREATE TABLE silver_crm_lifecycle_history AS SELECT * FROM (VALUES
          ('person', 'L1', 'L1', 'inquiry', TIMESTAMPTZ '2025-02-01 10:00:00+00'),
          ('person', 'L1', 'L1', 'mql', TIMESTAMPTZ '2025-02-03 10:00:00+00'),
          ('person', 'C1', 'C1', 'inquiry', TIMESTAMPTZ '2025-01-20 10:00:00+00'),
          ('person', 'L2', 'L2', 'inquiry', TIMESTAMPTZ '2025-03-05 10:00:00+00'),
          ('opportunity', 'O1', 'C1', 'opportunity', TIMESTAMPTZ '2025-03-10 09:00:00+00'),
          ('opportunity', 'O1', 'C1', 'won', TIMESTAMPTZ '2025-05-02 00:00:00+00'),
          ('opportunity', 'O2', NULL, 'opportunity', TIMESTAMPTZ '2025-03-20 09:00:00+00'),
          ('opportunity', 'O3', NULL, 'opportunity', TIMESTAMPTZ '2025-03-31 23:30:00+00'),
          ('opportunity', 'O5', NULL, 'opportunity', TIMESTAMPTZ '2025-05-01 09:00:00+00')
        ) AS t(record_type, record_id, person_id, stage, entered_at)""");
    sql.execute(
        """
        CREATE TABLE journey_int_identity_graph AS SELECT * FROM (VALUES
          ('crm:L1', 'P1'), ('crm:C1', 'P1')) AS t(identifier, person_id)""");
    sql.execute(
        """
        CREATE TABLE journey_fct_opportunity_touchpoints AS SELECT * FROM (VALUES
          ('O1', 'Paid Search', false, 1, 2, true), ('O1', 'Direct', true, 2, 2, true),
          ('O1', 'Sales Touch', false, NULL, 2, false),
          ('O2', 'Email', false, 1, 3, true), ('O2', 'Paid Social', false, 2, 3, true),
          ('O2', 'Direct', true, 3, 3, true),
          ('O5', 'Direct', true, 1, 1, true),
          ('O4', 'Email', false, 1, 1, true)
        ) AS t(opportunity_id, channel, is_direct, position, touch_count, is_attribution_touch)""");
    sql.execute(
        """
        CREATE TABLE silver_ads_daily_performance AS SELECT * FROM (VALUES
          (DATE '2025-03-01', 'google_ads', 'Paid Search', 'c1', 'Brand', 10.004::DECIMAL(18,6)),
          (DATE '2025-03-01', 'google_ads', 'Paid Search', 'c1', 'Brand', 0.003::DECIMAL(18,6)),
          (DATE '2025-03-02', 'google_ads', 'Paid Search', 'c1', 'Brand', 5.5::DECIMAL(18,6)),
          (DATE '2025-04-02', 'meta_ads', 'Paid Social', 'm1', 'Ebook', 2.25::DECIMAL(18,6))
        ) AS t(date, platform, channel, campaign_id, campaign_name, spend_reporting)""");
    sql.execute(ReferenceCheck.sqlText(QUERIES, "duckdb", "_inputs", AS_OF));
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  private static Map<String, Map<String, Double>> run(String kpi) throws Exception {
    return ReferenceCheck.duckdbNumbers(sql, ReferenceCheck.sqlText(QUERIES, "duckdb", kpi, AS_OF));
  }

  @Test
  void funnelCountsAStitchedPersonOnceAtTheirFirstRecordAndOnlyNewBusinessDeals() throws Exception {
    assertThat(run("funnel_flow_monthly"))
        .containsOnly(
            Map.entry("2025-01-01|inquiry", Map.of("entered", 1.0)),
            Map.entry("2025-02-01|mql", Map.of("entered", 1.0)),
            Map.entry("2025-03-01|inquiry", Map.of("entered", 1.0)),
            Map.entry("2025-03-01|opportunity", Map.of("entered", 3.0)),
            Map.entry("2025-05-01|opportunity", Map.of("entered", 1.0)),
            Map.entry("2025-05-01|won", Map.of("entered", 1.0)));
  }

  @Test
  void pipelineAndWinRateByMonthAsOfTheBusinessDate() throws Exception {
    // Pipeline at the creation date's exchange rate: O2 counts 2,900.
    assertThat(run("pipeline_created_monthly"))
        .containsOnly(
            Map.entry(
                "2025-03-01", Map.of("opportunities_created", 3.0, "pipeline_created", 4400.0)),
            Map.entry(
                "2025-05-01", Map.of("opportunities_created", 1.0, "pipeline_created", 700.0)));
    // O5 closes after the business date: still open. O4 is a renewal without funnel rows.
    assertThat(run("win_rate_monthly"))
        .containsOnly(
            Map.entry("2025-04-01", Map.of("won", 0.0, "lost", 1.0, "win_rate", 0.0)),
            Map.entry("2025-05-01", Map.of("won", 1.0, "lost", 0.0, "win_rate", 1.0)));
  }

  @Test
  void spendIsKeptInCentsPerDayAndCampaign() throws Exception {
    // 10.004 + 0.003 = 10.007 on March 1 is 10.01; with 5.50 on March 2: 15.51.
    assertThat(run("spend_by_channel_monthly"))
        .containsOnly(
            Map.entry("2025-03-01|Paid Search", Map.of("spend", 15.51)),
            Map.entry("2025-04-01|Paid Social", Map.of("spend", 2.25)));
  }

  @Test
  void firstLastNonDirectAndLinearCredits() throws Exception {
    Map<String, Map<String, Double>> credits = run("attribution_rule_based");
    assertThat(credits.get("first_touch|Paid Search"))
        .containsOnly(
            Map.entry("opportunities_credited", 1.0),
            Map.entry("attributed_pipeline", 1000.0),
            Map.entry("attributed_revenue", 1000.0));
    // O2 is 2,900 as pipeline (its creation date's rate) and 3,000 as a lost amount.
    assertThat(credits.get("last_touch|Paid Social"))
        .containsEntry("attributed_pipeline", 2900.0)
        .containsEntry("attributed_revenue", 0.0);
    // O5's only touch is Direct: last non-direct falls back to the last touch.
    assertThat(credits.get("last_touch|Direct")).containsEntry("attributed_pipeline", 700.0);
    assertThat(credits.get("first_touch|Direct")).containsEntry("attributed_pipeline", 700.0);
    assertThat(credits).doesNotContainKey("last_touch|Email");
    // Linear: O1 halves (its sales touch is not a touchpoint), O2 thirds, O5 whole. Direct:
    // 1000/2 + 2900/3 + 700.
    assertThat(credits.get("linear|Direct").get("opportunities_credited"))
        .isCloseTo(0.5 + 1.0 / 3 + 1, within(1e-12));
    assertThat(credits.get("linear|Direct").get("attributed_pipeline"))
        .isCloseTo(1000.0 / 2 + 2900.0 / 3 + 700, within(1e-9));
    assertThat(credits.get("linear|Direct").get("attributed_revenue"))
        .isCloseTo(500.0, within(1e-9));
    assertThat(credits.get("linear|(unattributed)"))
        .containsEntry("opportunities_credited", 1.0)
        .containsEntry("attributed_pipeline", 500.0);
  }

  @Test
  void comparisonNamesMissingKeysAndDifferingValues() {
    var duckdb = Map.of("a", Map.of("n", 1.0), "b", Map.of("n", 2.0), "c", Map.of("n", 1e6));
    var tandem = Map.of("a", Map.of("n", 1.0), "b", Map.of("n", 2.5), "c", Map.of("n", 1e6 + 1e-4));
    var comparison =
        ReferenceCheck.compare(
            "k", new java.util.TreeMap<>(duckdb), new java.util.TreeMap<>(tandem));
    assertThat(comparison.differing()).isEqualTo(1);
    assertThat(comparison.firstDifferences()).containsExactly("b n: DuckDB 2.0, Tandem 2.5");
    var missing = ReferenceCheck.compare("k", Map.of("a", Map.of("n", 1.0)), Map.of());
    assertThat(missing.firstDifferences()).containsExactly("a: only DuckDB has it");
    assertThat(ReferenceCheck.agree(null, null)).isTrue();
    assertThat(ReferenceCheck.agree(0.0, null)).isFalse();
  }
}
