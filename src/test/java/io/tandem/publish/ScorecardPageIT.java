package io.tandem.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.kpi.KpiFixture;
import io.tandem.spark.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the scorecard page and the digest in headless Chromium: no console errors, no request
 * leaves the machine, and the numbers on the page are the gold table's. Screenshots go to
 * target/browser/ (kept by CI as artifacts).
 */
class ScorecardPageIT extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.parse("2026-04-10");
  private static final Path SCREENSHOTS = TestPaths.home().resolve("target/browser");

  @TempDir static Path work;
  private static List<Path> pages;

  @BeforeAll
  static void renderPages() {
    Warehouse warehouse = new Warehouse(spark(), work.resolve("warehouse"));
    KpiFixture.load(spark(), warehouse, "kpi");
    KpiFixture.runKpis(TestPaths.home().resolve("conf"), warehouse, work, AS_OF);
    ReportPages reports = new ReportPages(warehouse, 24);
    pages = new java.util.ArrayList<>(reports.writeScorecards(work.resolve("reports"), AS_OF));
    pages.addAll(reports.writeDigest(work.resolve("reports"), AS_OF));
  }

  @Test
  void theScorecardShowsTheGoldNumbersWithoutErrorsOrExternalRequests() throws Exception {
    assumeThat(Files.isExecutable(HeadlessChromium.BINARY))
        .as("Chromium is installed by .ci/run (apt-get install chromium)")
        .isTrue();
    Path page = work.resolve("reports/scorecard-2026-Q1.html");
    assertThat(pages).contains(page);
    try (HeadlessChromium chromium = new HeadlessChromium(work.resolve("chromium-profile"))) {
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
                  + " WHERE quarter_label = '2026-Q1' AND is_current_version")
              .collectAsList()) {
        inGold.put(
            r.getString(0),
            (r.isNullAt(1) ? "" : String.valueOf(r.getDouble(1))) + " " + r.getString(2));
      }
      assertThat(onPage).hasSize(11).isEqualTo(inGold);
      assertThat(chromium.evaluate("document.querySelectorAll('svg').length").asInt()).isEqualTo(4);
      assertThat(chromium.evaluate("document.querySelector('#wins tbody').innerText").asText())
          .contains("Acme")
          .contains("Paid Search → Organic Search → Email → Direct");

      chromium.open(work.resolve("reports/digest-2026-W15.html"));
      chromium.screenshot(SCREENSHOTS.resolve("digest-2026-W15.png"));
      assertThat(chromium.evaluate("document.body.innerText").asText()).contains("Ann Lee");

      assertThat(chromium.consoleErrors).isEmpty();
      assertThat(chromium.externalRequests).isEmpty();
    }
    assertThat(Files.size(SCREENSHOTS.resolve("scorecard-2026-Q1.png"))).isGreaterThan(10_000);
  }

  @Test
  void theDigestMarkdownListsBreachesAndStalledRecordsWithOwners() throws Exception {
    String markdown = Files.readString(work.resolve("reports/digest-2026-W15.md"));

    assertThat(markdown)
        .contains("# Sales and marketing weekly — 2026-W15")
        .contains("| Ann Lee | P5 | untouched | Email | 2026-04-09 10:00:00 | 14.0 |")
        .contains("| Bob Kim | lead | P4 | sal | 53 | 21 |");
  }
}
