package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a model's table counts as already built from what a run would build it from. */
class BuiltFromTest extends SparkTestBase {
  private static final List<SourceContract> CONTRACTS =
      SourceContract.loadAll(
          new TandemSettings(TestPaths.home().toString(), null, null, null, null).schemasPath());
  private static final String LEADS = "bronze.raw_salesforce_lead";

  @TempDir Path dir;
  private Warehouse warehouse;

  /** Lead extracts of November 20 and 21 ingested; no GA4 file yet. */
  @BeforeEach
  void ingested() {
    warehouse = new Warehouse(spark(), Location.of(dir));
    warehouse.overwrite(
        "bronze",
        "file_manifest",
        sql(
            "SELECT * FROM VALUES ('salesforce', 'Lead', DATE'2026-11-20'),"
                + " ('salesforce', 'Lead', DATE'2026-11-21') AS t(source, object, extract_date)"));
    warehouse.overwrite("bronze", "raw_salesforce_lead", sql("SELECT 'L1' AS id"));
  }

  @Test
  void aLatestViewReadsTheSameRowsOnEveryDateAfterItsLastExtract() {
    Map<String, String> on21st = bronzeInputs(LocalDate.of(2026, 11, 21));
    String leads = warehouse.versionId("bronze", "raw_salesforce_lead");

    assertThat(leads).startsWith("v1_"); // created empty, then written
    assertThat(on21st.get(LEADS))
        .isEqualTo(leads + " up to 2026-11-21, suppression list none")
        .isEqualTo(bronzeInputs(LocalDate.of(2026, 11, 30)).get(LEADS));
    // as of an earlier date the view leaves the 21st's rows out: another input
    assertThat(bronzeInputs(LocalDate.of(2026, 11, 20)).get(LEADS))
        .isEqualTo(leads + " up to 2026-11-20, suppression list none");
    assertThat(on21st.get("bronze.raw_ga4_events"))
        .isEqualTo("none up to nothing, suppression list none");
  }

  @Test
  void aNewVersionOfABronzeTableIsAnotherInput() {
    Map<String, String> before = bronzeInputs(LocalDate.of(2026, 11, 21));
    warehouse.append("bronze", "raw_salesforce_lead", sql("SELECT 'L2' AS id"));

    assertThat(bronzeInputs(LocalDate.of(2026, 11, 21)).get(LEADS))
        .isNotEqualTo(before.get(LEADS))
        .startsWith("v2_");
  }

  @Test
  void aTableIsAlreadyBuiltOnlyAtTheVersionItsRecordNames() {
    BuiltFrom from = BuiltFrom.of("rules-1", "SELECT 1", Map.of(LEADS, "v0_abc"));
    from.writing("v3_table").write(warehouse, "silver.stg_salesforce_lead");
    BuiltFrom last = BuiltFrom.read(warehouse, "silver.stg_salesforce_lead").orElseThrow();

    assertThat(last.alreadyBuilt(from, "v3_table")).isTrue();
    // written since (an erasure's delete, say)
    assertThat(last.alreadyBuilt(from, "v4_table")).isFalse();
    // another query, other rules, another input version
    assertThat(last.alreadyBuilt(BuiltFrom.of("rules-1", "SELECT 2", from.inputs()), "v3_table"))
        .isFalse();
    assertThat(last.alreadyBuilt(BuiltFrom.of("rules-2", "SELECT 1", from.inputs()), "v3_table"))
        .isFalse();
    assertThat(
            last.alreadyBuilt(
                BuiltFrom.of("rules-1", "SELECT 1", Map.of(LEADS, "v1_abc")), "v3_table"))
        .isFalse();
  }

  private Map<String, String> bronzeInputs(LocalDate asOf) {
    return BuiltFrom.bronzeInputs(warehouse, CONTRACTS, asOf);
  }
}
