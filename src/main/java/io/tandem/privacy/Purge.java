package io.tandem.privacy;

import io.tandem.spark.SideBySide;
import io.tandem.spark.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes from storage the data files that erased rows left behind: a Delta delete or overwrite
 * writes new files and only marks the old ones removed, so until VACUUM runs the old files (and
 * time travel to them) still hold the person. Runs VACUUM on every table of the warehouse, keeping
 * files removed less than {@code retainHours} ago.
 */
final class Purge {
  private static final Logger log = LoggerFactory.getLogger(Purge.class);
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  private Purge() {}

  /**
   * Vacuums every table; returns the tables vacuumed. With no retention, a local table's unread
   * files are deleted from the file list Kernel replays ({@link Warehouse#removeUnreadFiles}), and
   * only the other tables go through Delta's VACUUM.
   */
  static List<String> vacuumAll(Warehouse warehouse, long retainHours) {
    SparkSession spark = warehouse.spark();
    warehouse.registerAll();
    List<String> vacuumed = new ArrayList<>();
    List<String> byDelta = new ArrayList<>();
    long removed = 0;
    for (String layer : Warehouse.LAYERS) {
      for (String table : warehouse.tables(layer)) {
        vacuumed.add(layer + "." + table);
        OptionalLong files =
            retainHours == 0 ? warehouse.removeUnreadFiles(layer, table) : OptionalLong.empty();
        if (files.isPresent()) {
          removed += files.getAsLong();
        } else {
          byDelta.add(layer + "." + table);
        }
      }
    }
    // Delta refuses a retention under its 7-day default unless told the caller means it: Tandem
    // holds the warehouse's lock, so no writer of its own can still need the old files.
    String previous = spark.conf().get(RETENTION_CHECK, "true");
    spark.conf().set(RETENTION_CHECK, "false");
    try {
      SideBySide.run(
          byDelta.stream()
              .<Runnable>map(
                  table -> () -> spark.sql("VACUUM " + table + " RETAIN " + retainHours + " HOURS"))
              .toList());
    } finally {
      spark.conf().set(RETENTION_CHECK, previous);
    }
    log.info(
        "  vacuumed {} tables (files removed over {} hours ago; {} through Delta's VACUUM, {} files"
            + " deleted from Kernel's file lists)",
        vacuumed.size(),
        retainHours,
        byDelta.size(),
        removed);
    return vacuumed;
  }

  /** Vacuums the warehouse when an erasure is due; returns the erasures purged. */
  static List<String> due(Warehouse warehouse, Instant now, long retainHours) {
    List<String> due = ErasureLog.duePurges(warehouse, now);
    if (!due.isEmpty()) {
      vacuumAll(warehouse, retainHours);
      ErasureLog.markPurged(warehouse, due, now);
    }
    return due;
  }
}
