package io.tandem.ingest;

import io.tandem.contracts.SourceContract;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bronze.file_manifest}: one row per ingested landing file with its size, checksum, row
 * counts and status, so a file is ingested once however often a run repeats, and a file that
 * changed under the same name is ingested again.
 */
final class FileManifest {
  static final String TABLE = "file_manifest";
  static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("object", DataTypes.StringType, false)
          .add("extract_date", DataTypes.DateType, false)
          .add("size_bytes", DataTypes.LongType, false)
          .add("modified_millis", DataTypes.LongType, false)
          .add("checksum_sha256", DataTypes.StringType, false)
          .add("rows_read", DataTypes.LongType, false)
          .add("rows_loaded", DataTypes.LongType, false)
          .add("rows_quarantined", DataTypes.LongType, false)
          .add("rows_suppressed", DataTypes.LongType, true)
          .add("status", DataTypes.StringType, false)
          .add("_run_id", DataTypes.StringType, false)
          .add("_ingested_at", DataTypes.TimestampType, false);

  private record Entry(long size, long modified, String checksum) {}

  private final Storage storage;
  private final Location landing;
  private final Map<String, Entry> entries = new HashMap<>();

  FileManifest(Warehouse warehouse, Storage storage, Location landing) {
    this.storage = storage;
    this.landing = landing;
    if (warehouse.exists("bronze", TABLE)) {
      for (Row row :
          warehouse
              .read("bronze", TABLE)
              .select("path", "size_bytes", "modified_millis", "checksum_sha256")
              .collectAsList()) {
        entries.put(row.getString(0), new Entry(row.getLong(1), row.getLong(2), row.getString(3)));
      }
    }
  }

  /** The file's checksum when it is new or changed since it was ingested, else null. */
  String checksumIfNewOrChanged(LandingFile file) {
    Entry seen = entries.get(file.relativePath());
    if (seen != null && seen.size == file.sizeBytes() && seen.modified == file.modifiedMillis()) {
      return null;
    }
    String checksum = sha256(landing.resolve(file.relativePath()));
    return seen != null && seen.checksum.equals(checksum) ? null : checksum;
  }

  /** Whether a file of this path was ingested before (and has changed since, if it is pending). */
  boolean ingestedBefore(LandingFile file) {
    return entries.containsKey(file.relativePath());
  }

  /** A file's rows: rows read = loaded + quarantined + suppressed (of erased people). */
  record Counts(long loaded, long quarantined, long suppressed) {}

  static Row row(
      SourceContract contract,
      LandingFile file,
      String checksum,
      Counts counts,
      boolean rejected,
      String runId,
      Timestamp ingestedAt) {
    String status =
        rejected ? "rejected" : counts.quarantined > 0 ? "loaded_with_quarantine" : "loaded";
    return RowFactory.create(
        file.relativePath(),
        contract.source(),
        contract.object(),
        Date.valueOf(file.extractDate()),
        file.sizeBytes(),
        file.modifiedMillis(),
        checksum,
        counts.loaded + counts.quarantined + counts.suppressed,
        counts.loaded,
        counts.quarantined,
        counts.suppressed,
        status,
        runId,
        ingestedAt);
  }

  private String sha256(Location file) {
    try (InputStream in = storage.open(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
