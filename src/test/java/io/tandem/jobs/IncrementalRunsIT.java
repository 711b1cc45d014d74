package io.tandem.jobs;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.demo.HeaderStyle;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights built one after another, each rebuilding only what its new extracts touch, end with the
 * tables of a full rebuild of the same landing, column by column (docs/architecture.md, "What a run
 * rebuilds"). Among the nights: GA4 events that arrive days late, a GA4 day exported again with
 * changed values, a night that takes three days of extracts, and a person erased between two
 * nights. (A date run again builds incrementally from no new file: NightlyJobIT.)
 */
class IncrementalRunsIT extends JobTestBase {
  private static final LocalDate FROM = LocalDate.of(2025, 3, 1);
  private static final LocalDate TO = LocalDate.of(2025, 3, 10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

  @TempDir static Path work;

  @Test
  void nightsBuiltIncrementallyEndWithTheTablesOfAFullRebuild() throws IOException {
    Path landing = work.resolve("landing");
    Path warehouse = work.resolve("warehouse");
    DemoCompanyGenerator.generate(
        new DemoSpec(3, 0.05, FROM, TO, DemoSpec.Crm.SALESFORCE, HeaderStyle.API), landing);

    assertThat(night("2025-03-05", landing, warehouse).path("mode").asText()).isEqualTo("full");

    // A later export carries events of March 2 again with another page (a restatement) and one
    // event of that day seen for the first time (late).
    plantLateAndRestatedEvents(landing, LocalDate.of(2025, 3, 2), LocalDate.of(2025, 3, 6));
    JsonNode second = night("2025-03-06", landing, warehouse);
    assertThat(second.path("mode").asText()).isEqualTo("incremental");
    assertThat(second.path("windows").path("ga4").asText()).isEqualTo("from 2025-03-02");
    // New files go into tables the last ingest left as they are: appended, not replaced by file.
    assertThat(ingested("2025-03-06").path("objects").path("ga4/events").path("written").asText())
        .isEqualTo("appended");
    assertThat(ingested("2025-03-06").path("written").path("file_manifest").asText())
        .isEqualTo("appended");

    Result erased =
        tandem(
            work.resolve("var"),
            "erase",
            "--email",
            firstLeadEmail(landing),
            "--reference",
            "DSR-7",
            "--warehouse",
            warehouse.toString());
    assertThat(erased.exitCode()).as(erased.err()).isZero();

    // three days of extracts in one night, after the erasure's full rebuild
    JsonNode third = night("2025-03-09", landing, warehouse);
    assertThat(third.path("mode").asText()).isEqualTo("incremental");
    assertThat(third.path("windows").path("ga4").asText()).isEqualTo("from 2025-03-05");
    // The erasure deleted rows of the lead extracts' table since: its new files replace by file.
    assertThat(
            ingested("2025-03-09").path("objects").path("salesforce/Lead").path("written").asText())
        .isEqualTo("replaced by file");
    Map<String, List<String>> incremental = snapshot(warehouse, "silver", "journey", "gold");
    everyGa4FileHasTheDaysOfItsRows(warehouse);

    Result rebuilt =
        tandem(
            work.resolve("var"),
            "run",
            "--date",
            "2025-03-09",
            "--full-rebuild",
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(build(work.resolve("var"), "2025-03-09").path("mode").asText()).isEqualTo("full");
    Map<String, List<String>> full = snapshot(warehouse, "silver", "journey", "gold");

    assertThat(incremental.keySet()).isEqualTo(full.keySet());
    for (String table : full.keySet()) {
      assertThat(incremental.get(table)).as(table).isEqualTo(full.get(table));
    }
  }

  /**
   * The days ingest recorded for each GA4 file (model/FileDays), which decide which files a night's
   * window reads, cover the days of the file's rows in bronze: a file whose rows reach a window is
   * never left out of it.
   */
  private static void everyGa4FileHasTheDaysOfItsRows(Path warehouse) throws IOException {
    JsonNode kept =
        JSON.readTree(warehouse.resolve("_tandem_window_days/raw_ga4_events.json").toFile())
            .path("files");
    Warehouse tables = new Warehouse(spark(), Location.of(warehouse));
    List<Row> files =
        tables
            .read("bronze", "file_manifest")
            .filter("source = 'ga4' AND object = 'events'")
            .select("path", "checksum_sha256")
            .collectAsList();
    assertThat(files).isNotEmpty();
    Map<String, Row> days = new HashMap<>();
    tables
        .read("bronze", "raw_ga4_events")
        .groupBy("_source_file")
        .agg(
            expr("CAST(min(to_date(event_date, 'yyyyMMdd')) AS STRING)"),
            expr("CAST(max(to_date(event_date, 'yyyyMMdd')) AS STRING)"))
        .collectAsList()
        .forEach(row -> days.put(row.getString(0), row));
    for (Row file : files) {
      JsonNode recorded = kept.path(file.getString(0) + " " + file.getString(1));
      Row bronze = days.get(file.getString(0));
      assertThat(recorded.isMissingNode()).as(file.getString(0)).isFalse();
      if (bronze != null) {
        assertThat(recorded.path("rows").asLong()).as(file.getString(0)).isPositive();
        assertThat(recorded.path("first").asText())
            .as(file.getString(0))
            .isLessThanOrEqualTo(bronze.getString(1));
        assertThat(recorded.path("last").asText())
            .as(file.getString(0))
            .isGreaterThanOrEqualTo(bronze.getString(2));
      }
    }
  }

  /** The nightly run of {@code date}; returns how the conform step built silver. */
  private static JsonNode night(String date, Path landing, Path warehouse) throws IOException {
    Result result = tandem(work.resolve("var"), runArguments(date, landing, warehouse));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return build(work.resolve("var"), date);
  }

  /** The conform step's build (mode, reason, windows) in the latest run report of {@code date}. */
  private static JsonNode build(Path var, String date) throws IOException {
    return step(var, date, "conform").path("details").path("build");
  }

  /** The details of the ingest step in the latest run report of {@code date}. */
  private static JsonNode ingested(String date) throws IOException {
    return step(work.resolve("var"), date, "ingest").path("details");
  }

  /** Step {@code name} in the latest run report of {@code date}. */
  private static JsonNode step(Path var, String date, String name) throws IOException {
    Path report;
    try (Stream<Path> runs = Files.list(var.resolve("runs"))) {
      report =
          runs.filter(run -> run.getFileName().toString().startsWith(date + "-e"))
              .max(
                  (a, b) ->
                      Long.compare(
                          Long.parseLong(a.getFileName().toString().substring(12)),
                          Long.parseLong(b.getFileName().toString().substring(12))))
              .orElseThrow()
              .resolve("report.json");
    }
    for (JsonNode step : JSON.readTree(report.toFile()).path("steps")) {
      if (step.path("step").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no " + name + " step in " + report);
  }

  /**
   * Writes a GA4 export dated {@code exported} holding the first ten events of {@code day} with
   * another page location, and one event of that day that no earlier export had.
   */
  private static void plantLateAndRestatedEvents(Path landing, LocalDate day, LocalDate exported)
      throws IOException {
    String yyyymmdd = day.toString().replace("-", "");
    Path original = landing.resolve("ga4/events/" + day + "/events_" + yyyymmdd + ".ndjson.gz");
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(original)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null && lines.size() < 10; line = in.readLine()) {
        lines.add(line);
      }
    }
    List<String> planted = new ArrayList<>();
    for (String line : lines) {
      planted.add(withPage(line, "https://www.example.com/restated"));
    }
    ObjectNode late = (ObjectNode) JSON.readTree(lines.get(0));
    // BigQuery's export writes INT64 values as strings
    late.put(
        "event_timestamp",
        String.valueOf(Long.parseLong(late.path("event_timestamp").asText()) + 1));
    late.put("event_name", "late_event");
    planted.add(late.toString());
    Path file =
        landing.resolve("ga4/events/" + exported + "/events_" + yyyymmdd + "_restated.ndjson.gz");
    Files.createDirectories(file.getParent());
    try (Writer out =
        new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
      for (String line : planted) {
        out.write(line + "\n");
      }
    }
  }

  private static String withPage(String line, String page) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(line);
    for (JsonNode param : event.path("event_params")) {
      if (param.path("key").asText().equals("page_location")) {
        ((ObjectNode) param.path("value")).put("string_value", page);
      }
    }
    return event.toString();
  }

  /** The first e-mail address in the first Salesforce lead extract. */
  private static String firstLeadEmail(Path landing) throws IOException {
    try (Stream<Path> files = Files.walk(landing.resolve("salesforce/Lead"))) {
      Path first = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
      Matcher address = EMAIL.matcher(Files.readString(first));
      assertThat(address.find()).as("an address in " + first).isTrue();
      return address.group();
    }
  }
}
