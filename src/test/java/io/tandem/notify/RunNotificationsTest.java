package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunNotificationsTest {
  @TempDir Path reports;
  private final Path reportFile = Path.of("/var/tandem/runs/2026-11-20-e7/report.json");

  private static Map<String, Object> report(String status, List<Map<String, Object>> steps) {
    return Map.of(
        "run_id", "2026-11-20-e7",
        "business_date", "2026-11-20",
        "warehouse", "/data/warehouse",
        "status", status,
        "steps", steps);
  }

  @Test
  void aFailedRunNamesTheStepTheErrorAndTheReport() {
    var report =
        report(
            "FAILED",
            List.of(
                Map.of("step", "ingest", "status", "COMPLETED"),
                Map.of("step", "conform", "status", "FAILED", "error", "silver.x: bad cast")));

    List<Notification> sent = RunNotifications.of(report, reportFile, key -> true);

    assertThat(sent)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.event()).isEqualTo("failure");
              assertThat(n.subject())
                  .isEqualTo(
                      "Tandem run 2026-11-20-e7 (as of 2026-11-20) failed in step 'conform'");
              assertThat(n.text())
                  .contains("silver.x: bad cast", reportFile.toString(), "/data/warehouse")
                  .contains("restarts the run at step 'conform'");
            });
  }

  @Test
  void aCompletedRunWithWarningsListsThemAndAnUnsentDigestGoesOnce() throws Exception {
    Path page = Files.writeString(reports.resolve("digest-2026-W46.html"), "<h1>Weekly</h1>");
    Files.writeString(reports.resolve("digest-2026-W46.md"), "# Weekly");
    var report =
        report(
            "COMPLETED",
            List.of(
                Map.of(
                    "step",
                    "quality-gate",
                    "notes",
                    List.of("quality warning: google_ads is 16 days old", "checked 40 tables")),
                Map.of(
                    "step",
                    "publish",
                    "details",
                    Map.of(
                        "pages",
                        List.of(
                            reports.resolve("scorecard-2026-Q4.html").toString(),
                            page.toString())))));

    List<Notification> sent = RunNotifications.of(report, reportFile, key -> true);

    assertThat(sent).extracting(Notification::event).containsExactly("quality_warning", "digest");
    assertThat(sent.get(0).subject()).endsWith("completed with 1 quality warning(s)");
    assertThat(sent.get(0).text()).startsWith("- quality warning: google_ads is 16 days old");
    assertThat(sent.get(1))
        .extracting(
            Notification::subject, Notification::text, Notification::html, Notification::onceKey)
        .containsExactly(
            "Sales and marketing weekly — 2026-W46",
            "# Weekly",
            "<h1>Weekly</h1>",
            "digest-2026-W46.html");

    assertThat(RunNotifications.of(report, reportFile, key -> false))
        .as("a digest already sent")
        .extracting(Notification::event)
        .containsExactly("quality_warning");
  }

  @Test
  void aMisspeltEventIsRefusedWithTheEventsAllowed() {
    assertThatThrownBy(() -> new NotifySettings("", List.of("failure", "failures"), null))
        .hasMessage(
            "tandem.notify.events has 'failures'; allowed: failure, quality_warning, digest");
  }
}
