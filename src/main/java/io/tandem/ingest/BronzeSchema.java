package io.tandem.ingest;

import io.tandem.contracts.SourceContract;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column layout of bronze tables and of the quarantine. Bronze keeps every contract column as the
 * string received, unknown columns in {@code _extra}, and the lineage columns (names starting with
 * {@code _}) that say which file, record and run each row came from.
 */
final class BronzeSchema {
  static final String EXTRA = "_extra";
  static final String SOURCE_FILE = "_source_file";
  static final String SOURCE_RECORD = "_source_record";
  static final String EXTRACT_DATE = "_extract_date";
  static final String RUN_ID = "_run_id";
  static final String INGESTED_AT = "_ingested_at";
  static final String ERROR_COLUMN = "_error_column";
  static final String ERROR_REASON = "_error_reason";
  static final String RAW_TEXT = "_raw_text";
  static final String ABSENT_COLUMNS = "_absent_columns";

  private BronzeSchema() {}

  static StructType bronze(SourceContract contract) {
    List<StructField> fields = new ArrayList<>();
    contract
        .columns()
        .forEach(
            c -> fields.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true)));
    fields.add(
        DataTypes.createStructField(
            EXTRA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true));
    fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(SOURCE_RECORD, DataTypes.LongType, false));
    fields.add(DataTypes.createStructField(EXTRACT_DATE, DataTypes.DateType, false));
    fields.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(INGESTED_AT, DataTypes.TimestampType, false));
    return DataTypes.createStructType(fields);
  }

  /**
   * Bronze plus the three error columns that route a row to the quarantine, and the contract
   * columns the file's header lacks (loaded as null; reported as drift, never written).
   */
  static StructType parsed(SourceContract contract) {
    return bronze(contract)
        .add(ERROR_COLUMN, DataTypes.StringType, true)
        .add(ERROR_REASON, DataTypes.StringType, true)
        .add(RAW_TEXT, DataTypes.StringType, true)
        .add(ABSENT_COLUMNS, DataTypes.StringType, true);
  }

  static StructType quarantine() {
    return new StructType()
        .add("source", DataTypes.StringType, false)
        .add("object", DataTypes.StringType, false)
        .add("source_file", DataTypes.StringType, false)
        .add("record", DataTypes.LongType, false)
        .add("column_name", DataTypes.StringType, true)
        .add("reason", DataTypes.StringType, false)
        .add("raw_text", DataTypes.StringType, true)
        .add(RUN_ID, DataTypes.StringType, false)
        .add(INGESTED_AT, DataTypes.TimestampType, false);
  }

  static Row parsedRow(
      Object[] values,
      scala.collection.Map<String, String> extra,
      String file,
      long record,
      Date extractDate,
      String runId,
      Timestamp ingestedAt,
      String absentColumns) {
    Object[] row = new Object[values.length + 10];
    System.arraycopy(values, 0, row, 0, values.length);
    int i = values.length;
    row[i++] = extra;
    row[i++] = file;
    row[i++] = record;
    row[i++] = extractDate;
    row[i++] = runId;
    row[i] = ingestedAt;
    row[row.length - 1] = absentColumns;
    return RowFactory.create(row);
  }

  static Row errorRow(
      int columnCount,
      String file,
      long record,
      Date extractDate,
      String runId,
      Timestamp ingestedAt,
      String column,
      String raw,
      String reason) {
    Object[] row = new Object[columnCount + 10];
    int i = columnCount + 1;
    row[i++] = file;
    row[i++] = record;
    row[i++] = extractDate;
    row[i++] = runId;
    row[i++] = ingestedAt;
    row[i++] = column;
    row[i++] = reason;
    row[i] = raw;
    return RowFactory.create(row);
  }
}
