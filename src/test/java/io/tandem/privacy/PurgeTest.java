package io.tandem.privacy;

import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.contracts.SourceContract;
import io.tandem.spark.EmailKeys;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge step vacuums once an erasure is due, and only then; an erasure a crash left pending is
 * finished from its keys and is due from its completion.
 */
class PurgeTest extends SparkTestBase {
  private static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");

  @TempDir Path root;

  private static ErasureLog.Entry erasure(String id, Instant purgeAfter) {
    return new ErasureLog.Entry(
        id,
        NOW.minus(Duration.ofDays(7)),
        "email",
        null,
        1,
        2,
        Map.of(),
        List.of(),
        null,
        purgeAfter);
  }

  /**
   * The table's data files, current or replaced (a Kernel commit's are in a folder of their own).
   */
  private long dataFiles(String layer, String table) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve(layer).resolve(table))) {
      return files
          .map(Path::toString)
          .filter(f -> f.endsWith(".parquet") && !f.contains("_delta_log"))
          .count();
    }
  }

  @Test
  void aDueErasureVacuumsEveryTableOnceAndIsMarkedPurged() throws IOException {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    warehouse.overwrite("bronze", "raw_people", sql("SELECT 'ann' AS name"));
    warehouse.overwrite("bronze", "raw_people", sql("SELECT 'bob' AS name"));
    ErasureLog.complete(warehouse, erasure("erasure-due", NOW.minus(Duration.ofHours(1))));
    ErasureLog.complete(warehouse, erasure("erasure-later", NOW.plus(Duration.ofHours(1))));
    assertThat(dataFiles("bronze", "raw_people")).as("Delta keeps the replaced file").isEqualTo(2);

    assertThat(Purge.due(warehouse, NOW, 0)).containsExactly("erasure-due");

    assertThat(dataFiles("bronze", "raw_people")).isEqualTo(1);
    assertThat(rows("SELECT name FROM bronze.raw_people")).containsExactly(List.of("bob"));
    assertThat(rows("SELECT erasure_id, purged_at IS NOT NULL FROM privacy.erasure_log ORDER BY 1"))
        .containsExactly(List.of("erasure-due", true), List.of("erasure-later", false));
    assertThat(Purge.due(warehouse, NOW, 0)).as("purged once").isEmpty();
    assertThat(Purge.due(warehouse, NOW.plus(Duration.ofHours(2)), 0))
        .containsExactly("erasure-later");
  }

  /**
   * A crash after the erasure was logged and listed, before its deletes: the next run deletes Ann's
   * rows from the suppression list's keys alone, her quarantined row too (an address with an
   * apostrophe), and completes the erasure when it has rebuilt; the purge is due from then.
   */
  @Test
  void aPendingErasureIsDeletedAgainFromItsKeysAndCompletedByTheNextRun() {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    SourceContract people =
        new SourceContract(
            "crm",
            "Person",
            null,
            List.of("id"),
            null,
            null,
            null,
            null,
            null,
            List.of(
                new SourceContract.Column("id", null, "string", true, null, "record", null),
                new SourceContract.Column("email", null, "string", false, null, "email", null)),
            "people.yml");
    warehouse.overwrite(
        "bronze",
        "raw_crm_person",
        sql(
            "SELECT * FROM VALUES ('00Q1', 'Ann.O''Brien@Acme.example'), ('00Q2', 'bob@beta.example')"
                + " AS t(id, email)"));
    warehouse.overwrite(
        "bronze",
        "quarantine",
        sql(
            "SELECT * FROM VALUES ('00Q7,\"O''Brien\",ann.o''brien@acme.example,x'),"
                + " ('00Q8,bob@beta.example,x') AS t(raw_text)"));
    String key = EmailKeys.configuredKey();
    Set<String> keys =
        Set.of(
            EmailKeys.hash(key, "ann.o'brien@acme.example"),
            EmailKeys.identifierHash(key, "ann.o'brien@acme.example"),
            EmailKeys.identifierHash(key, "00Q1"));
    SuppressionList.add(warehouse, keys, "erasure-crashed", Timestamp.from(NOW));
    ErasureLog.begin(warehouse, erasure("erasure-crashed", NOW));

    assertThat(
            warehouse
                .read("bronze", "raw_crm_person")
                .filter(not(SuppressionList.matches(people, keys)))
                .select("id")
                .as(Encoders.STRING())
                .collectAsList())
        .as("what silver reads before the deletes are done again")
        .containsExactly("00Q2");
    assertThat(PendingErasures.deleteAgain(warehouse, List.of(people)))
        .containsEntry("bronze.raw_crm_person", 1L)
        .containsEntry("bronze.quarantine", 1L);
    assertThat(rows("SELECT id FROM bronze.raw_crm_person")).containsExactly(List.of("00Q2"));
    assertThat(rows("SELECT raw_text FROM bronze.quarantine"))
        .containsExactly(List.of("00Q8,bob@beta.example,x"));
    assertThat(Purge.due(warehouse, NOW.plus(Duration.ofDays(30)), 0))
        .as("a pending erasure is never purged")
        .isEmpty();

    Instant rebuilt = NOW.plus(Duration.ofHours(2));
    assertThat(PendingErasures.complete(warehouse, "run-2", rebuilt, Duration.ofDays(7)))
        .containsExactly("erasure-crashed");

    assertThat(
            rows(
                "SELECT status, rebuilt_run_id, CAST(purge_after AS STRING) FROM"
                    + " privacy.erasure_log"))
        .containsExactly(List.of("completed", "run-2", "2026-11-27 08:00:00"));
    assertThat(PendingErasures.deleteAgain(warehouse, List.of(people))).isEmpty();
  }
}
