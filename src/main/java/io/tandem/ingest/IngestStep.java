package io.tandem.ingest;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.model.FileDays;
import io.tandem.pipeline.HaltPoints;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.privacy.PendingErasures;
import io.tandem.privacy.SuppressionList;
import io.tandem.spark.SparkWork;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Storage;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * landing → bronze: reads every new or changed extract file of every contracted source object,
 * writes its rows to {@code bronze.raw_<source>_<object>} (replacing the file's earlier rows),
 * routes bad rows to {@code bronze.quarantine} with a reason, and records each file in {@code
 * bronze.file_manifest}. Per file: rows read = rows loaded + rows quarantined.
 */
@Component
public class IngestStep extends SparkStep {
  private static final Logger log = LoggerFactory.getLogger(IngestStep.class);
  private static final List<String> CONNECTOR_COLUMN_PREFIXES =
      List.of("_fivetran", "_airbyte", "_sdc_");
  private static final String BRONZE_STATS_COLUMNS =
      String.join(
          ",",
          BronzeSchema.SOURCE_FILE,
          BronzeSchema.SOURCE_RECORD,
          BronzeSchema.EXTRACT_DATE,
          BronzeSchema.RUN_ID,
          BronzeSchema.INGESTED_AT);
  private static final String QUARANTINE_STATS_COLUMNS = "source,object,source_file,record";

  /** Landing entries that no contract reads: see {@link #writeUnread}. */
  public static final String UNREAD_TABLE = "landing_unread";

  private static final StructType UNREAD_SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, false)
          .add(BronzeSchema.RUN_ID, DataTypes.StringType, false)
          .add("_seen_at", DataTypes.TimestampType, false);

  public IngestStep(@Lazy SparkSession spark, TandemSettings settings) {
    super("ingest", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    Storage storage = Storage.of(spark);
    FileManifest manifest = new FileManifest(warehouse, storage, run.landing());
    LandingScanner scanner = new LandingScanner(storage, run.landing());
    StepOutcome outcome = new StepOutcome();
    Map<String, Object> perObject = new LinkedHashMap<>();
    Loaded loaded =
        new Loaded(
            Timestamp.from(run.clock().instant()),
            SuppressionList.load(warehouse),
            Definitions.load(settings.confPath()).integer("quality.max_record_characters"),
            IngestedVersions.read(warehouse));
    SparkWork work = SparkWork.of(spark);
    List<SourceContract> contracts = SourceContract.loadAll(settings.schemasPath());
    Map<String, Long> deletedAgain = PendingErasures.deleteAgain(warehouse, contracts);
    if (!deletedAgain.isEmpty()) {
      outcome.note("a pending erasure's rows deleted again: " + deletedAgain);
    }
    try {
      for (SourceContract contract : contracts) {
        List<LandingFile> pending = new ArrayList<>();
        Map<String, String> checksums = new HashMap<>();
        boolean onlyNewPaths = true;
        for (LandingFile file : scanner.files(contract, run.businessDate())) {
          String checksum = manifest.checksumIfNewOrChanged(file);
          if (checksum != null) {
            pending.add(file);
            checksums.put(file.relativePath(), checksum);
            onlyNewPaths &= !manifest.ingestedBefore(file);
          }
        }
        boolean newPaths = onlyNewPaths;
        SparkWork.Metered<ObjectCounts> metered =
            work.unit(
                "ingest " + contract.displayName(),
                () -> {
                  if (!pending.isEmpty()) {
                    return ingest(
                        warehouse, contract, pending, newPaths, checksums, run, loaded, outcome);
                  }
                  ensureTable(
                      warehouse,
                      contract.bronzeTable(),
                      BronzeSchema.bronze(contract),
                      BRONZE_STATS_COLUMNS);
                  return new ObjectCounts();
                });
        ObjectCounts counts = metered.value();
        outcome.addRowsIn(counts.read).table("bronze." + contract.bronzeTable(), counts.loaded);
        Map<String, Object> objectDetail = counts.asMap(pending.size());
        objectDetail.putAll(metered.work().asMap());
        perObject.put(contract.displayName(), objectDetail);
        log.info(
            "  {}: {} new file(s), {} rows read, {} loaded, {} quarantined, {} suppressed; {}",
            contract.displayName(),
            pending.size(),
            counts.read,
            counts.loaded,
            counts.quarantined,
            counts.suppressed,
            metered.work());
      }
      Map<String, String> written =
          loaded.writeQuarantineAndManifest(
              warehouse,
              Stream.concat(
                      contracts.stream().map(SourceContract::bronzeTable),
                      Stream.of("quarantine", FileManifest.TABLE))
                  .toList());
      if (!written.isEmpty()) {
        outcome.detail("written", written);
      }
    } finally {
      loaded.parsed.forEach(Dataset::unpersist);
    }
    ensureTable(warehouse, "quarantine", BronzeSchema.quarantine(), QUARANTINE_STATS_COLUMNS);
    ensureTable(warehouse, FileManifest.TABLE, FileManifest.SCHEMA, null);
    List<LandingScanner.Unread> unread = scanner.unread(contracts);
    writeUnread(warehouse, unread, run, loaded.ingestedAt);
    unread.forEach(entry -> outcome.note("not read: " + entry));
    return outcome
        .detail("objects", perObject)
        .detail("unread_landing_entries", unread.stream().map(Object::toString).toList());
  }

  /**
   * {@code bronze.landing_unread}: the landing entries no contract reads, as of this run (replaced
   * each run), for the run report, the quality gate and anyone asking why a file never arrived.
   */
  private void writeUnread(
      Warehouse warehouse, List<LandingScanner.Unread> unread, RunContext run, Timestamp seenAt) {
    List<Row> rows =
        unread.stream()
            .map(u -> RowFactory.create(u.path(), u.reason(), run.runId(), seenAt))
            .toList();
    warehouse.overwrite("bronze", UNREAD_TABLE, spark.createDataFrame(rows, UNREAD_SCHEMA));
  }

  /**
   * What the step has loaded so far: the quarantined rows and manifest rows of every ingested file,
   * written once for all objects when the bronze tables are written (two commits per run instead of
   * two per object).
   */
  private final class Loaded {
    final Timestamp ingestedAt;
    final Set<String> suppressed;
    final int maxRecordChars;
    final List<Dataset<Row>> parsed = new ArrayList<>();
    final List<Dataset<Row>> quarantined = new ArrayList<>();
    final List<Row> manifestRows = new ArrayList<>();
    final List<String> paths = new ArrayList<>();
    final IngestedVersions last;
    boolean onlyNewPaths = true;

    Loaded(
        Timestamp ingestedAt, Set<String> suppressed, int maxRecordChars, IngestedVersions last) {
      this.ingestedAt = ingestedAt;
      this.suppressed = suppressed;
      this.maxRecordChars = maxRecordChars;
      this.last = last;
    }

    /**
     * Quarantine first, then the manifest, then the versions the tables of {@code written} are left
     * at: a run that dies before the manifest is written reads the same files again on restart and
     * replaces their rows, never duplicating one.
     */
    Map<String, String> writeQuarantineAndManifest(Warehouse warehouse, List<String> tables) {
      if (paths.isEmpty()) {
        return Map.of();
      }
      Map<String, String> written = new LinkedHashMap<>();
      written.put(
          "quarantine",
          writeRows(
              warehouse,
              "quarantine",
              quarantined.stream().reduce(Dataset::unionAll).orElseThrow(),
              "source_file",
              paths,
              onlyNewPaths,
              tableProperties(QUARANTINE_STATS_COLUMNS)));
      HaltPoints.reached("ingest");
      written.put(
          FileManifest.TABLE,
          writeRows(
              warehouse,
              FileManifest.TABLE,
              spark.createDataFrame(manifestRows, FileManifest.SCHEMA),
              "path",
              paths,
              onlyNewPaths,
              Map.of()));
      IngestedVersions.record(warehouse, tables);
      return written;
    }

    /**
     * Writes the rows of the files {@code paths} to {@code bronze.<table>}: appended when the table
     * cannot hold any of them yet ({@code newPaths}, and the table as the last ingest left it:
     * {@link IngestedVersions}), else replacing whatever rows of those files it holds. Returns
     * which, for the run report.
     */
    String writeRows(
        Warehouse warehouse,
        String table,
        Dataset<Row> rows,
        String pathColumn,
        List<String> paths,
        boolean newPaths,
        Map<String, String> options) {
      if (newPaths && last.unchanged(warehouse, table)) {
        warehouse.appendNew("bronze", table, rows);
        return "appended";
      }
      warehouse.replaceWhere(
          "bronze", table, rows, pathColumn + " IN " + Warehouse.inList(paths), options);
      return "replaced by file";
    }
  }

  private ObjectCounts ingest(
      Warehouse warehouse,
      SourceContract contract,
      List<LandingFile> files,
      boolean newPaths,
      Map<String, String> checksums,
      RunContext run,
      Loaded loaded,
      StepOutcome outcome) {
    List<String> paths = files.stream().map(LandingFile::relativePath).toList();
    int slices = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 2));
    var pathRdd =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(paths, slices);
    Dataset<Row> parsed =
        spark
            .createDataset(pathRdd.rdd(), Encoders.STRING())
            .flatMap(
                new ExtractParser(
                    contract,
                    run.landing().toString(),
                    new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()),
                    run.runId(),
                    loaded.ingestedAt,
                    loaded.maxRecordChars),
                Encoders.row(BronzeSchema.parsed(contract)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    loaded.parsed.add(parsed);
    // An erased person's rows are counted, never loaded (docs/privacy.md).
    Column isSuppressed =
        SuppressionList.suppresses(
            contract,
            loaded.suppressed,
            col(BronzeSchema.ERROR_REASON),
            col(BronzeSchema.RAW_TEXT));
    FileCounts fileCounts = countPerFile(contract, parsed, isSuppressed);
    reportDrift(contract, fileCounts, outcome);
    Dataset<Row> good =
        parsed
            .filter(col(BronzeSchema.ERROR_REASON).isNull().and(not(isSuppressed)))
            .select(bronzeColumns(contract));
    // Replaced by file unless the table cannot hold them yet: a run that dies before the manifest
    // is written loads the same files again on restart without duplicating a row.
    ObjectCounts counts = new ObjectCounts();
    counts.written =
        loaded.writeRows(
            warehouse,
            contract.bronzeTable(),
            good,
            BronzeSchema.SOURCE_FILE,
            paths,
            newPaths,
            tableProperties(BRONZE_STATS_COLUMNS));
    loaded.onlyNewPaths &= newPaths;
    loaded.quarantined.add(
        parsed
            .filter(col(BronzeSchema.ERROR_REASON).isNotNull().and(not(isSuppressed)))
            .select(
                lit(contract.source()).as("source"),
                lit(contract.object()).as("object"),
                col(BronzeSchema.SOURCE_FILE).as("source_file"),
                col(BronzeSchema.SOURCE_RECORD).as("record"),
                col(BronzeSchema.ERROR_COLUMN).as("column_name"),
                col(BronzeSchema.ERROR_REASON).as("reason"),
                col(BronzeSchema.RAW_TEXT).as("raw_text"),
                col(BronzeSchema.RUN_ID),
                col(BronzeSchema.INGESTED_AT)));
    loaded.paths.addAll(paths);

    for (LandingFile file : files) {
      FileRows c = fileCounts.perFile.getOrDefault(file.relativePath(), FileRows.NONE);
      boolean rejected = c.rejected();
      if (rejected) {
        outcome.note("rejected " + file.relativePath() + ": see bronze.quarantine for the reason");
        counts.rejectedFiles++;
      }
      long loadedRows = c.loaded();
      counts.add(loadedRows, c.quarantined(), c.suppressed());
      loaded.manifestRows.add(
          FileManifest.row(
              contract,
              file,
              checksums.get(file.relativePath()),
              new FileManifest.Counts(loadedRows, c.quarantined(), c.suppressed()),
              rejected,
              run.runId(),
              loaded.ingestedAt));
    }
    if (contract.windowBy() != null) {
      Map<String, FileDays.Days> days = new HashMap<>();
      files.forEach(
          file ->
              days.put(
                  FileDays.key(file.relativePath(), checksums.get(file.relativePath())),
                  fileCounts.perFile.getOrDefault(file.relativePath(), FileRows.NONE).days()));
      FileDays.remember(warehouse, contract.bronzeTable(), days);
    }
    return counts;
  }

  /** A file's rows: all it holds, those quarantined, those of suppressed people. */
  private record FileRows(
      long rows, long quarantined, boolean rejected, long suppressed, FileDays.Days days) {
    static final FileRows NONE = new FileRows(0, 0, false, 0, new FileDays.Days(0, null, null));

    long loaded() {
      return rows - quarantined - suppressed;
    }
  }

  /**
   * The rows of each file; the columns of loaded rows that the contract does not name; and per file
   * the contract columns its header lacks. One pass.
   */
  private record FileCounts(
      Map<String, FileRows> perFile,
      List<String> extraColumns,
      Map<String, String> absentColumns) {}

  private static FileCounts countPerFile(
      SourceContract contract, Dataset<Row> parsed, Column isSuppressed) {
    Map<String, FileRows> perFile = new HashMap<>();
    // the days the loaded rows fall on, for an object read by window (model/FileDays)
    Column day =
        contract.windowBy() == null
            ? lit(null).cast("date")
            : when(
                col(BronzeSchema.ERROR_REASON).isNull().and(not(isSuppressed)),
                call_function("parse_date", col(contract.windowBy())));
    Set<String> extra = new TreeSet<>();
    Map<String, String> absent = new TreeMap<>();
    parsed
        .groupBy(BronzeSchema.SOURCE_FILE)
        .agg(
            count(lit(1)),
            count(when(col(BronzeSchema.ERROR_REASON).isNotNull().and(not(isSuppressed)), 1)),
            max(when(col(BronzeSchema.ERROR_REASON).startsWith("file rejected"), 1).otherwise(0)),
            count(when(isSuppressed, 1)),
            array_distinct(
                flatten(
                    collect_list(
                        when(
                            col(BronzeSchema.ERROR_REASON).isNull(),
                            map_keys(col(BronzeSchema.EXTRA)))))),
            max(col(BronzeSchema.ABSENT_COLUMNS)),
            min(day).cast("string"),
            max(day).cast("string"))
        .collectAsList()
        .forEach(
            r -> {
              perFile.put(
                  r.getString(0),
                  new FileRows(
                      r.getLong(1),
                      r.getLong(2),
                      r.getInt(3) == 1,
                      r.getLong(4),
                      new FileDays.Days(
                          r.getLong(1) - r.getLong(2) - r.getLong(4),
                          r.getString(7),
                          r.getString(8))));
              extra.addAll(r.getList(5));
              if (!r.isNullAt(6)) {
                absent.put(r.getString(0), r.getString(6));
              }
            });
    return new FileCounts(perFile, List.copyOf(extra), absent);
  }

  private static void reportDrift(
      SourceContract contract, FileCounts fileCounts, StepOutcome outcome) {
    Map<String, List<String>> filesByAbsentColumns = new TreeMap<>();
    fileCounts.absentColumns.forEach(
        (file, columns) ->
            filesByAbsentColumns.computeIfAbsent(columns, c -> new ArrayList<>()).add(file));
    filesByAbsentColumns.forEach(
        (columns, files) ->
            outcome.note(
                "schema drift in "
                    + contract.displayName()
                    + ": column(s) "
                    + columns.replace(",", ", ")
                    + " of "
                    + Path.of(contract.file()).getFileName()
                    + " are not in the header of "
                    + files.size()
                    + " file(s) ("
                    + String.join(", ", files.subList(0, Math.min(3, files.size())))
                    + (files.size() > 3 ? ", …" : "")
                    + "); loaded as null, so KPIs that need them show no data for those rows"));
    List<String> unknown =
        fileCounts.extraColumns.stream()
            .filter(
                c ->
                    CONNECTOR_COLUMN_PREFIXES.stream()
                        .noneMatch(c.toLowerCase(Locale.ROOT)::startsWith))
            .toList();
    if (!unknown.isEmpty()) {
      outcome.note(
          "schema drift in "
              + contract.displayName()
              + ": column(s) "
              + String.join(", ", unknown)
              + " are not in "
              + contract.file()
              + "; kept in bronze column _extra");
    }
  }

  private static org.apache.spark.sql.Column[] bronzeColumns(SourceContract contract) {
    return java.util.Arrays.stream(BronzeSchema.bronze(contract).fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  /**
   * Creates an empty table when an object had no file to create it with (a table is otherwise
   * created by its first write, in the same commit).
   */
  private static void ensureTable(
      Warehouse warehouse,
      String table,
      org.apache.spark.sql.types.StructType schema,
      String statsColumns) {
    warehouse.createIfMissing("bronze", table, schema, tableProperties(statsColumns));
  }

  /**
   * {@code statsColumns}: the only columns whose minimum and maximum Delta keeps in its log, so raw
   * values (addresses, names) never reach the log, which outlives the data files a purge removes.
   */
  private static Map<String, String> tableProperties(String statsColumns) {
    return statsColumns == null ? Map.of() : Map.of("delta.dataSkippingStatsColumns", statsColumns);
  }

  private static final class ObjectCounts {
    long read;
    long loaded;
    long quarantined;
    long suppressed;
    long rejectedFiles;
    String written; // how the bronze table took the rows: appended or replaced by file

    void add(long loadedRows, long quarantinedRows, long suppressedRows) {
      loaded += loadedRows;
      quarantined += quarantinedRows;
      suppressed += suppressedRows;
      read += loadedRows + quarantinedRows + suppressedRows;
    }

    Map<String, Object> asMap(int files) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("new_files", files);
      map.put("rows_read", read);
      map.put("rows_loaded", loaded);
      map.put("rows_quarantined", quarantined);
      map.put("rows_suppressed", suppressed);
      map.put("files_rejected", rejectedFiles);
      if (written != null) {
        map.put("written", written);
      }
      return map;
    }
  }
}
