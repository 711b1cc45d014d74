package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.TestPaths;
import io.tandem.catalogue.CatalogueIT;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.demo.HeaderStyle;
import io.tandem.publish.HeadlessChromium;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo generator plants effects the KPIs must find: one SDR (Noah Patel) follows up MQLs eight
 * times slower than the others, and Referral really lifts conversion (its leads score higher and,
 * accepted, qualify twice as often as the leads of other channels), so data-driven attribution
 * credits it most per touch; the LinkedIn thought-leadership ads carry a typo in their UTM
 * campaign, which the campaign tagging list must name. Half a year of the demo company, end to end;
 * the notebooks' SQL cells run against it too.
 */
class PlantedEffectsIT extends JobTestBase {
  private static final LocalDate FROM = LocalDate.of(2025, 1, 1);
  private static final LocalDate TO = LocalDate.of(2025, 6, 30);

  @TempDir static Path work;
  private static Path warehouse;

  @BeforeAll
  static void buildHalfAYear() throws IOException {
    Path landing = work.resolve("landing");
    warehouse = work.resolve("warehouse");
    DemoCompanyGenerator.generate(
        new DemoSpec(5, 0.1, FROM, TO, DemoSpec.Crm.SALESFORCE, HeaderStyle.API), landing);
    Result result =
        tandem(
            work.resolve("var"),
            "backfill",
            "--from",
            FROM.toString(),
            "--to",
            TO.toString(),
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    table(warehouse, "gold", "kpi_lead_handoff_quarterly").createOrReplaceTempView("handoff");
    table(warehouse, "gold", "kpi_funnel_cohort_quarterly").createOrReplaceTempView("cohorts");
  }

  @Test
  void theSlowRepHasTheWorstSlaComplianceAndSpeedToLead() {
    Map<String, Double> compliance =
        sql(
                "SELECT owner_name, sum(touched_within_sla)"
                    + " / sum(touched_within_sla + touched_late + untouched_past_sla)"
                    + " FROM handoff WHERE owner_id <> '(all)' AND owner_team = 'sales'"
                    + " GROUP BY owner_name")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));

    // the five SDRs
    assertThat(compliance).hasSize(5);
    assertThat(compliance.get("Noah Patel")).isLessThan(0.5);
    compliance.entrySet().stream()
        .filter(e -> !e.getKey().equals("Noah Patel"))
        .forEach(e -> assertThat(e.getValue()).as(e.getKey()).isGreaterThan(0.7));

