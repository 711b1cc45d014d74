package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of damaged extracts is ingested without a crash: every file is loaded, loaded
 * with quarantined rows, or rejected, every row is either in bronze or in the quarantine with a
 * reason, and the counts add up file by file.
 */
class FuzzIngestIT extends JobTestBase {
  private static final String DATE = "2026-11-10";
  private static final Random RANDOM = new Random(20260);

  @TempDir static Path work;
  private static Path landing;
  private static Path warehouse;
  private static String header;
  private static String row;

  @BeforeAll
  static void ingestTheCorpus() throws IOException {
    landing = work.resolve("landing");
    warehouse = work.resolve("warehouse");
    List<String> lead =
        Files.readAllLines(
            TestPaths.fixture("small").resolve("salesforce/Lead/2026-11-05/part-0001.csv"));
    header = lead.get(0);
    row = lead.get(1);
    Path leads = landing.resolve("salesforce/Lead/" + DATE);
    Files.createDirectories(leads);

    StringBuilder many = new StringBuilder(header).append('\n');
    for (int i = 0; i < 2000; i++) {
      many.append(
              row.replace("00Q000000000000004", String.format("00Q0000000%08d", i))
                  .replace("Delta", "Company " + Long.toHexString(RANDOM.nextLong())))
          .append('\n');
    }
    byte[] gzipped = gzip(many.toString());
    write(leads.resolve("truncated.csv.gz"), Arrays.copyOf(gzipped, gzipped.length * 6 / 10));
    write(leads.resolve("corrupt.csv.gz"), randomBytes(4096));
    write(leads.resolve("garbage.csv"), randomBytes(8192));
    write(leads.resolve("semicolons.csv"), (header + "\n" + row).replace(',', ';'));
    write(
        leads.resolve("long-line.csv"),
        header + "\n" + row.replace(",Dan,", ",D" + "a".repeat(50_000_000) + ",") + "\n");
    ByteArrayOutputStream mixed = new ByteArrayOutputStream();
    mixed.writeBytes(
        (header + "\n" + row.replace("Dan", "Zoë") + "\n").getBytes(StandardCharsets.UTF_8));
    mixed.writeBytes(
        row.replace("00Q000000000000004", "00Q00000000000FUZ1")
            .replace("Dan", "Ren\u00e9")
            .getBytes(StandardCharsets.ISO_8859_1));
    write(leads.resolve("mixed-encoding.csv"), mixed.toByteArray());
    write(leads.resolve("duplicated-header.csv"), header.replace("FirstName", "Id") + "\n" + row);
    write(
        leads.resolve("year-20260.csv"),
        header + "\n" + row.replace("2026-11-05T08:00:00Z", "20260-11-05T08:00:00Z"));
    write(leads.resolve("only-header.csv"), header);
    write(leads.resolve("empty.csv"), "");
    // one stray quote: its line is quarantined, the three rows after it are read
    StringBuilder strayQuote = new StringBuilder(header).append('\n');
    for (int i = 0; i < 4; i++) {
      String id = "00Q00000000000QT" + i + "0";
      strayQuote
          .append(
              row.replace("00Q000000000000004", id).replace(",Dan,", i == 1 ? ",\"Dan," : ",Dan,"))
          .append('\n');
    }
    write(leads.resolve("stray-quote.csv"), strayQuote.toString());
    // a score wider than silver's DECIMAL(10, 2) is quarantined; it would fail conform's cast
    write(
        leads.resolve("wide-score.csv"),
        header
            + "\n"
            + row.replace("00Q000000000000004", "00Q00000000000WIDE")
                .replace(",Cold,10,", ",Cold,1e20,"));
    // folders a person might name: a source in another case is read, the rest listed as unread
    for (String folder :
        List.of(
            "Salesforce/Lead/" + DATE,
            "salesforce/Lead/2026-11-31",
            "salesforce/Lead/20261109",
            "salesforce/Lead/-0001-01-01",
            "salesforce/Leads_old/" + DATE)) {
      Files.createDirectories(landing.resolve(folder));
      write(
          landing.resolve(folder).resolve("part-0001.csv"),
          header
              + "\n"
              + row.replace(
                  "00Q000000000000004", "00Q0000000000" + Math.abs(folder.hashCode() % 100000)));
    }

    Path events = landing.resolve("ga4/events/" + DATE);
    Files.createDirectories(events);
    write(
        events.resolve("wrong-nesting.ndjson"),
        "[1, 2, 3]\n{\"event_params\": \"not a list\", \"event_name\": 5}\n\"just a string\"\n");
    String event =
        "{\"event_date\": \"20261110\", \"event_timestamp\": \"%s\", \"event_name\": \"page_view\","
            + " \"user_pseudo_id\": \"fuzz.1\", \"event_params\": [{\"key\": \"ga_session_id\", \"value\":"
            + " {\"int_value\": %s}}, {\"key\": \"ga_session_id\", \"value\": {\"int_value\": \"12\"}},"
            + " {\"key\": \"page_location\", \"value\": {\"string_value\": \"http://exa mple/%%%%zz?gclid=1\"}}]}\n";
    write(
        events.resolve("odd-values.ndjson"),
        event.formatted("1762819200000000", "\"10.0\"") // an integer written as 10.0: read
            + event.formatted("1762819200000001", "\"ten\"") // not an integer: quarantined
            + event.formatted("9223372036854775807", "\"7\"") // past year 9999: quarantined
            + "{\"event_name\": \""
            + "x".repeat(2_000_000)
            + "\"}\n" // past the record limit
            + event.formatted("1762819200000002", "7"));
    write(
        events.resolve("truncated.json"),
        "[{\"event_date\": \"20261110\", \"event_timestamp\": \"17628");
    Path analytics = landing.resolve("linkedin_ads/ad_analytics/" + DATE);
    Files.createDirectories(analytics);
    write(
        analytics.resolve("nested.json"), "{\"elements\": {\"pivotValues\": 7}, \"paging\": [1]}");

    Path conf =
        TestPaths.confCopy(
            confWith(work.resolve("conf-warn"), "on_failure: fail", "on_failure: warn"),
            work.resolve("conf"),
            "definitions.yml",
            "max_record_characters: 10000000",
            "max_record_characters: 1000000");
    Result result =
        tandemWithConf(work.resolve("var"), conf, runArguments(DATE, landing, warehouse));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
  }

