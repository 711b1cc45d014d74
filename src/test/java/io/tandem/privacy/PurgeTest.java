package io.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.spark.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge step vacuums once an erasure is due, and only then. */
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

  private long dataFiles(String layer, String table) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(layer).resolve(table))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void aDueErasureVacuumsEveryTableOnceAndIsMarkedPurged() throws IOException {
    Warehouse warehouse = new Warehouse(spark(), root);
    warehouse.overwrite("bronze", "raw_people", sql("SELECT 'ann' AS name"));
    warehouse.overwrite("bronze", "raw_people", sql("SELECT 'bob' AS name"));
    ErasureLog.append(warehouse, erasure("erasure-due", NOW.minus(Duration.ofHours(1))));
    ErasureLog.append(warehouse, erasure("erasure-later", NOW.plus(Duration.ofHours(1))));
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
}