    List<Row> slowest =
        sql("SELECT owner_name FROM handoff WHERE owner_id <> '(all)' AND owner_team = 'sales'"
                + " ORDER BY median_hours_to_first_touch DESC LIMIT 2")
            .collectAsList();
    assertThat(slowest).allMatch(r -> r.getString(0).equals("Noah Patel"));
  }

  @Test
  void referralLeadsQualifyTwiceAsOften() {
    Map<String, Double> salToSql =
        sql(
                "SELECT channel = 'Referral' AS referral, sum(sqls) / sum(sals) FROM cohorts"
                    + " WHERE channel_class = 'marketing' GROUP BY 1")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> String.valueOf(r.getBoolean(0)), r -> r.getDouble(1)));

    assertThat(salToSql.get("true") / salToSql.get("false")).isBetween(1.6, 2.6);
  }

  @Test
  void markovAndShapleyBothCreditTheChannelThatLiftsConversionMostPerTouch() {
    table(warehouse, "gold", "attribution_channel_values").createOrReplaceTempView("dd_values");
    table(warehouse, "journey", "fct_journey_events").createOrReplaceTempView("dd_events");
    table(warehouse, "journey", "int_identity_graph").createOrReplaceTempView("dd_people");
    // Touchpoints of each channel in the journeys the models learn from: known people's.
    sql("SELECT e.channel, count(*) AS touches FROM dd_events AS e"
            + " INNER JOIN (SELECT DISTINCT person_id FROM dd_people WHERE is_known) AS k"
            + " ON k.person_id = e.person_id WHERE e.is_attribution_touch GROUP BY e.channel")
        .createOrReplaceTempView("dd_touches");
    for (String model : List.of("markov", "shapley")) {
      List<String> perTouch =
          lines(
              sql(
                  "SELECT v.channel, round(v.value / t.touches, 4) FROM dd_values AS v"
                      + " INNER JOIN dd_touches AS t ON t.channel = v.channel"
                      + " WHERE v.conversion = 'pipeline' AND v.model = '"
                      + model
                      + "' ORDER BY v.value / t.touches DESC"));
      assertThat(perTouch).as(model).hasSizeGreaterThan(4);
      assertThat(perTouch.get(0))
          .as(model + " credit per touch: " + perTouch)
          .startsWith("Referral|");
    }
    // Learning from known people, every channel on the deals' paths gets Markov credit.
    assertThat(
            lines(
                sql(
                    "SELECT channel FROM dd_values"
                        + " WHERE model = 'markov' AND conversion = 'pipeline' AND value <= 0")))
        .isEmpty();
  }

  @Test
  void theDemoPagesCreditMarketingChannelsAndLinkQuartersAndCrmRecords() throws Exception {
    Path reports = work.resolve("var/reports");
    try (HeadlessChromium chromium =
        HeadlessChromium.startOrSkip(work.resolve("chromium-profile"))) {
      chromium.open(reports.resolve("scorecard-2025-Q2.html"));
      List<String> header = texts(chromium, "#attribution thead th", "textContent");
      assertThat(header).contains("Linear", "Markov chain", "Shapley value");
      // Every channel that won revenue on a path has Markov credit; sales activities are apart.
      int credited = 0;
      for (JsonNode row :
          chromium.evaluate(
              "[...document.querySelectorAll('#attribution tbody tr')]"
                  + ".map(r => [...r.cells].map(c => c.textContent.trim()))")) {
        String channel = row.get(0).asText();
        if (!channel.equals("(unattributed)")
            && !row.get(header.indexOf("Linear")).asText().startsWith("0.0 %")) {
          credited++;
          assertThat(row.get(header.indexOf("Markov chain")).asText())
              .as(channel)
              .doesNotStartWith("0.0 %");
        }
      }
      assertThat(credited).isGreaterThan(3);
      assertThat(texts(chromium, "#sales-activities", "textContent").get(0))
          .contains("reported beside the models");
      // The campaign section lists the best and the worst campaigns by pipeline per cost, and
      // the mistagged thought-leadership ads.
      assertThat(texts(chromium, "#campaigns tr.top", "textContent")).hasSize(3);
      assertThat(texts(chromium, "#campaigns tr.bottom", "textContent")).hasSize(3);
      assertThat(texts(chromium, "#mistagged tbody td:first-child", "textContent"))
          .anyMatch(value -> value.startsWith("LI - Thougth Leadership"));
      assertThat(texts(chromium, "nav.quarters a", "textContent"))
          .containsExactly("← 2025-Q1", "All quarters");
      assertThat(chromium.consoleErrors).isEmpty();
      assertThat(chromium.externalRequests).isEmpty();

      // 2025-06-30 is a Monday: the digest is of the week before, 2025-W26.
      chromium.open(reports.resolve("digest-2025-W26.html"));
      assertThat(texts(chromium, "#untouched a, #late a, #stalled a, #wins a", "href"))
          .isNotEmpty()
          .allMatch(href -> href.startsWith("https://login.salesforce.com/"));
    }
  }

  @Test
  void theRunWritesTheDataCatalogueAndThePlanCommandWorksOnTheDemo() throws Exception {
    // the run wrote the catalogue beside the pages, with the rows it wrote
    String written = Files.readString(work.resolve("var/reports/catalogue.html"));
    String scorecard =
        written.substring(written.indexOf("id=\"t-gold-kpi_alignment_scorecard_quarterly\""));
    assertThat(scorecard.substring(0, scorecard.indexOf("</section>")))
        .contains(
            String.format(
                Locale.ROOT,
                "%,d rows, written by run",
                table(warehouse, "gold", "kpi_alignment_scorecard_quarterly").count()));
    // bin/tandem docs writes it on demand; its lineage leads from the scorecard to the extracts
    Path page = work.resolve("docs/catalogue.html");
    assertThat(tandem(work.resolve("var"), "docs", "--out", page.toString()).exitCode()).isZero();
    assertThat(CatalogueIT.followLineageToLanding(page, work.resolve("chromium-catalogue")))
        .last()
        .asString()
        .startsWith("landing.");
    // what it takes to win 2.5 million in the quarter after the as-of date
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              tandem(
                      work.resolve("var"),
                      "plan",
                      "--quarter",
                      "2025-Q3",
                      "--revenue",
                      "2500000",
                      "--warehouse",
                      warehouse.toString())
                  .exitCode())
          .isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("What it takes to win 2,500,000 in 2025-Q3 (2025-07-01 to 2025-09-30)")
        .containsPattern("opportunity +[0-9]+ +[0-9]+ +[0-9.]+ %")
        .contains("Marketing budget for the leads:");
  }

  /** A property (textContent, href) of every element a selector finds on the open page. */
  private static List<String> texts(HeadlessChromium chromium, String selector, String property)
      throws Exception {
    List<String> out = new java.util.ArrayList<>();
    chromium
        .evaluate(
            "[...document.querySelectorAll('"
                + selector
                + "')].map(e => String(e."
                + property
                + ").trim())")
        .forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void everyNotebookSqlCellReturnsRowsOnTheDemoCompany() throws IOException {
    Warehouse.registered(spark(), Location.of(warehouse));
    List<String> cells = NotebookCells.sqlCells(TestPaths.home().resolve("notebooks"));

    assertThat(cells).hasSizeGreaterThan(10);
    for (String cell : cells) {
      List<Row> rows = sql(cell).collectAsList();
      // every KPI cell shows something; the quarantine of the clean demo extracts is empty
      if (cell.contains("gold.")) {
        assertThat(rows).as(cell).isNotEmpty();
      }
    }
  }

  @Test
  void everyQuarterHasCampaignPerformanceThatAddsUpToTheChannels() {
    table(warehouse, "gold", "kpi_campaign_performance_quarterly").createOrReplaceTempView("cp");
    table(warehouse, "gold", "kpi_attribution_quarterly").createOrReplaceTempView("ka");
    table(warehouse, "gold", "dim_campaign_tags").createOrReplaceTempView("tags");
    // Every ad platform's campaigns report cost and bring leads in both quarters.
    assertThat(
            lines(
                sql(
                    "SELECT period_label, platform FROM cp WHERE model = 'w_shaped'"
                        + " AND campaign_system = 'ad_platform' AND breakdown = 'campaign' GROUP BY 1, 2"
                        + " HAVING sum(cost) > 0 AND sum(leads) > 0 ORDER BY 1, 2")))
        .containsExactly(
            "2025-Q1|google_ads",
            "2025-Q1|linkedin_ads",
            "2025-Q1|meta_ads",
            "2025-Q2|google_ads",
            "2025-Q2|linkedin_ads",
            "2025-Q2|meta_ads");
    // Per model and quarter, the campaigns' attributed revenue and pipeline are the channels' (to
    // the cent of each of the channel rows, which are rounded one by one).
    assertThat(
            lines(
                sql(
                    "SELECT c.period_label, c.model, c.attributed_revenue, a.revenue FROM cp AS c"
                        + " INNER JOIN (SELECT period_label, model, sum(attributed_revenue) AS revenue,"
                        + " sum(attributed_pipeline) AS pipeline FROM ka GROUP BY 1, 2) AS a"
                        + " ON a.period_label = c.period_label AND a.model = c.model"
                        + " WHERE c.is_total AND (abs(c.attributed_revenue - a.revenue) > 0.05"
                        + " OR abs(c.attributed_pipeline - a.pipeline) > 0.05)")))
        .isEmpty();
    assertThat(lines(sql("SELECT count(*) FROM cp WHERE is_total")))
        .containsExactly(String.valueOf(2 * 8));
    // The thought-leadership ads carry a typo in their UTM campaign: listed, with the fix.
    assertThat(
            lines(
                sql(
                    "SELECT DISTINCT suggested_campaign_name FROM tags WHERE NOT is_matched"
                        + " AND tag LIKE 'li - thougth leadership%' ORDER BY 1")))
        .first()
        .asString()
        .startsWith("LI - Thought Leadership");
  }

  @Test
  void theScorecardHasEveryGoalForEveryQuarter() {
    assertThat(
            lines(
                table(warehouse, "gold", "kpi_alignment_scorecard_quarterly")
                    .groupBy("quarter_label")
                    .count()
                    .orderBy("quarter_label")))
        .containsExactly("2025-Q1|11", "2025-Q2|11");
  }
}