  @Test
  void everyFileIsAccountedForRowByRow() throws IOException {
    List<String> files;
    try (Stream<Path> walk = Files.walk(landing)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> landing.relativize(p).toString())
              .sorted()
              .toList();
    }
    table(warehouse, "bronze", "file_manifest").createOrReplaceTempView("manifest");
    table(warehouse, "bronze", "quarantine").createOrReplaceTempView("quarantine");
    table(warehouse, "bronze", "raw_salesforce_lead").createOrReplaceTempView("leads");

    List<String> unread =
        table(warehouse, "bronze", "landing_unread")
            .orderBy("path")
            .select("path")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(unread)
        .containsExactlyInAnyOrder(
            "salesforce/Lead/-0001-01-01",
            "salesforce/Lead/20261109",
            "salesforce/Lead/2026-11-31",
            "salesforce/Leads_old");
    List<Row> manifest =
        sql("SELECT path, status, rows_read, rows_loaded, rows_quarantined FROM manifest ORDER BY path")
            .collectAsList();
    // every file is in the manifest, or under a landing entry listed as unread
    assertThat(manifest)
        .extracting(r -> r.getString(0))
        .containsExactlyElementsOf(
            files.stream()
                .filter(f -> unread.stream().noneMatch(u -> f.startsWith(u + "/")))
                .toList());
    for (Row m : manifest) {
      String path = m.getString(0);
      assertThat(m.getString(1)).as(path).isIn("loaded", "loaded_with_quarantine", "rejected");
      assertThat(m.getLong(2)).as(path).isEqualTo(m.getLong(3) + m.getLong(4));
      long quarantined =
          sql("SELECT count(*) FROM quarantine WHERE source_file = '" + path + "'")
              .first()
              .getLong(0);
      assertThat(quarantined).as(path).isEqualTo(m.getLong(4));
      if (path.startsWith("salesforce")) {
        long loaded =
            sql("SELECT count(*) FROM leads WHERE _source_file = '" + path + "'")
                .first()
                .getLong(0);
        assertThat(loaded).as(path).isEqualTo(m.getLong(3));
      }
    }
    assertThat(
            sql("SELECT count(*) FROM quarantine WHERE reason IS NULL OR trim(reason) = ''")
                .first()
                .getLong(0))
        .isZero();
  }

  @Test
  void damagedFilesAreRejectedOrQuarantinedWithAReason() {
    table(warehouse, "bronze", "file_manifest").createOrReplaceTempView("manifest");
    table(warehouse, "bronze", "quarantine").createOrReplaceTempView("quarantine");
    for (String damaged :
        List.of(
            "corrupt.csv.gz",
            "garbage.csv",
            "semicolons.csv",
            "year-20260.csv",
            "wrong-nesting.ndjson",
            "truncated.json",
            "nested.json",
            "truncated.csv.gz")) {
      assertThat(
              sql("SELECT count(*) FROM quarantine WHERE source_file LIKE '%/" + damaged + "'")
                  .first()
                  .getLong(0))
          .as(damaged)
          .isPositive();
    }
    // the rows before the point where the truncated gzip breaks are kept
    assertThat(
            sql("SELECT rows_loaded FROM manifest WHERE path LIKE '%truncated.csv.gz'")
                .first()
                .getLong(0))
        .isPositive();
    // the 50 MB line and the Latin-1 row do not stop the file: both rows are kept or quarantined
    assertThat(
            sql("SELECT rows_read FROM manifest WHERE path LIKE '%long-line.csv'")
                .first()
                .getLong(0))
        .isEqualTo(1);
    assertThat(
            sql("SELECT rows_read FROM manifest WHERE path LIKE '%mixed-encoding.csv'")
                .first()
                .getLong(0))
        .isEqualTo(2);
    assertThat(
            sql("SELECT reason FROM quarantine WHERE source_file LIKE '%long-line.csv'")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("record is longer than 1000000 characters");
  }

  @Test
  void aStrayQuoteCostsOneRowAndOddValuesAreQuarantinedBeforeTheyCanFailABuild() {
    table(warehouse, "bronze", "file_manifest").createOrReplaceTempView("manifest");
    table(warehouse, "bronze", "quarantine").createOrReplaceTempView("quarantine");
    assertThat(
            sql("SELECT rows_read, rows_loaded, rows_quarantined FROM manifest WHERE path LIKE '%stray-quote.csv'")
                .first()
                .toString())
        .isEqualTo("[4,3,1]");
    assertThat(
            sql("SELECT column_name, reason FROM quarantine WHERE source_file LIKE '%wide-score.csv'")
                .first()
                .toString())
        .isEqualTo(
            "[lead_score,value '1e20' has more than 8 digits before the decimal point (decimal(10,2))]");
    assertThat(
            sql("SELECT record, reason FROM quarantine WHERE source_file LIKE '%odd-values.ndjson' ORDER BY record")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[2,value 'ten' of int_value is not a valid integer]",
            "[3,value '9223372036854775807' is outside the years 1 to 9999]",
            "[4,record is longer than 1000000 characters (quality.max_record_characters in"
                + " conf/definitions.yml); it is skipped and reading goes on after it. Raise the"
                + " limit if such records are real]");
    // silver built from what ingest let through: 10.0 is session 10, the repeated key's first value
    table(warehouse, "silver", "stg_ga4_events").createOrReplaceTempView("events");
    assertThat(
            sql("SELECT ga_session_id, gclid FROM events WHERE user_pseudo_id = 'fuzz.1' ORDER BY event_at")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[10,null]", "[7,null]");
  }
}
