package io.tandem.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.cli.PlanCommand;
import io.tandem.config.TandemSettings;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Every KPI on the hand-made company of {@code src/test/resources/kpi/} (its README tells the
 * story), as of 2026-04-10. The expected numbers are worked out by hand in the comments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiDefinitionsTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.parse("2026-04-10");
  private static final String TARGETS =
      """
      goals:
        - {goal: won_revenue, label: Won revenue, owner: both, better: higher, horizon: outcome, unit: money, target: 10000}
        - {goal: pipeline_created, label: Pipeline, owner: both, better: higher, horizon: outcome, unit: money, target: 50000}
        - {goal: marketing_sourced_pipeline_share, label: Share, owner: marketing, better: higher, horizon: outcome, unit: rate, target: 0.5}
        - {goal: mql_to_sql_conversion, label: MQL to SQL, owner: both, better: higher, horizon: leading, unit: rate, target: 0.5}
        - {goal: lead_acceptance_rate, label: Acceptance, owner: sales, better: higher, horizon: leading, unit: rate, target: 0.8}
        - {goal: sla_compliance, label: SLA, owner: sales, better: higher, horizon: leading, unit: rate, target: 0.9}
        - {goal: median_speed_to_lead_hours, label: Speed, owner: sales, better: lower, horizon: leading, unit: hours, target: 24}
        - {goal: win_rate, label: Win rate, owner: sales, better: higher, horizon: outcome, unit: rate, target: 0.5}
        - {goal: sales_cycle_days, label: Cycle, owner: sales, better: lower, horizon: outcome, unit: days, target: 40}
        - {goal: cac, label: CAC, owner: both, better: lower, horizon: outcome, unit: money, target: 300}
        - {goal: roas, label: ROAS, owner: marketing, better: higher, horizon: outcome, unit: ratio, target: 5, quarters: {"2026-Q2": 6}}
      """;

  @TempDir static Path work;
  private static Path conf;
  private static Warehouse warehouse;

  @BeforeAll
  static void buildKpis() throws IOException {
    conf = work.resolve("conf");
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("conf"), conf);
    Files.writeString(conf.resolve("targets.yml"), TARGETS);
    warehouse = new Warehouse(spark(), Location.of(work.resolve("warehouse")));
    KpiFixture.load(spark(), warehouse, "kpi");
    runKpis(AS_OF);
  }

  static void runKpis(LocalDate asOf) {
    KpiFixture.runKpis(conf, warehouse, work, asOf);
  }

  private static List<String> lines(String query) {
    return sql(query).collectAsList().stream().map(SparkTestBase::line).toList();
  }

  private static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private static Row one(String query) {
    List<Row> rows = sql(query).collectAsList();
    assertThat(rows).as(query).hasSize(1);
    return rows.get(0);
  }

  @Test
  void calendarPutsWeeksInTheQuarterOfTheirThursday() {
    // 2025-12-29 is a Monday; that week's Thursday is 2026-01-01, so the week is ISO 2026-W01 in
    // Q1.
    assertThat(
            lines(
                "SELECT week_start, week_label, week_fiscal_quarter, month_label, quarter_label,"
                    + " quarter_end FROM gold.dim_calendar WHERE date IN ('2025-12-30', '2026-04-10')"
                    + " ORDER BY date"))
        .containsExactly(
            "2025-12-29|2026-W01|2026-Q1|2025-12|2025-Q4|2025-12-31",
            "2026-04-06|2026-W15|2026-Q2|2026-04|2026-Q2|2026-06-30");
  }

  @Test
  void theRunningWeekBelongsToItsThursdaysQuarterOnAnyBusinessDateAndWeeksMayStartOnAnyDay()
      throws IOException {
    // On Tuesday 2026-03-31 the running week 2026-W14 (Monday 30 March to Sunday 5 April) already
    // belongs to Q2, the quarter of its Thursday, as it will on every later run.
    assertThat(
            KpiFixture.query(
                    conf, warehouse, work, LocalDate.parse("2026-03-31"), "gold", "dim_calendar")
                .stream()
                .filter(r -> r.getAs("date").toString().compareTo("2026-03-29") >= 0)
                .map(
                    r ->
                        r.getAs("date")
                            + "|"
                            + r.getAs("week_label")
                            + "|"
                            + r.getAs("week_fiscal_quarter")
                            + "|"
                            + r.getAs("quarter_label"))
                .sorted())
        .containsExactly(
            "2026-03-29|2026-W13|2026-Q1|2026-Q1",
            "2026-03-30|2026-W14|2026-Q2|2026-Q1",
            "2026-03-31|2026-W14|2026-Q2|2026-Q1");
    // Weeks from Sunday (conf calendar.week_start_day 7): Sunday 29 March starts the week of
    // Thursday 2 April (the 92nd day: week 14, Q2); Saturday 28 March ends the week of 26 March.
    Path sundayWeeks =
        TestPaths.confCopy(
            conf,
            work.resolve("conf-sunday-weeks"),
            "definitions.yml",
            "week_start_day: 1",
            "week_start_day: 7");
    assertThat(
            KpiFixture.query(
                    sundayWeeks,
                    warehouse,
                    work,
                    LocalDate.parse("2026-03-31"),
                    "gold",
                    "dim_calendar")
                .stream()
                .filter(r -> r.getAs("date").toString().compareTo("2026-03-28") >= 0)
                .map(
                    r ->
                        r.getAs("date")
                            + "|"
                            + r.getAs("week_start")
                            + "|"
                            + r.getAs("week_label")
                            + "|"
                            + r.getAs("week_fiscal_quarter"))
                .sorted())
        .containsExactly(
            "2026-03-28|2026-03-22|2026-W13|2026-Q1",
            "2026-03-29|2026-03-29|2026-W14|2026-Q2",
            "2026-03-30|2026-03-29|2026-W14|2026-Q2",
            "2026-03-31|2026-03-29|2026-W14|2026-Q2");
  }

  @Test
  void funnelFlowCountsEntriesPerStageAndChannel() {
    // Q1 2026: inquiries L1, L2 (Paid Search), L3 (Email), L4 (Sales Outbound); L4 skipped MQL and
    // counts as MQL at its SAL time (backfilled). Opportunities O1, O2, O3; O1 won on 2026-02-20.
    assertThat(
            lines(
                "SELECT stage, channel, entered, entered_by_backfill FROM gold.kpi_funnel_flow_quarterly"
                    + " WHERE period_label = '2026-Q1' ORDER BY stage_order, channel"))
        .containsExactly(
            "inquiry|Email|1|0",
            "inquiry|Paid Search|2|0",
            "inquiry|Sales Outbound|1|0",
            "mql|Email|1|0",
            "mql|Paid Search|2|0",
            "mql|Sales Outbound|1|1",
            "sal|Email|1|0",
            "sal|Paid Search|1|0",
            "sal|Sales Outbound|1|0",
            "sql|Email|1|0",
            "sql|Paid Search|1|0",
            "opportunity|Email|1|0",
            "opportunity|Paid Search|1|0",
            "opportunity|Partner|1|0",
            "won|Paid Search|1|0");
    // The same entries by month add up to the quarter; weekly rows name their ISO week.
    assertThat(
            one("SELECT sum(entered) FROM gold.kpi_funnel_flow_monthly"
                    + " WHERE period_start BETWEEN '2026-01-01' AND '2026-03-31'")
                .getLong(0))
        .isEqualTo(4 + 4 + 3 + 2 + 3 + 1);
    assertThat(
            lines(
                "SELECT period_label, entered FROM gold.kpi_funnel_flow_weekly"
                    + " WHERE stage = 'won' ORDER BY period_start"))
        .containsExactly("2025-W46|1", "2026-W08|1");
  }

  @Test
  void cohortsFollowInquiriesToRevenue() {
    // Q1 Paid Search cohort: L1 and L2. Both MQL, L1 accepted, qualified, converted (O1) and won:
    // 2 inquiries per sale. Q1 ended 2026-03-31; mature 180 days later, so not yet. L4 (Sales
    // Outbound) skipped MQL: it counts as an MQL, on its own line, and not in MQL→SAL (no real
    // MQL, so no rate).
    assertThat(
            lines(
                "SELECT channel, inquiries, mqls, mqls_skipped, sals, sqls, opportunities, won,"
                    + " inquiry_to_mql_rate, mql_to_sal_rate, inquiry_to_won_rate, leads_per_sale, is_mature"
                    + " FROM gold.kpi_funnel_cohort_quarterly WHERE period_label = '2026-Q1'"
                    + " ORDER BY channel"))
        .containsExactly(
            "Email|1|1|0|1|1|1|0|1.0|1.0|0.0|null|false",
            "Paid Search|2|2|0|1|1|1|1|1.0|0.5|0.5|2.0|false",
            "Sales Outbound|1|1|1|1|0|0|0|1.0|null|0.0|null|false");
  }

  @Test
  void timeInStageMeasuresMoversAndShowsWhereRecordsStall() {
    Map<String, Row> q1 =
        sql("SELECT * FROM gold.kpi_time_in_stage_quarterly WHERE period_label = '2026-Q1'")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getAs("stage"), r -> r));
    // MQL: L1 (20 h to SAL), L2 (rejected: exited), L3 (2 d 2 h), L4 (skipped: advanced, untimed).
    Row mql = q1.get("mql");
    assertThat((long) mql.getAs("entered")).isEqualTo(4);
    assertThat((long) mql.getAs("advanced")).isEqualTo(3);
    assertThat((long) mql.getAs("exited")).isEqualTo(1);
    assertThat((double) mql.getAs("exit_share")).isEqualTo(0.25);
    assertThat((double) mql.getAs("median_days_to_next"))
        .isCloseTo((20.0 / 24 + 50.0 / 24) / 2, within(1e-9));
    // SAL: L1 4 d 1 h to SQL, L3 4 d 22 h; L4 still sits in SAL.
    Row sal = q1.get("sal");
    assertThat((long) sal.getAs("still_in_stage")).isEqualTo(1);
    assertThat((double) sal.getAs("median_days_to_next"))
        .isCloseTo((97.0 / 24 + 118.0 / 24) / 2, within(1e-9));
    // Opportunities: O1 closed after 40 d 15 h (won), O2 after 32 d 14 h (lost), O3 open.
    Row opportunity = q1.get("opportunity");
    assertThat(
            List.of(
                opportunity.getAs("advanced"),
                opportunity.getAs("exited"),
                opportunity.getAs("still_in_stage")))
        .containsExactly(1L, 1L, 1L);
    assertThat((double) opportunity.getAs("p90_days_to_next"))
        .isCloseTo(782.0 / 24 + 0.9 * (975.0 / 24 - 782.0 / 24), within(1e-9));
  }

  @Test
  void handoffMeasuresSpeedToLeadSlaAndAcceptance() {
    // Q1 MQLs handed over: L1 (touched 8 h after MQL, accepted), L2 (never touched, rejected),
    // L3 (touched after 48 h, accepted). L4 skipped MQL: never handed over.
    Row q1 =
        one(
            "SELECT mqls, accepted, rejected, acceptance_rate, touched, touched_within_sla,"
                + " touched_late, untouched_past_sla, sla_compliance, median_hours_to_first_touch,"
                + " p90_hours_to_first_touch FROM gold.kpi_lead_handoff_quarterly"
                + " WHERE period_label = '2026-Q1' AND channel = '(all)' AND owner_id = '(all)'");
    assertThat(values(q1))
        .containsExactly(3L, 1L + 1L, 1L, 2.0 / 3, 2L, 1L, 1L, 1L, 1.0 / 3, 28.0, 8 + 0.9 * 40);
    // Per owner: Ann Lee owns L1 and L2 (one within the SLA of two due), Bob Kim owns L3 (late).
    assertThat(
            lines(
                "SELECT owner_name, mqls, sla_compliance FROM gold.kpi_lead_handoff_quarterly"
                    + " WHERE period_label = '2026-Q1' AND owner_id <> '(all)' ORDER BY owner_name"))
        .containsExactly("Ann Lee|2|0.5", "Bob Kim|1|0.0");
    // Each breakdown counts the quarter's three MQLs once; only the total row is is_total.
    assertThat(
            lines(
                "SELECT breakdown, sum(mqls), count_if(is_total) FROM gold.kpi_lead_handoff_quarterly"
                    + " WHERE period_label = '2026-Q1' GROUP BY breakdown ORDER BY breakdown"))
        .containsExactly("channel|3|0", "owner|3|0", "total|3|1");
    // L5 became an MQL on 2026-04-09 10:00; the 24 h SLA passed at 2026-04-10 10:00, 14 h before
    // the end of the as-of date. L3's late touch is older than the 28-day breach window.
    assertThat(
            lines(
                "SELECT person_id, crm_record_id, record_name, record_url, owner_name, breach_type,"
                    + " chase_rank, hours_over_sla FROM gold.rpt_sla_breaches"))
        .containsExactly(
            "P5|L5|Stark Industries|https://login.salesforce.com/L5|Ann Lee|untouched|1|14.0");
    assertThat(
            lines(
                "SELECT period_label, channel, outcome, reason, leads FROM gold.kpi_lead_rejections_quarterly"))
        .containsExactly("2026-Q1|Paid Search|rejected|Unqualified|1");
  }

  @Test
  void stalledRecordsListLeadsAndDealsPastTheirLimit() {
    // L4 has sat in SAL since 2026-02-16: 53 days > 21. O3 entered Proposal on 2026-03-25: 16 ≤ 45.
    assertThat(
            lines(
                "SELECT record_type, person_id, crm_record_id, record_name, record_url, stage, days_in_stage,"
                    + " limit_days FROM gold.rpt_stalled_records"))
        .containsExactly("lead|P4|L4|Hooli|https://login.salesforce.com/L4|sal|53|21");
  }

  @Test
  void pipelineSourcingWinRateCycleAndVelocity() {
    // Created in Q1: O1 10,000 and O2 5,500 (first touches Paid Search, Email: marketing-sourced),
    // O3 20,000 (no touch, CRM source Partner: sales-sourced). Closed: O1 won, O2 lost. O2 is
    // 5,000 EUR: pipeline at its creation date's rate (1.1: 5,500), the lost amount at its close
    // date's (1.2: 6,000), so win rate by amount is 10,000 ÷ 16,000.
    Row q1 =
        one(
            "SELECT opportunities_created, pipeline_created, marketing_influenced_pipeline, won, won_amount,"
                + " lost, win_rate, round(win_rate_amount, 6), average_deal_size, median_sales_cycle_days,"
                + " median_lead_to_won_days, open_qualified_at_start FROM gold.kpi_pipeline_quarterly"
                + " WHERE period_label = '2026-Q1' AND sourcing = '(all)' AND source_channel = '(all)'");
    assertThat(values(q1))
        .containsExactly(
            3L, "35500", "15500", 1L, "10000", 1L, 0.5, 0.625, "10000", 41.0, 46.0, 0L);
    assertThat(
            lines(
                "SELECT sourcing, pipeline_created FROM gold.kpi_pipeline_quarterly"
                    + " WHERE period_label = '2026-Q1' AND source_channel = '(all)' AND sourcing <> '(all)'"
                    + " ORDER BY sourcing"))
        .containsExactly("marketing|15500", "sales|20000");
    // A BI sum within one breakdown gives the quarter's 35,500; over all rows it would triple it.
    assertThat(
            lines(
                "SELECT breakdown, sum(pipeline_created), count_if(is_total) FROM gold.kpi_pipeline_quarterly"
                    + " WHERE period_label = '2026-Q1' GROUP BY breakdown ORDER BY breakdown"))
        .containsExactly("source_channel|35500|0", "sourcing|35500|0", "total|35500|1");
    // At 2026-04-01 00:00 O3 stood in Proposal (qualified) at 20,000 (its history, not today's
    // row).
    assertThat(
            lines(
                "SELECT open_qualified_at_start, open_qualified_amount_at_start FROM gold.kpi_pipeline_quarterly"
                    + " WHERE period_label = '2026-Q2' AND sourcing = '(all)'"))
        .containsExactly("1|20000");
    // Velocity of Q4 2025: nothing was open at 2025-10-01 00:00 (O7 came ten hours later), so
    // 0 open × win rate 1 × 3,000 ÷ 45 days = 0.
    assertThat(
            one("SELECT pipeline_velocity_per_day FROM gold.kpi_pipeline_quarterly"
                    + " WHERE period_label = '2025-Q4' AND sourcing = '(all)'")
                .getDouble(0))
        .isCloseTo(0.0, within(1e-9));
  }

  @Test
  void coverageDividesPipelineAtQuarterStartByTheRevenueTarget() {
    assertThat(
            lines(
                "SELECT period_label, open_qualified_pipeline, revenue_target, pipeline_coverage"
                    + " FROM gold.kpi_pipeline_coverage_quarterly WHERE period_label = '2026-Q2'"))
        .containsExactly("2026-Q2|20000|10000|2.0");
  }

  @Test
  void revenuePlanWorksBackFromTheTargetThroughTrailingRates() {
    // Trailing quarters: the four before 2026-Q2, of which the data have two (2025-Q4, 2026-Q1,
    // the calendar's first). Deals closed then: O7 won (3,000, 45 days), O1 won
    // (10,000, 41 days), O2 lost: win rate 2/3, deal size 6,500, sales cycle median 43 days.
    // Deals created then: O7, O1, O2, O3; O1 (L1) and O2 (L3) came from SQLs: funnel share 1/2.
    // People: leads L1–L4 all became MQLs (median of 0, 1 h, 2 h and 24 h: 1.5 h); of the four
    // MQLs L1 and L3 became SQLs (4 d 21 h and 7 d: median 5.9375 d; L4's MQL was skipped);
    // both SQLs converted the same hour. Q2's target 10,000, nothing won yet: 10,000 ÷ 6,500 =
    // 1.538 deals, ÷ 2/3 = 2.308 opportunities, less O3 (open, expected 2026-03-20 + 43 days =
    // 2026-05-02, in Q2): 1.308 to create, half of them from SQLs: 0.654 SQLs, ÷ 0.5 = 1.308 MQLs,
    // ÷ 1 = 1.308 leads. The leads cost 1,000 ÷ 4 = 250 each in the trailing quarters.
    double deals = 10000 / 6500.0;
    double opportunities = deals / (2.0 / 3) - 1;
    double sqls = opportunities * 0.5;
    assertThat(
            lines(
                "SELECT stage, round(needed_exact, 6), needed, in_hand, in_hand_amount,"
                    + " round(rate_used, 6), days_before_close, needed_from, needed_by,"
                    + " needed_from_quarter, is_late, cost_per_lead, marketing_budget"
                    + " FROM gold.kpi_revenue_plan_quarterly WHERE period_label = '2026-Q2'"
                    + " AND is_total ORDER BY stage_order"))
        .containsExactly(
            "lead|"
                + round6(sqls / 0.5)
                + "|2|null|null|1.0|49|2026-02-11|2026-05-12|2026-Q1|false|250|326.92",
            "mql|"
                + round6(sqls / 0.5)
                + "|2|null|null|0.5|49|2026-02-11|2026-05-12|2026-Q1|false|null|null",
            "sql|"
                + round6(sqls)
                + "|1|null|null|1.0|43|2026-02-17|2026-05-18|2026-Q1|false|null|null",
            "opportunity|"
                + round6(opportunities)
                + "|2|1|20000|"
                + round6(2.0 / 3)
                + "|43|2026-02-17|2026-05-18|2026-Q1|false|null|null",
            "won|" + round6(deals) + "|2|0|0|null|0|2026-04-01|2026-06-30|2026-Q2|false|null|null");
    // The leads in the trailing mix: Paid Search half (250 a lead), Email and Sales Outbound a
    // quarter each (no cost). Display and the webinar cost money but brought no leads.
    assertThat(
            lines(
                "SELECT channel, round(lead_share, 6), needed, cost_per_lead, marketing_budget"
                    + " FROM gold.kpi_revenue_plan_quarterly WHERE period_label = '2026-Q2'"
                    + " AND breakdown = 'channel' ORDER BY channel"))
        .containsExactly(
            "Email|0.25|1|0|0", "Paid Search|0.5|1|250|163.46", "Sales Outbound|0.25|1|0|0");
    // The next quarters have the same target and no pipeline in hand: 2.308 opportunities; the
    // calendar ends with the as-of week, so their labels continue the current quarter's.
    assertThat(
            lines(
                "SELECT period_label, needed, in_hand, trailing_from, trailing_to"
                    + " FROM gold.kpi_revenue_plan_quarterly WHERE stage = 'opportunity'"
                    + " ORDER BY period_start"))
        .containsExactly(
            "2026-Q2|2|1|2025-10-01|2026-03-31",
            "2026-Q3|3|0|2025-10-01|2026-03-31",
            "2026-Q4|3|0|2025-10-01|2026-03-31",
            "2027-Q1|3|0|2025-10-01|2026-03-31");
  }

  @Test
  void thePlanCommandWorksOutAnyRevenueWithTheSameDefinition() {
    // 13,000 in 2026-Q3: 13,000 ÷ 6,500 = 2 deals, ÷ 2/3 = 3 opportunities (none in hand: O3 is
    // expected in Q2), half from SQLs: 1.5 SQLs, ÷ 0.5 = 3 MQLs, 3 leads at 250: 750.
    TandemSettings settings =
        new TandemSettings(
            TestPaths.home().toString(), conf.toString(), null, warehouse.root().toString(), null);
    RevenuePlan plan = new RevenuePlan(spark(), settings, warehouse);
    List<Row> rows = plan.of("2026-Q3", 13000.0).collectAsList();
    assertThat(
            rows.stream()
                .filter(r -> r.<Boolean>getAs("is_total"))
                .map(
                    r -> r.getAs("stage") + "|" + r.getAs("needed") + "|" + r.getAs("needed_from")))
        .containsExactly(
            "won|2|2026-07-01",
            "opportunity|3|2026-05-19",
            "sql|2|2026-05-19",
            "mql|3|2026-05-13",
            "lead|3|2026-05-13");
    String text = PlanCommand.text(rows);
    assertThat(text)
        .contains(
            "What it takes to win 13,000 in 2026-Q3 (2026-07-01 to 2026-09-30), as of 2026-04-10")
        .contains("win rate 66.7 %, average deal 6,500, 50.0 % of deals came from SQLs")
        .contains("Marketing budget for the leads: 750 (cost per lead 250)")
        .containsPattern("Paid Search +50.0 % of the leads: +2 leads at +250 = 375");
    // An empty warehouse is refused with what to run first.
    assertThatThrownBy(
            () ->
                new RevenuePlan(
                        spark(),
                        settings,
                        new Warehouse(spark(), Location.of(work.resolve("empty-warehouse"))))
                    .of(null, 13000.0))
        .hasMessageContaining("has no KPI tables yet. Build them with bin/tandem run");
    // Quarters outside the plan's horizon are refused with the ones it covers.
    assertThatThrownBy(() -> plan.of("2027-Q2", 13000.0))
        .hasMessageContaining("Cannot plan 2027-Q2")
        .hasMessageContaining("2026-Q2, 2026-Q3, 2026-Q4, 2027-Q1");
  }

  private static double round6(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  @Test
  void efficiencyCostPerStageAndCac() {
    // Q1 Paid Search spend 300 + 200; its leads L1, L2; MQLs L1, L2; SQL L1; opportunity O1; new
    // customer A1 (first win O1). The total adds Display's 100 of ad spend and the Spring Webinar's
    // 400 (a CRM campaign, channel Events): 1,000 over 4 leads, 4 MQLs, 2 SQLs, 3 opportunities
    // and 1 new customer. The newsletter campaign has no cost.
    assertThat(
            lines(
                "SELECT channel, spend, campaign_cost, marketing_cost, leads, cost_per_lead, cost_per_mql,"
                    + " cost_per_sql, cost_per_opportunity, new_customers, total_cost, cac, breakdown,"
                    + " is_total FROM gold.kpi_efficiency_quarterly WHERE period_label = '2026-Q1'"
                    + " ORDER BY channel"))
        .containsExactly(
            "(all)|600|400|1000|4|250|250|500|333.33|1|1000|1000|total|true",
            "Display|100|0|100|0|null|null|null|null|0|100|null|channel|false",
            "Email|0|0|0|1|0|0|0|0|0|0|null|channel|false",
            "Events|0|400|400|0|null|null|null|null|0|400|null|channel|false",
            "Paid Search|500|0|500|2|250|250|500|500|1|500|500|channel|false",
            "Partner|0|0|0|0|null|null|null|0|0|0|null|channel|false",
            "Sales Outbound|0|0|0|1|0|0|null|null|0|0|null|channel|false");
  }

  @Test
  void ruleBasedAttributionOnAFourTouchPath() {
    // O1: Paid Search (21 days before), Organic Search (7), Email (5, the lead-creation touch),
    // Direct (1).
    Map<String, String> credits =
        sql(
                "SELECT model, channel, pipeline_credit FROM gold.fct_attribution_credits"
                    + " WHERE opportunity_id = 'O1' AND model NOT IN ('markov', 'shapley')")
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> r.getString(0) + " " + r.getString(1),
                    r -> String.format("%.6f", r.getDouble(2))));
    double[] decay = {
      Math.pow(2, -21 / 7.0), Math.pow(2, -1), Math.pow(2, -5 / 7.0), Math.pow(2, -1 / 7.0)
    };
    double total = decay[0] + decay[1] + decay[2] + decay[3];
    assertThat(credits)
        .containsEntry("first_touch Paid Search", "1.000000")
        .containsEntry("last_touch Email", "1.000000") // Direct does not take the last touch
        .containsEntry("linear Direct", "0.250000")
        .containsEntry("u_shaped Paid Search", "0.400000")
        .containsEntry("u_shaped Email", "0.400000")
        .containsEntry("u_shaped Organic Search", "0.100000")
        .containsEntry("u_shaped Direct", "0.100000")
        .containsEntry("w_shaped Paid Search", "0.300000")
        .containsEntry("w_shaped Email", "0.300000")
        .containsEntry("w_shaped Direct", "0.300000")
        .containsEntry("w_shaped Organic Search", "0.100000")
        .containsEntry("time_decay Paid Search", String.format("%.6f", decay[0] / total))
        .containsEntry("time_decay Direct", String.format("%.6f", decay[3] / total));
    assertThat(credits).doesNotContainKeys("first_touch Email", "last_touch Direct");
  }

  @Test
  void everyModelCreditsEachOpportunityOnceAndRevenueAddsUp() {
    // Per opportunity and model the credits sum to 1; O3 and O7 have no touches: (unattributed).
    assertThat(
            lines(
                "SELECT model, opportunity_id, round(sum(pipeline_credit), 9) FROM gold.fct_attribution_credits"
                    + " GROUP BY 1, 2 HAVING round(sum(pipeline_credit), 9) <> 1"))
        .isEmpty();
    assertThat(
            lines(
                "SELECT DISTINCT opportunity_id FROM gold.fct_attribution_credits"
                    + " WHERE channel = '(unattributed)' ORDER BY 1"))
        .containsExactly("O3", "O7");
    // Won revenue: O1 10,000 + O7 3,000, under every model.
    assertThat(
            lines(
                "SELECT DISTINCT round(sum(attributed_revenue), 6) FROM gold.fct_attribution_credits"
                    + " GROUP BY model"))
        .containsExactly("13000.0");
    assertThat(one("SELECT count(DISTINCT model) FROM gold.fct_attribution_credits").getLong(0))
        .isEqualTo(8);
  }

  @Test
  void attributionPerPeriodComparesModelsWithSpend() {
    // Q1 revenue: O1 (10,000). First touch gives it to Paid Search (spend 500: ROAS 20), last touch
    // to Email.
    assertThat(
            lines(
                "SELECT model, channel, attributed_revenue, spend, roas FROM gold.kpi_attribution_quarterly"
                    + " WHERE period_label = '2026-Q1' AND channel = 'Paid Search'"
                    + " AND model IN ('first_touch', 'last_touch') ORDER BY model"))
        .containsExactly(
            "first_touch|Paid Search|10000|500|20.0", "last_touch|Paid Search|0|500|0.0");
  }

  @Test
  void campaignValuesFindTheirCampaignByRuleAndTheMistaggedOneIsListed() {
    // O1's paid click carries Google Ads campaign C1 (platform id); its webinar response, CRM
    // campaign C1 (membership); O3's primary campaign source is CRM campaign C2. UTM values match
    // by name whatever their case and encoding ("Spring%20Webinar", "remarketing"), or by id: "C2"
    // is the id of Google Ads campaign C2 and of CRM campaign C2, and the one delivering most
    // recently (the ad campaign, until 2026-03-01) wins. "(organic)" is GA4's placeholder, no
    // campaign. L6's "spring-webinar" names no campaign: it keeps a key of its own and suggests
    // the Spring Webinar, one letter away.
    assertThat(
            lines(
                "SELECT value_key, campaign_key, match_rule, matched_campaigns, suggested_campaign_name,"
                    + " sessions, leads, deals, first_seen_date, last_seen_date"
                    + " FROM gold.dim_campaign_tags ORDER BY value_key"))
        .containsExactly(
            "- | - | brand|google_ads:C1|utm_campaign_name|1|null|1|1|0|2026-01-05|2026-01-07",
            "- | - | c2|google_ads:C2|utm_campaign_id|2|null|0|1|0|2026-01-07|2026-01-07",
            "- | - | newsletter|crm:C2|utm_campaign_name|1|null|0|1|0|2026-04-01|2026-04-01",
            "- | - | remarketing|google_ads:C2|utm_campaign_name|1|null|0|0|0|2026-02-02|2026-02-02",
            "- | - | spring webinar|crm:C1|utm_campaign_name|1|null|0|1|0|2026-02-02|2026-02-02",
            "- | - | spring-webinar|utm:spring-webinar|unmatched|0|Spring Webinar|0|1|0|2026-04-02"
                + "|2026-04-02",
            "ad_platform | C1 | brand|google_ads:C1|platform_campaign_id|1|null|0|0|0|2025-12-20"
                + "|2025-12-20",
            "crm | C1 | spring webinar|crm:C1|crm_campaign_membership|1|null|0|0|0|2026-01-05"
                + "|2026-01-05",
            "crm | C2 | -|crm:C2|crm_campaign_membership|1|null|0|0|1|2026-03-20|2026-03-20");
    assertThat(
            lines(
                "SELECT campaign_key, campaign_name, channel, start_date, end_date FROM gold.dim_campaigns"
                    + " ORDER BY campaign_key"))
        .containsExactly(
            "crm:C1|Spring Webinar|Events|2026-02-01|2026-02-01",
            "crm:C2|Newsletter|Email|null|null",
            "google_ads:C1|Brand|Paid Search|2026-01-05|2026-02-10",
            "google_ads:C2|Remarketing|Display|2026-03-01|2026-03-01");
  }

  @Test
  void campaignPerformanceFromCostToWonRevenue() {
    // Q1, W-shaped: O1 (10,000, won) gives 0.3 to its Brand click, 0.3 to its webinar response (the
    // lead-creation touch), 0.1 + 0.3 to its organic and direct sessions, which carry no campaign;
    // O2 (5,500 of pipeline, lost) all to its "remarketing" form; O3 (20,000) has no touch.
    // Brand: 500 of spend, S1, and L1 with its deal O1: 500 per lead, MQL, SQL and opportunity;
    // 3,000 of pipeline and revenue, ROAS 6, pipeline ROI (3,000 − 500) ÷ 500 = 5.
    // Remarketing: 100 of spend, L2 (its "C2"): 100 per lead; 5,500 of pipeline: 55 per unit of
    // cost. Spring Webinar: the event's 400, L3 and its deal O2: ROAS 3,000 ÷ 400 = 7.5.
    // Newsletter: no cost, O3 (its primary campaign). (none): L4 and 0.4 of O1.
    // The total is the quarter's: 1,000 of cost over 4 leads, 4 MQLs, 2 SQLs, 3 opportunities,
    // 35,500 of pipeline, 10,000 won.
    assertThat(
            lines(
                "SELECT campaign_key, campaign_system, campaign_name, channel, ad_spend, campaign_cost, cost,"
                    + " impressions, clicks, sessions, leads, mqls, sqls, opportunities,"
                    + " round(credited_opportunities, 6), attributed_pipeline, round(credited_wins, 6),"
                    + " attributed_revenue, cost_per_lead, cost_per_mql, cost_per_sql, cost_per_opportunity,"
                    + " round(roas, 6), round(pipeline_per_cost, 6), round(pipeline_roi, 6), breakdown,"
                    + " is_total FROM gold.kpi_campaign_performance_quarterly"
                    + " WHERE period_label = '2026-Q1' AND model = 'w_shaped' AND segment = '(all)'"
                    + " ORDER BY campaign_key"))
        .containsExactly(
            "(all)|total|(all)|null|600|400|1000|6800|60|1|4|4|2|3|3.0|35500|1.0|10000|250|250|500"
                + "|333.33|10.0|35.5|34.5|total|true",
            "(none)|none|(none)|null|0|0|0|0|0|0|1|1|0|0|0.4|4000|0.4|4000|0|0|null|null|null|null"
                + "|null|campaign|false",
            "(unattributed)|none|(unattributed)|null|0|0|0|0|0|0|0|0|0|0|1.0|20000|0.0|0|null|null"
                + "|null|null|null|null|null|campaign|false",
            "crm:C1|crm|Spring Webinar|Events|0|400|400|0|0|0|1|1|1|1|0.3|3000|0.3|3000|400|400|400"
                + "|400|7.5|7.5|6.5|campaign|false",
            "crm:C2|crm|Newsletter|Email|0|0|0|0|0|0|0|0|0|1|0.0|0|0.0|0|null|null|null|0|null|null"
                + "|null|campaign|false",
            "google_ads:C1|ad_platform|Brand|Paid Search|500|0|500|1800|50|1|1|1|1|1|0.3|3000|0.3|3000"
                + "|500|500|500|500|6.0|6.0|5.0|campaign|false",
            "google_ads:C2|ad_platform|Remarketing|Display|100|0|100|5000|10|0|1|1|0|0|1.0|5500|0.0|0"
                + "|100|100|null|null|0.0|55.0|54.0|campaign|false");
    // Per segment: L4 (EMEA) is the only record outside North America but O3 and its primary
    // campaign (Other); cost has no segment.
    assertThat(
            lines(
                "SELECT campaign_key, segment, leads, mqls, sqls, opportunities, attributed_pipeline,"
                    + " attributed_revenue, cost, breakdown FROM gold.kpi_campaign_performance_quarterly"
                    + " WHERE period_label = '2026-Q1' AND model = 'w_shaped' AND segment <> '(all)'"
                    + " ORDER BY campaign_key, segment"))
        .containsExactly(
            "(none)|EMEA|1|1|0|0|0|0|null|campaign_segment",
            "(none)|North America|0|0|0|0|4000|4000|null|campaign_segment",
            "(unattributed)|Other|0|0|0|0|20000|0|null|campaign_segment",
            "crm:C1|North America|1|1|1|1|3000|3000|null|campaign_segment",
            "crm:C2|Other|0|0|0|1|0|0|null|campaign_segment",
            "google_ads:C1|North America|1|1|1|1|3000|3000|null|campaign_segment",
            "google_ads:C2|North America|1|1|0|0|5500|0|null|campaign_segment");
    // Rule-based models give a campaign the weights of its touches: O1's first touch is the Brand
    // click, its last non-direct touch the webinar response; U-shaped gives 0.4 to each of them
    // and 0.1 to each campaign-less session between and after.
    assertThat(
            lines(
                "SELECT model, campaign_key, round(sum(pipeline_credit), 6)"
                    + " FROM gold.fct_campaign_attribution_credits WHERE opportunity_id = 'O1'"
                    + " AND model IN ('first_touch', 'last_touch', 'u_shaped') GROUP BY 1, 2 ORDER BY 1, 2"))
        .containsExactly(
            "first_touch|google_ads:C1|1.0",
            "last_touch|crm:C1|1.0",
            "u_shaped|(none)|0.2",
            "u_shaped|crm:C1|0.4",
            "u_shaped|google_ads:C1|0.4");
    // Linear: O1's four touches take a quarter each.
    assertThat(
            lines(
                "SELECT campaign_key, attributed_pipeline FROM gold.kpi_campaign_performance_quarterly"
                    + " WHERE period_label = '2026-Q1' AND model = 'linear' AND segment = '(all)'"
                    + " AND campaign_key IN"
                    + " ('google_ads:C1', 'crm:C1', '(none)') ORDER BY campaign_key"))
        .containsExactly("(none)|5000", "crm:C1|2500", "google_ads:C1|2500");
    // Q2 so far: L5 came through the newsletter; L6's mistagged value has a row of its own; S2
    // is organic. No deal was created or won.
    assertThat(
            lines(
                "SELECT campaign_key, campaign_system, campaign_name, sessions, leads, mqls"
                    + " FROM gold.kpi_campaign_performance_quarterly WHERE period_label = '2026-Q2'"
                    + " AND model = 'w_shaped' AND breakdown = 'campaign' ORDER BY campaign_key"))
        .containsExactly(
            "(none)|none|(none)|1|0|0",
            "crm:C2|crm|Newsletter|0|1|1",
            "utm:spring-webinar|unmatched|spring-webinar|0|1|0");
    // Under every model and in every period, the campaigns' attributed pipeline and revenue add up
    // to the channels' (kpi_attribution), and the months to the quarter.
    assertThat(
            lines(
                "SELECT c.period_label, c.model FROM gold.kpi_campaign_performance_quarterly AS c"
                    + " INNER JOIN (SELECT period_label, model, sum(attributed_pipeline) AS pipeline,"
                    + " sum(attributed_revenue) AS revenue FROM gold.kpi_attribution_quarterly"
                    + " GROUP BY 1, 2) AS a ON a.period_label = c.period_label AND a.model = c.model"
                    + " WHERE c.is_total AND (abs(c.attributed_pipeline - a.pipeline) > 0.01"
                    + " OR abs(c.attributed_revenue - a.revenue) > 0.01)"))
        .isEmpty();
    assertThat(
            one(
                "SELECT count(DISTINCT model), count(*) FROM gold.kpi_campaign_performance_quarterly"
                    + " WHERE is_total AND period_label = '2026-Q1'"))
        .satisfies(r -> assertThat(line(r)).isEqualTo("8|8"));
    assertThat(
            lines(
                "SELECT sum(cost), sum(leads), sum(attributed_pipeline)"
                    + " FROM gold.kpi_campaign_performance_monthly"
                    + " WHERE model = 'shapley' AND breakdown = 'campaign' AND period_start BETWEEN '2026-01-01'"
                    + " AND '2026-03-31'"))
        .containsExactly("1000|4|35500");
  }

  @Test
  void salesActivitiesAreReportedBesideAttributionAndNeverSourceADeal() {
    // A sales call on L1 (P1) on 2026-01-05 falls in O1's window. It is not a touchpoint (conf
    // attribution.touch_types): no model credits "Sales Touch", and O1 stays sourced by its first
    // marketing touch; the call is counted beside.
    assertThat(
            lines(
                "SELECT opportunity_id, sourcing, source_channel, sales_touches FROM gold.fct_opportunities"
                    + " WHERE opportunity_id IN ('O1', 'O2', 'O3') ORDER BY 1"))
        .containsExactly(
            "O1|marketing|Paid Search|1", "O2|marketing|Email|0", "O3|sales|Partner|0");
    assertThat(
            lines(
                "SELECT DISTINCT model FROM gold.fct_attribution_credits WHERE channel = 'Sales Touch'"))
        .isEmpty();
    assertThat(
            lines(
                "SELECT journey_path, touches, sales_touches FROM gold.rpt_quarter_wins"
                    + " WHERE opportunity_id = 'O1'"))
        .containsExactly("Paid Search → Organic Search → Email → Direct|4|1");
  }

  @Test
  void touchpointsAreMarketingInteractionsOnePerPaidClickAndConfSaysWhich() throws IOException {
    // S1 landed with a gclid: an ad click and a web session, one touch (the click). S2 is an
    // organic session. T1 is a sales call: not a touchpoint by default, one once conf adds it.
    assertThat(touchpoints(conf))
        .containsExactlyInAnyOrder(
            "activity:T1|sales_touch|false",
            "click:S1|ad_click|true",
            "session:S1|web_session|false",
            "session:S2|web_session|true");
    Path withSales =
        TestPaths.confCopy(
            conf,
            work.resolve("conf-with-sales-touches"),
            "definitions.yml",
            "touch_types: [ad_click, web_session, form_submit, campaign_response]",
            "touch_types: [ad_click, web_session, form_submit, campaign_response, sales_touch]");
    assertThat(touchpoints(withSales)).contains("activity:T1|sales_touch|true");
  }

  private static List<String> touchpoints(Path rules) throws IOException {
    return KpiFixture.query(rules, warehouse, work, AS_OF, "journey", "fct_journey_events").stream()
        .filter(
            r ->
                List.of("click:S1", "session:S1", "session:S2", "activity:T1")
                    .contains(r.<String>getAs("source_record_id")))
        .map(
            r ->
                r.getAs("source_record_id")
                    + "|"
                    + r.getAs("event_type")
                    + "|"
                    + r.getAs("is_attribution_touch"))
        .toList();
  }

  @Test
  void dataDrivenModelsLearnFromKnownPeopleOnly() {
    // Converting journeys: O1 and O2 (O3 and O7 have no touchpoints). Not converting: the known
    // people P2 and P6 with touches and no deal. The anonymous visitor P9 (a cookie, no CRM record)
    // stays out by default (conf attribution.learn_from_anonymous_journeys).
    assertThat(
            lines(
                "SELECT DISTINCT model, journeys, conversions FROM gold.attribution_channel_values"
                    + " WHERE conversion = 'pipeline' ORDER BY model"))
        .containsExactly("markov|4|2", "shapley|4|2");
  }

  @Test
  void pipelineConvertsAtTheCreationRateAndRevenueAtTheCloseRate() throws IOException {
    // EUR is 1.1 until 2026-03-01 and 1.2 from then. F1 (1,000 EUR) was created on 2026-02-10 and
    // won on 2026-03-10: 1,100 of pipeline, 1,200 of revenue. F2 was created on 2026-03-05 and is
    // open: 1,200 both. F3 is in the reporting currency.
    assertThat(
            KpiFixture.query(conf, warehouse, work, AS_OF, "silver", "crm_opportunities").stream()
                .map(
                    r ->
                        r.getAs("opportunity_id")
                            + "|"
                            + plain(r.getAs("amount_reporting"))
                            + "|"
                            + plain(r.getAs("pipeline_amount_reporting")))
                .sorted())
        .containsExactly("F1|1200|1100", "F2|1200|1200", "F3|1000|1000");
  }

  @Test
  void retentionCountsCustomersAndRenewals() {
    // Q1: A9 a customer at the start (won 2025-11-15), lost its renewal on 2026-03-01; A1 new on
    // 2026-02-20. Retention (1 − 1) ÷ 1 = 0. Renewals due 3,000, renewed 0, A9's expansion 1,000.
    assertThat(
            lines(
                "SELECT customers_at_start, customers_at_end, new_customers, churned_customers,"
                    + " customer_retention_rate, renewals_due_amount, gross_revenue_retention,"
                    + " round(net_revenue_retention, 6) FROM gold.kpi_customer_retention_quarterly"
                    + " WHERE period_label = '2026-Q1'"))
        .containsExactly("1|1|1|1|0.0|3000|0.0|0.333333");
  }

  @Test
  void quarterWinsCarryTheirJourney() {
    assertThat(
            lines(
                "SELECT quarter_label, rank, opportunity_name, record_url, account_name, owner_name,"
                    + " amount_reporting, journey_path FROM gold.rpt_quarter_wins ORDER BY quarter_start"))
        .containsExactly(
            "2025-Q4|1|Umbrella first order|https://login.salesforce.com/O7|Umbrella|Cy Ray|3000"
                + "|(no recorded touches)",
            "2026-Q1|1|Acme platform|https://login.salesforce.com/O1|Acme|Cy Ray|10000"
                + "|Paid Search → Organic Search → Email → Direct");
  }

  @Test
  @Order(1)
  void scorecardComparesEveryGoalWithItsTarget() {
    // Q1 actuals from the tests above; ROAS of the W-shaped model: Paid Search's 0.3 of O1's 10,000
    // over all paid spend (600) = 5. MQL→SQL counts the quarter's real MQLs: L1, L2, L3 (L4 skipped
    // the stage), of whom L1 and L3 reached SQL.
    assertThat(
            lines(
                "SELECT goal, round(actual, 6), round(attainment, 6), status, signed_on"
                    + " FROM gold.kpi_alignment_scorecard_quarterly WHERE quarter_label = '2026-Q1'"
                    + " ORDER BY display_order"))
        .containsExactly(
            "won_revenue|10000.0|1.0|green|2026-04-10",
            "pipeline_created|35500.0|0.71|red|2026-04-10",
            "marketing_sourced_pipeline_share|0.43662|0.873239|red|2026-04-10",
            "mql_to_sql_conversion|0.666667|1.333333|green|2026-04-10",
            "lead_acceptance_rate|0.666667|0.833333|red|2026-04-10",
            "sla_compliance|0.333333|0.37037|red|2026-04-10",
            "median_speed_to_lead_hours|28.0|0.857143|red|2026-04-10",
            "win_rate|0.5|1.0|green|2026-04-10",
            "sales_cycle_days|41.0|0.97561|amber|2026-04-10",
            "cac|1000.0|0.3|red|2026-04-10",
            "roas|5.0|1.0|green|2026-04-10");
    // The running quarter is not signed and takes its own target.
    assertThat(
            lines(
                "SELECT target, signed_on, is_closed FROM gold.kpi_alignment_scorecard_quarterly"
                    + " WHERE quarter_label = '2026-Q2' AND goal = 'roas'"))
        .containsExactly("6.0|null|false");
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void aRunKeepsTheTablesItWouldBuildFromTheSameInputs() {
    // Every run records what it built each table from; the nightly job's runs keep what is built.
    List<String> stalled = lines("SELECT * FROM gold.rpt_stalled_records ORDER BY ALL");
    long funnelVersion = warehouse.version("gold", "kpi_funnel_flow_monthly");

    // The same date again: every model is kept but the scorecard, which signing rewrites.
    List<String> models =
        SqlModel.inFolder(TestPaths.home().resolve("sql"), "gold").stream()
            .map(SqlModel::qualifiedName)
            .filter(name -> !name.equals("gold.kpi_alignment_scorecard_quarterly"))
            .toList();
    assertThat(unchanged(KpiFixture.runKpis(conf, warehouse, work, AS_OF, false)))
        .containsExactlyInAnyOrderElementsOf(models);
    assertThat(warehouse.version("gold", "kpi_funnel_flow_monthly")).isEqualTo(funnelVersion);

    // A new version of one input (the same rows): the models that read it, and theirs, are built.
    warehouse.overwrite(
        "silver",
        "crm_opportunity_stage_history",
        warehouse.read("silver", "crm_opportunity_stage_history").localCheckpoint());
    assertThat(unchanged(KpiFixture.runKpis(conf, warehouse, work, AS_OF, false)))
        .contains("gold.kpi_funnel_flow_monthly", "gold.fct_opportunities")
        .doesNotContain("gold.fct_pipeline_snapshots", "gold.rpt_stalled_records");
    assertThat(lines("SELECT * FROM gold.rpt_stalled_records ORDER BY ALL")).isEqualTo(stalled);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> unchanged(StepOutcome outcome) {
    return (Set<String>) outcome.details().getOrDefault("unchanged_models", Set.of());
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aSignedQuarterKeepsItsNumbersAndANewDefinitionAddsAVersion() throws IOException {
    List<String> signedQ1 =
        lines(
            "SELECT goal, actual, target, definitions_version FROM gold.kpi_alignment_scorecard_quarterly"
                + " WHERE quarter_label = '2026-Q1' ORDER BY goal");
    // Late data about Q1 arrives (O1 turns out larger), finance adds an exchange rate dated after
    // Q1, leadership sets the open quarter's targets, and the run is repeated a day later: the
    // signed quarter does not move, and it is still the current version (nothing it depends on
    // changed).
    sql("UPDATE silver.crm_opportunities SET amount_reporting = 12000 WHERE opportunity_id = 'O1'");
    sql(
        "UPDATE silver.ref_fx_rates SET valid_to = DATE'2026-05-01' WHERE valid_from = DATE'2026-03-01'");
    sql("INSERT INTO silver.ref_fx_rates VALUES ('EUR', DATE'2026-05-01', DATE'9999-12-31', 1.3)");
    String nextTargets =
        TARGETS.replace(
            "quarters: {\"2026-Q2\": 6}", "quarters: {\"2026-Q2\": 6.5, \"2026-Q3\": 7}");
    Files.writeString(conf.resolve("targets.yml"), nextTargets);
    runKpis(AS_OF.plusDays(1));
    assertThat(
            lines(
                "SELECT goal, actual, target, definitions_version FROM gold.kpi_alignment_scorecard_quarterly"
                    + " WHERE quarter_label = '2026-Q1' ORDER BY goal"))
        .isEqualTo(signedQ1);
    assertThat(
            lines(
                "SELECT DISTINCT quarter_label, is_current_version FROM gold.kpi_alignment_scorecard_quarterly"
                    + " ORDER BY 1"))
        .containsExactly("2025-Q4|true", "2026-Q1|true", "2026-Q2|true");

    // Leadership changes a target, and the position weights of the U- and W-shaped models: a new
    // version is signed beside the old one, which stays.
    Files.writeString(
        conf.resolve("targets.yml"), nextTargets.replace("target: 10000}", "target: 8000}"));
    Path definitions = conf.resolve("definitions.yml");
    String rules = Files.readString(definitions);
    TestPaths.edit(
        definitions,
        "u_shaped: {first_touch: 0.4, lead_creation: 0.4, middle: 0.2}",
        "u_shaped: {first_touch: 0.5, lead_creation: 0.3, middle: 0.2}");
    TestPaths.edit(
        definitions,
        "w_shaped: {first_touch: 0.3, lead_creation: 0.3, opportunity_creation: 0.3, middle: 0.1}",
        "w_shaped: {first_touch: 0.4, lead_creation: 0.2, opportunity_creation: 0.2, middle: 0.2}");
    runKpis(AS_OF.plusDays(1));
    // O1's path: Paid Search (first), Organic Search, Email (lead creation), Direct (last).
    assertThat(
            lines(
                "SELECT model, channel, round(pipeline_credit, 6) FROM gold.fct_attribution_credits"
                    + " WHERE opportunity_id = 'O1' AND model IN ('u_shaped', 'w_shaped') ORDER BY 1, 2"))
        .containsExactly(
            "u_shaped|Direct|0.1",
            "u_shaped|Email|0.3",
            "u_shaped|Organic Search|0.1",
            "u_shaped|Paid Search|0.5",
            "w_shaped|Direct|0.2",
            "w_shaped|Email|0.2",
            "w_shaped|Organic Search|0.2",
            "w_shaped|Paid Search|0.4");
    Files.writeString(definitions, rules);
    List<String> versions =
        lines(
            "SELECT target, actual, is_current_version FROM gold.kpi_alignment_scorecard_quarterly"
                + " WHERE quarter_label = '2026-Q1' AND goal = 'won_revenue' ORDER BY is_current_version");
    assertThat(versions).containsExactly("10000.0|10000.0|false", "8000.0|12000.0|true");
    Files.writeString(conf.resolve("targets.yml"), TARGETS);
  }
}
