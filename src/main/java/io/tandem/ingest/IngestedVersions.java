package io.tandem.ingest;

import io.tandem.spark.Warehouse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version of each bronze table as the last ingest that ended left it ({@code
 * <warehouse>/_tandem_ingest/versions.json}, written after the manifest). A table still at that
 * version holds no row of a file the manifest has not seen: an ingest that wrote a file's rows
 * either ended, recording the file in the manifest, or left the table at a later version. So the
 * rows of new files are appended to such a table without first looking for earlier copies of them
 * (a replacement by file reads the whole table for them).
 */
record IngestedVersions(Map<String, String> versions) {
  private static final String FOLDER = "_tandem_ingest";
  private static final String NAME = "versions";

  static IngestedVersions read(Warehouse warehouse) {
    return warehouse
        .readRecord(FOLDER, NAME, IngestedVersions.class)
        .orElse(new IngestedVersions(Map.of()));
  }

  /** Whether {@code bronze.<table>} is still as the last ingest that ended left it. */
  boolean unchanged(Warehouse warehouse, String table) {
    String recorded = versions.get(table);
    return recorded != null
        && warehouse.exists("bronze", table)
        && recorded.equals(warehouse.versionId("bronze", table));
  }

  /** Records the versions of {@code tables} (of bronze) as this ingest leaves them. */
  static void record(Warehouse warehouse, List<String> tables) {
    Map<String, String> versions = new TreeMap<>();
    for (String table : tables) {
      if (warehouse.exists("bronze", table)) {
        versions.put(table, warehouse.versionId("bronze", table));
      }
    }
    warehouse.writeRecord(FOLDER, NAME, new IngestedVersions(versions));
  }
}
