package io.tandem.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.tandem.spark.Warehouse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code privacy.erasure_log}: the audit of every erasure, with no personal data: when, what kind
 * of request and its reference, how many people, identifiers and rows, which landing files still
 * hold the person, the run that rebuilt the warehouse, and when the old data files were purged. An
 * erasure's row is written {@code pending} before anything is deleted and {@code completed} once
 * the warehouse is rebuilt without the person: a pending row left by a crash is finished by the
 * next run ({@link PendingErasures}). The purge is due {@code privacy.purge_after_hours} after the
 * completion, when VACUUM's retention no longer keeps the files the rebuild removed.
 */
public final class ErasureLog {
  static final String TABLE = "erasure_log";
  static final StructType SCHEMA =
      new StructType()
          .add("erasure_id", DataTypes.StringType, false)
          .add("requested_at", DataTypes.TimestampType, false)
          .add("request_type", DataTypes.StringType, false)
          .add("request_reference", DataTypes.StringType, true)
          .add("people", DataTypes.LongType, false)
          .add("identifiers", DataTypes.LongType, false)
          .add(
              "rows_deleted",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              false)
          .add("landing_files", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("rebuilt_run_id", DataTypes.StringType, true)
          .add("purge_after", DataTypes.TimestampType, false)
          .add("purged_at", DataTypes.TimestampType, true)
          .add("status", DataTypes.StringType, true);
  static final String PENDING = "pending";
  static final String COMPLETED = "completed";

  /** One erasure, as recorded. */
  public record Entry(
      String erasureId,
      Instant requestedAt,
      String requestType,
      String requestReference,
      long people,
      long identifiers,
      Map<String, Long> rowsDeleted,
      List<String> landingFiles,
      String rebuiltRunId,
      Instant purgeAfter) {

    /** This erasure as completed: the rows it deleted, the run that rebuilt, the purge's date. */
    Entry completed(Map<String, Long> deleted, String rebuiltRun, Instant purgeDue) {
      return new Entry(
          erasureId,
          requestedAt,
          requestType,
          requestReference,
          people,
          identifiers,
          deleted,
          landingFiles,
          rebuiltRun,
          purgeDue);
    }

    Row row(String status) {
      return RowFactory.create(
          erasureId,
          Timestamp.from(requestedAt),
          requestType,
          requestReference,
          people,
          identifiers,
          scala.jdk.javaapi.CollectionConverters.asScala(rowsDeleted),
          landingFiles.toArray(String[]::new),
          rebuiltRunId,
          Timestamp.from(purgeAfter),
          null,
          status);
    }
  }

  private ErasureLog() {}

  /** Records an erasure as pending, before its first delete. */
  static void begin(Warehouse warehouse, Entry entry) {
    warehouse.append(
        SuppressionList.LAYER,
        TABLE,
        warehouse.spark().createDataFrame(List.of(entry.row(PENDING)), SCHEMA));
  }

  /** Replaces an erasure's row with its completed record. */
  static void complete(Warehouse warehouse, Entry entry) {
    warehouse.replaceWhere(
        SuppressionList.LAYER,
        TABLE,
        warehouse.spark().createDataFrame(List.of(entry.row(COMPLETED)), SCHEMA),
        "erasure_id = '" + entry.erasureId() + "'");
  }

  /** Ids of erasures that have not completed (a crash, or a rebuild that did not finish). */
  static List<String> pending(Warehouse warehouse) {
    if (!warehouse.exists(SuppressionList.LAYER, TABLE)) {
      return List.of();
    }
    return warehouse
        .read(SuppressionList.LAYER, TABLE)
        .filter(col("status").eqNullSafe(PENDING))
        .orderBy("erasure_id")
        .select("erasure_id")
        .as(Encoders.STRING())
        .collectAsList();
  }

  /**
   * Marks pending erasures completed by {@code runId}, whose rebuild has just finished: the purge
   * is due {@code purgeAfter} from {@code at}.
   */
  static void completePending(
      Warehouse warehouse, List<String> erasureIds, String runId, Instant at, Duration purgeAfter) {
    Dataset<Row> completed =
        warehouse
            .read(SuppressionList.LAYER, TABLE)
            .filter(col("erasure_id").isin(erasureIds.toArray()))
            .withColumn("rebuilt_run_id", lit(runId))
            .withColumn("purge_after", lit(Timestamp.from(at.plus(purgeAfter))))
            .withColumn("status", lit(COMPLETED))
            .localCheckpoint();
    warehouse.replaceWhere(
        SuppressionList.LAYER, TABLE, completed, "erasure_id IN " + Warehouse.inList(erasureIds));
  }

  /**
   * Ids of completed erasures whose old data files are still in storage and are due to be purged.
   */
  static List<String> duePurges(Warehouse warehouse, Instant now) {
    if (!warehouse.exists(SuppressionList.LAYER, TABLE)) {
      return List.of();
    }
    return warehouse
        .read(SuppressionList.LAYER, TABLE)
        .filter(
            col("purged_at")
                .isNull()
                .and(col("purge_after").leq(Timestamp.from(now)))
                .and(not(col("status").eqNullSafe(PENDING))))
        .select("erasure_id")
        .as(Encoders.STRING())
        .collectAsList();
  }

  static void markPurged(Warehouse warehouse, List<String> erasureIds, Instant at) {
    Dataset<Row> log = warehouse.read(SuppressionList.LAYER, TABLE);
    Dataset<Row> purged =
        log.filter(col("erasure_id").isin(erasureIds.toArray()))
            .withColumn("purged_at", lit(Timestamp.from(at)))
            .localCheckpoint();
    warehouse.replaceWhere(
        SuppressionList.LAYER, TABLE, purged, "erasure_id IN " + Warehouse.inList(erasureIds));
  }
}
