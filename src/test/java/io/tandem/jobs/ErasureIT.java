package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.spark.EmailKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem erase} for real: a person who went from ad click to won deal is erased from every
 * layer and the published database, stays out of an old extract delivered again, and is gone from
 * the data files once purged ({@code --purge-now}; the nightly purge step is {@code PurgeTest}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureIT extends JobTestBase {
  private static final String DATE = "2026-11-20";
  private static final String EMAIL = "ann@acme.example";
  private static final String LEAD_ID = "00Q000000000000001";
  private static final String CONTACT_ID = "003000000000000001";
  private static final String GCLID = "Cj0abc";
  private static final String[] LAYERS = {"bronze", "silver", "journey", "gold", "privacy"};

  @TempDir static Path work;
  static Path landing;
  static Path warehouse;
  static Path conf;
  static List<String> traces;
  static String emailKey;

  @BeforeAll
  static void runThenErase() throws IOException {
    landing = work.resolve("landing");
    warehouse = work.resolve("warehouse");
    copyLanding(TestPaths.fixture("small"), landing);
    // The fixture quarantines 2 of its 9 lead rows on purpose.
    conf =
        confWith(work.resolve("conf"), "max_quarantined_share: 0.05", "max_quarantined_share: 0.5");
    spark();
    assertThat(runNightly().exitCode()).isZero();
    // Her address, CRM records, click id, keyed e-mail hash and the person id gold counts her by.
    String personId =
        table(warehouse, "journey", "int_identity_graph")
            .filter("identifier = 'crm:" + LEAD_ID + "'")
            .first()
            .getAs("person_id");
    emailKey = EmailKeys.hash(EmailKeys.configuredKey(), EMAIL);
    traces = List.of(EMAIL, LEAD_ID, CONTACT_ID, GCLID, emailKey, personId);
    assertThat(tracesIn("bronze", "silver", "journey", "gold"))
        .as("the person is in every layer before the erasure")
        .containsKeys(
            "bronze.raw_salesforce_lead",
            "silver.crm_people",
            "journey.int_identity_graph",
            "gold.fct_funnel_records");

    // The connector delivers an old extract again: the erasure's rebuild ingests it.
    Path again = landing.resolve("salesforce/Lead/" + DATE + "/part-0001.csv");
    Files.createDirectories(again.getParent());
    Files.copy(landing.resolve("salesforce/Lead/2026-11-10/part-0001.csv"), again);

    Result erased =
        tandem(
            "erase",
            "--email",
            EMAIL,
            "--reference",
            "DSR-42",
            "--purge-now",
            "--warehouse",
            warehouse.toString());

    assertThat(erased.exitCode()).isZero();
  }

  @Test
  @Order(1)
  void thePersonIsGoneFromEveryLayerAndTheOthersStay() {
    assertThat(tracesIn(LAYERS)).isEmpty();
    assertThat(lines(table(warehouse, "bronze", "raw_salesforce_lead").select("email")))
        .contains("bob@beta.example", "cat@gamma.example");
    assertThat(lines(table(warehouse, "silver", "crm_people").select("person_record_id")))
        .contains("00Q000000000000002", "00Q000000000000003");
  }

  @Test
  @Order(2)
  void theAuditRecordCountsWhatWasDeletedWithoutPersonalData() {
    Dataset<Row> log = table(warehouse, "privacy", "erasure_log");
    Row entry = log.first();

    assertThat(log.count()).isEqualTo(1);
    assertThat(entry.<String>getAs("request_type")).isEqualTo("email");
    assertThat(entry.<String>getAs("request_reference")).isEqualTo("DSR-42");
    assertThat(entry.<String>getAs("rebuilt_run_id")).isNotNull();
    Map<String, Long> deleted = entry.getJavaMap(entry.fieldIndex("rows_deleted"));
    // two versions of the lead, one in each of two extracts, and her three status changes
    assertThat(deleted).containsEntry("bronze.raw_salesforce_lead", 2L);
    assertThat(deleted).containsEntry("bronze.raw_salesforce_lead_history", 3L);
    assertThat(entry.<String>getList(entry.fieldIndex("landing_files")))
        .contains(
            "salesforce/Lead/2026-11-02/part-0001.csv", "salesforce/Lead/2026-11-10/part-0001.csv");
    // The suppression list keeps keyed hashes of her identifiers, never the identifiers.
    assertThat(lines(table(warehouse, "privacy", "suppression_list").select("person_key")))
        .contains(emailKey)
        .noneMatch(
            key -> List.of(EMAIL, LEAD_ID, CONTACT_ID, GCLID).stream().anyMatch(key::contains));
  }

  @Test
  @Order(3)
  void thePublishedDatabaseNoLongerHoldsHerAndNeverHoldsAnAddress() throws SQLException {
    onPublishedDatabase(
        work.resolve("var"),
        db -> {
          List<String> tables =
              query(
                  db,
                  "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                      + " 'tandem' AND table_type = 'BASE TABLE'");
          assertThat(tables).contains("fct_funnel_records", "kpi_funnel_flow_weekly");
          for (String name : tables) {
            assertThat(
                    query(
                        db,
                        "SELECT count(*) FILTER (WHERE t::text LIKE '%"
                            + LEAD_ID
                            + "%' OR t::text LIKE '%"
                            + CONTACT_ID
                            + "%'), count(*) FILTER (WHERE t::text ~"
                            + " '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.') FROM tandem."
                            + name
                            + " AS t"))
                .as("rows of the erased person | rows with an e-mail address, in " + name)
                .containsExactly("0|0");
          }
        });
  }

  @Test
  @Order(4)
  void aRedeliveredExtractIsCountedButNotLoaded() {
    Row file =
        table(warehouse, "bronze", "file_manifest")
            .filter("path = 'salesforce/Lead/" + DATE + "/part-0001.csv'")
            .select("rows_read", "rows_loaded", "rows_suppressed")
            .first();

    assertThat(List.of(file.getLong(0), file.getLong(1), file.getLong(2)))
        .containsExactly(3L, 2L, 1L);
  }

  @Test
  @Order(5)
  void afterThePurgeNoDataFileHoldsHer() throws IOException {
    assertThat(tracesInDataFiles()).as("tables with a data file that still holds her").isEmpty();
  }

  /**
   * Tables (layer.table) with a row that names the person, over every column but lineage; the
   * suppression list, which holds her keyed hashes by design, aside.
   */
  private static Map<String, List<String>> tracesIn(String... layers) {
    Map<String, List<String>> found = new java.util.TreeMap<>();
    Map<String, List<String>> tables = snapshot(warehouse, layers);
    tables.remove("privacy.suppression_list");
    tables.forEach(
        (name, rows) -> {
          List<String> hits =
              rows.stream().filter(row -> traces.stream().anyMatch(row::contains)).toList();
          if (!hits.isEmpty()) {
            found.put(name, hits);
          }
        });
    return found;
  }

  /**
   * Table folders with a Parquet data file, current or not, that names the person: what is left in
   * storage after Delta's log stops pointing at it.
   */
  private static List<String> tracesInDataFiles() throws IOException {
    List<String> found = new ArrayList<>();
    for (String layer : LAYERS) {
      try (Stream<Path> tables = Files.list(warehouse.resolve(layer))) {
        for (Path folder : tables.filter(t -> !t.endsWith("suppression_list")).toList()) {
          try (Stream<Path> files = Files.walk(folder)) {
            if (files.noneMatch(
                f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))) {
              continue;
            }
          }
          Dataset<Row> rows =
              spark().read().option("mergeSchema", "true").parquet(folder.toString());
          if (lines(rows).stream().anyMatch(row -> traces.stream().anyMatch(row::contains))) {
            found.add(layer + "." + folder.getFileName());
          }
        }
      }
    }
    return found;
  }

  private static Result runNightly() {
    return tandem(runArguments(DATE, landing, warehouse));
  }

  private static Result tandem(String... args) {
    return tandemWithConf(work.resolve("var"), conf, args);
  }
}
