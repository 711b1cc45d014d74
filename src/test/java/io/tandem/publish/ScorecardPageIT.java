package io.tandem.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.kpi.KpiFixture;
import io.tandem.model.ModelRunner;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the scorecard page and the digest in headless Chromium: no console errors, no request
 * leaves the machine, and the numbers on the page are the gold table's. Screenshots go to
 * target/browser/ (kept by CI as artifacts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScorecardPageIT extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.parse("2026-04-10");
  private static final Path SCREENSHOTS = TestPaths.home().resolve("target/browser");

  @TempDir static Path work;
  private static List<Path> pages;
  private static Warehouse warehouse;

  @BeforeAll
  static void renderPages() {
    warehouse = new Warehouse(spark(), Location.of(work.resolve("warehouse")));
    KpiFixture.load(spark(), warehouse, "kpi");
    KpiFixture.runKpis(TestPaths.home().resolve("conf"), warehouse, work, AS_OF);
    ReportPages reports = pages(TestPaths.home().resolve("conf"));
    pages = new java.util.ArrayList<>(reports.writeScorecards(work.resolve("reports"), AS_OF));
    pages.addAll(reports.writeDigest(work.resolve("reports"), AS_OF));
  }

  @Test
  void theScorecardShowsTheGoldNumbersWithoutErrorsOrExternalRequests() throws Exception {
    Path page = work.resolve("reports/scorecard-2026-Q1.html");
    assertThat(pages).contains(page);
    try (HeadlessChromium chromium =
        HeadlessChromium.startOrSkip(work.resolve("chromium-profile"))) {
      chromium.open(page);
      JsonNode rows =
          chromium.evaluate(
              "[...document.querySelectorAll('#scorecard tbody tr')]"
                  + ".map(r => [r.dataset.goal, r.dataset.actual, r.dataset.status])");
      chromium.screenshot(SCREENSHOTS.resolve("scorecard-2026-Q1.png"));

      Map<String, String> onPage = new HashMap<>();
      for (JsonNode r : rows) {
        onPage.put(r.get(0).asText(), r.get(1).asText() + " " + r.get(2).asText());
      }
      Map<String, String> inGold = new HashMap<>();
      for (Row r :
          sql("SELECT goal, actual, status FROM gold.kpi_alignment_scorecard_quarterly"
                  + " WHERE quarter_label = '2026-Q1' AND signed_on IS NOT NULL")
              .collectAsList()) {
        inGold.put(
            r.getString(0),
            (r.isNullAt(1) ? "" : String.valueOf(r.getDouble(1))) + " " + r.getString(2));
      }
      assertThat(onPage).hasSize(11).isEqualTo(inGold);
      assertThat(chromium.evaluate("document.querySelectorAll('svg').length").asInt()).isEqualTo(4);
      assertThat(chromium.evaluate("document.querySelector('#wins tbody').innerText").asText())
          .contains("Acme")
          .contains("Paid Search → Organic Search → Email → Direct · 1 sales touch");
      // model names in words, each share with its money; the sales call beside the models
      assertThat(
              chromium
                  .evaluate("document.querySelector('#attribution thead').textContent")
                  .asText())
          .contains("W-shaped", "Markov chain", "Shapley value")
          .doesNotContain("w_shaped");
      assertThat(
              chromium.evaluate("document.querySelector('#attribution tbody').innerText").asText())
          .contains("30.0 % · 3,000");
      assertThat(
              chromium.evaluate("document.querySelector('#sales-activities').innerText").asText())
          .contains("1 of the quarter's 1 won deals had sales calls");
      assertThat(chromium.evaluate("document.body.innerText").asText())
          .contains("at risk (within 10 % of target)", "money in USD");
      assertThat(
              chromium.evaluate(
                  "[...document.querySelectorAll('nav.quarters a')].map(a => a.getAttribute('href'))"))
          .extracting(JsonNode::asText)
          .containsExactly("scorecard-2025-Q4.html", "scorecards.html", "scorecard-2026-Q2.html");

      // a closed quarter has no plan; the open one shows what it takes, won deals back to leads
      assertThat(chromium.evaluate("document.querySelectorAll('#what-it-takes').length").asInt())
          .isZero();
      chromium.open(work.resolve("reports/scorecard-2026-Q2.html"));
      assertThat(
              chromium.evaluate(
                  "[...document.querySelectorAll('#what-it-takes tbody tr')]"
                      + ".map(r => r.cells[0].innerText + ' ' + r.cells[1].innerText)"))
          .extracting(JsonNode::asText)
          .containsExactlyElementsOf(
              sql(
                      "SELECT stage, needed FROM gold.kpi_revenue_plan_quarterly"
                          + " WHERE period_label = '2026-Q2' AND is_total ORDER BY stage_order DESC")
                  .collectAsList()
                  .stream()
                  .map(
                      r ->
                          Map.of(
                                      "won", "Won deals",
                                      "opportunity", "Opportunities",
                                      "sql", "SQLs",
                                      "mql", "MQLs",
                                      "lead", "Leads")
                                  .get(r.getString(0))
                              + " "
                              + r.get(1))
                  .toList());
      chromium.screenshot(SCREENSHOTS.resolve("scorecard-2026-Q2.png"));

      chromium.open(work.resolve("reports/scorecards.html"));
      assertThat(chromium.evaluate("document.querySelector('#quarters tbody').innerText").asText())
          .contains("2025-Q4", "2026-Q1", "signed on 2026-04-10", "2026-Q2", "provisional");

      // the last complete week before Friday 2026-04-10: 2026-W14, Monday 30 March to Sunday 5
      // April
      chromium.open(work.resolve("reports/digest-2026-W14.html"));
      chromium.screenshot(SCREENSHOTS.resolve("digest-2026-W14.png"));
      assertThat(chromium.evaluate("document.body.innerText").asText()).contains("Ann Lee");
      assertThat(chromium.evaluate("document.querySelector('#untouched a').href").asText())
          .isEqualTo("https://login.salesforce.com/L5");

      assertThat(chromium.consoleErrors).isEmpty();
      assertThat(chromium.externalRequests).isEmpty();
    }
    assertThat(Files.size(SCREENSHOTS.resolve("scorecard-2026-Q1.png"))).isGreaterThan(10_000);
  }

  @Test
  void theDigestMarkdownListsBreachesAndStalledRecordsWithOwners() throws Exception {
    String markdown = Files.readString(work.resolve("reports/digest-2026-W14.md"));

    assertThat(markdown)
        .contains("# Sales and marketing weekly — 2026-W14")
        .contains("Week from 2026-03-30 to 2026-04-05, data as of 2026-04-10. Money in USD.")
        .contains(
            "| 1 | Ann Lee | [Stark Industries · L5](https://login.salesforce.com/L5) | Email"
                + " | 2026-04-09 10:00:00 | 14.0 |")
        .contains(
            "| Bob Kim | lead | [Hooli · L4](https://login.salesforce.com/L4) | sal | 53 | 21 |");
  }

  @Test
  @Order(Integer.MAX_VALUE) // it changes the rules and reruns the KPIs
  void aNewExchangeRateAndANextQuarterTargetLeaveTheSignedPagesAsTheyWere() throws Exception {
    Path conf =
        TestPaths.confCopy(
            TestPaths.home().resolve("conf"),
            work.resolve("conf-later"),
            "targets.yml",
            "target: 1100000",
            "target: 1100000\n    quarters: {\"2026-Q3\": 1300000}");
    sql(
        "UPDATE silver.ref_fx_rates SET valid_to = DATE'2026-05-01' WHERE valid_from = DATE'2026-03-01'");
    sql("INSERT INTO silver.ref_fx_rates VALUES ('EUR', DATE'2026-05-01', DATE'9999-12-31', 1.3)");
    KpiFixture.runKpis(conf, warehouse, work, AS_OF);
    pages(conf).writeScorecards(work.resolve("reports-later"), AS_OF);

    for (String quarter : List.of("2025-Q4", "2026-Q1")) {
      String page = "scorecard-" + quarter + ".html";
      assertThat(Files.readString(work.resolve("reports-later").resolve(page)))
          .as(page)
          .isEqualTo(Files.readString(work.resolve("reports").resolve(page)));
    }

    // A sales cost of 1,000 a month changes the rules: Q1's CAC is restated (1,000 + 3,000 for
    // one new customer) beside the signed 1,000, which the page keeps.
    TestPaths.edit(
        conf.resolve("definitions.yml"), "sales_cost_per_month: 0", "sales_cost_per_month: 1000");
    KpiFixture.runKpis(conf, warehouse, work, AS_OF);
    pages(conf).writeScorecards(work.resolve("reports-restated"), AS_OF);
    String restated =
        Files.readString(work.resolve("reports-restated").resolve("scorecard-2026-Q1.html"));
    String version =
        sql("SELECT DISTINCT definitions_version FROM gold.kpi_alignment_scorecard_quarterly"
                + " WHERE quarter_label = '2026-Q1' AND is_current_version")
            .first()
            .getString(0);
    assertThat(restated)
        .contains("<th>Restated</th>")
        .contains("data-goal=\"cac\" data-actual=\"1000.0\"")
        .contains("4,000 under " + version + " (+3,000)");
  }

  /** The pages of the test's warehouse under the rules of {@code conf}. */
  private static ReportPages pages(Path conf) {
    TandemSettings settings =
        new TandemSettings(TestPaths.home().toString(), conf.toString(), null, null, null);
    return new ReportPages(warehouse, new ModelRunner(spark(), settings), Definitions.load(conf));
  }
}
