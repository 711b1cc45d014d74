package io.tandem.ingest;

import io.tandem.contracts.SourceContract;
import io.tandem.errors.TandemErrors;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses one landing file into rows of {@link BronzeSchema#parsed}: every record becomes either a
 * bronze row (contract columns as strings, unknown columns in {@code _extra}) or a quarantine row
 * with the column and a reason. Runs on Spark executors, one file per call, streaming. Whatever
 * goes wrong while reading a file (it cannot be opened, it breaks off, a reader fails) becomes a
 * quarantine row of that file with the reason: a bad file never fails the run.
 */
final class ExtractParser implements FlatMapFunction<String, Row> {
  private final SourceContract contract;
  private final String landingRoot;
  private final SerializableConfiguration storageConf;
  private final String runId;
  private final Timestamp ingestedAt;
  private final int maxRecordChars;

  ExtractParser(
      SourceContract contract,
      String landingRoot,
      SerializableConfiguration storageConf,
      String runId,
      Timestamp ingestedAt,
      int maxRecordChars) {
    this.contract = contract;
    this.landingRoot = landingRoot;
    this.storageConf = storageConf;
    this.runId = runId;
    this.ingestedAt = ingestedAt;
    this.maxRecordChars = maxRecordChars;
  }

  @Override
  public Iterator<Row> call(String relativePath) throws IOException {
    String[] names = relativePath.split("/");
    Date extractDate = Date.valueOf(names[names.length - 2]);
    ExtractFiles.Opened opened;
    try {
      Storage storage = new Storage(storageConf.value());
      opened =
          ExtractFiles.open(
              storage.open(Location.of(landingRoot).resolve(relativePath)),
              names[names.length - 1],
              maxRecordChars);
    } catch (IOException | RuntimeException e) {
      return List.of(
              error(
                  relativePath,
                  extractDate,
                  0,
                  null,
                  "",
                  "cannot open file: "
                      + TandemErrors.rootMessage(e)
                      + "; put a readable copy in the landing folder under the same name and run again"))
          .iterator();
    }
    // An empty CSV (no header at all) is an extract with no rows, not a broken one. JSON records
    // carry no header: a field a record lacks is null.
    List<String> header = opened.header() == null ? List.of() : opened.header();
    List<String> missingKey = missing(header, this::rowCannotLiveWithout);
    if (!missingKey.isEmpty()) {
      opened.reader().close();
      String reason =
          "file rejected: key column(s) "
              + String.join(", ", missingKey)
              + " missing from the header, so no row can be told from another; add them to the"
              + " extract or add the header's name as an alias in "
              + Path.of(contract.file()).getFileName();
      return List.of(
              error(
                  relativePath,
                  extractDate,
                  1,
                  String.join(",", missingKey),
                  String.join(",", header),
                  reason))
          .iterator();
    }
    List<String> absent = missing(header, column -> true);
    return new RowIterator(opened, relativePath, extractDate, absent);
  }

  /**
   * A row is meaningless without its key; every other column may be absent from a file (a connector
   * that does not sync it) and is then loaded as null and reported as drift.
   */
  private boolean rowCannotLiveWithout(SourceContract.Column column) {
    return column.required() && contract.key().contains(column.name());
  }

  /** The contract columns (of those {@code which} selects) that a CSV header does not name. */
  private List<String> missing(List<String> header, Predicate<SourceContract.Column> which) {
    if (header.isEmpty()) {
      return List.of();
    }
    List<String> missing = new ArrayList<>();
    for (SourceContract.Column column : contract.columns()) {
      if (which.test(column) && header.stream().noneMatch(column::matches)) {
        missing.add(column.name());
      }
    }
    return missing;
  }

  private Row toRow(RawRecord record, String file, Date extractDate, List<String> absent) {
    if (record.error() != null) {
      return error(file, extractDate, record.position(), null, record.rawText(), record.error());
    }
    List<SourceContract.Column> columns = contract.columns();
    Object[] values = new Object[columns.size()];
    Map<String, String> extra = new LinkedHashMap<>();
    Map<String, Integer> indexByHeader = new HashMap<>();
    for (Map.Entry<String, String> field : record.fields().entrySet()) {
      int index = columnIndex(field.getKey(), indexByHeader);
      String value =
          field.getValue() == null || field.getValue().isEmpty() ? null : field.getValue();
      if (index >= 0) {
        values[index] = value;
      } else {
        extra.put(field.getKey(), value);
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      SourceContract.Column column = columns.get(i);
      String value = (String) values[i];
      if (column.required() && value == null && !absent.contains(column.name())) {
        return error(
            file,
            extractDate,
            record.position(),
            column.name(),
            record.rawText(),
            "required value is empty");
      }
      String problem = column.problem(value);
      if (problem != null) {
        return error(
            file, extractDate, record.position(), column.name(), record.rawText(), problem);
      }
    }
    return BronzeSchema.parsedRow(
        values,
        CollectionConverters.asScala(extra),
        file,
        record.position(),
        extractDate,
        runId,
        ingestedAt,
        absent.isEmpty() ? null : String.join(",", absent));
  }

  private int columnIndex(String header, Map<String, Integer> cache) {
    return cache.computeIfAbsent(
        header,
        h -> {
          List<SourceContract.Column> columns = contract.columns();
          for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).matches(h)) {
              return i;
            }
          }
          return -1;
        });
  }

  private Row error(
      String file, Date extractDate, long position, String column, String raw, String reason) {
    return BronzeSchema.errorRow(
        contract.columns().size(),
        file,
        position,
        extractDate,
        runId,
        ingestedAt,
        column,
        raw,
        reason);
  }

  /** Streams the file's records as rows; a read failure mid-file becomes one last error row. */
  private final class RowIterator extends LookaheadIterator<Row> {
    private final ExtractFiles.Opened opened;
    private final String file;
    private final Date extractDate;
    private final List<String> absent;
    private long lastPosition;
    private boolean done;

    RowIterator(ExtractFiles.Opened opened, String file, Date extractDate, List<String> absent) {
      this.opened = opened;
      this.file = file;
      this.extractDate = extractDate;
      this.absent = absent;
    }

    @Override
    protected Row computeNext() {
      if (done) {
        return null;
      }
      try {
        if (opened.records().hasNext()) {
          RawRecord record = opened.records().next();
          lastPosition = record.position();
          return toRow(record, file, extractDate, absent);
        }
        finish();
        return null;
      } catch (RuntimeException e) {
        finish();
        String reason =
            "file is damaged after record "
                + lastPosition
                + ": "
                + TandemErrors.rootMessage(e)
                + "; the rows before it are loaded. Put a complete copy of the file in the landing"
                + " folder under the same name and run again";
        return error(file, extractDate, lastPosition + 1, null, "", reason);
      }
    }

    private void finish() {
      done = true;
      try {
        opened.reader().close();
      } catch (IOException ignored) {
        // reading is over; a close failure loses nothing
      }
    }
  }
}
