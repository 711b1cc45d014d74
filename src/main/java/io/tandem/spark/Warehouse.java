package io.tandem.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import io.tandem.errors.TandemErrors;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.util.FileNames;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Delta warehouse on disk: every table lives at {@code <root>/<layer>/<table>} and is
 * registered in the session catalog as {@code <layer>.<table>} so SQL can name it.
 */
public final class Warehouse {
  public static final List<String> LAYERS =
      List.of("bronze", "silver", "journey", "gold", "privacy");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE_DEFAULTS = "spark.databricks.delta.properties.defaults.";
  private static final String FIRST_COMMIT = "00000000000000000000.json";
  private static final String FIRST_CHECKSUM = "00000000000000000000.crc";

  private static final String COLUMN_MAPPING = "delta.columnMapping.mode";
  private static final String TYPE_WIDENING = "delta.enableTypeWidening";

  /** Columns the Kernel path of a replacement or merge adds to its queries. */
  private static final String FILE = "_tandem_file";

  private static final String MERGE_KEY = "_tandem_merge_key";

  /** Spark's option to take file paths literally (a warehouse folder may contain [ or *). */
  private static final String NO_GLOBBING = "__globPaths__";

  private final SparkSession spark;
  private final Location root;
  private final Storage storage;
  private final KernelCommits kernel;

  public Warehouse(SparkSession spark, Location root) {
    this.spark = spark;
    this.root = root;
    this.storage = Storage.of(spark);
    this.kernel = new KernelCommits(spark, storage);
  }

  /** The warehouse at {@code root}, every table of it registered in {@code spark}'s catalog. */
  public static Warehouse registered(SparkSession spark, Location root) {
    Warehouse warehouse = new Warehouse(spark, root);
    warehouse.registerAll();
    return warehouse;
  }

  public SparkSession spark() {
    return spark;
  }

  public Location root() {
    return root;
  }

  public Location tablePath(String layer, String table) {
    return root.resolve(layer).resolve(table);
  }

  public boolean exists(String layer, String table) {
    return isCommitted(tablePath(layer, table));
  }

  /**
   * A folder is a table once its first Delta commit is written. A write that died before that
   * leaves data files and an empty log folder that no reader sees, and the next write replaces.
   */
  private boolean isCommitted(Location table) {
    return storage.list(table.resolve("_delta_log")).stream()
        .anyMatch(entry -> entry.name().matches("\\d{20}\\.(json|checkpoint.*\\.parquet)"));
  }

  /**
   * The table's rows, summed from the file statistics of {@link #listedFiles} (no Spark job), else
   * counted by Spark.
   */
  public long rows(String layer, String table) {
    return listedFiles(layer, table)
        .flatMap(ListedFiles::rows)
        .orElseGet(() -> read(layer, table).count());
  }

  /**
   * The table's rows as of its latest version. When Delta's checksum file of that version lists its
   * files ({@link #listedFiles}), they are read as Parquet: the same rows, without the Delta
   * snapshot and file-listing Spark jobs that planning a Delta scan runs (a few per table a query
   * reads, most of a small model's cost).
   */
  public Dataset<Row> read(String layer, String table) {
    return listedFiles(layer, table)
        .map(files -> files.rows(spark))
        .orElseGet(() -> spark.read().format("delta").load(tablePath(layer, table).toString()));
  }

  /**
   * A small JSON record kept beside the tables, in {@code <root>/<folder>/<name>.json}; empty when
   * there is none or it cannot be read (whoever keeps it then does its work again).
   */
  public <T> Optional<T> readRecord(String folder, String name, Class<T> type) {
    return storage
        .readString(root.resolve(folder).resolve(name + ".json"))
        .flatMap(
            text -> {
              try {
                return Optional.of(JSON.readValue(text, type));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  /** Writes a {@link #readRecord} record whole, replacing the one there. */
  public void writeRecord(String folder, String name, Object record) {
    try {
      storage.writeString(
          root.resolve(folder).resolve(name + ".json"), JSON.writeValueAsString(record) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table's latest Delta version (-1 when it has no commit). */
  public long version(String layer, String table) {
    return snapshot(tablePath(layer, table)).version();
  }

  /**
   * The table's latest version and the id Delta gave it when it was created ({@code v12_1a2b3c4d}),
   * or {@code none}: a table written since, or dropped and created again, has another.
   */
  public String versionId(String layer, String table) {
    Snapshot snapshot = snapshot(tablePath(layer, table));
    return snapshot.version() < 0 ? "none" : versionId(snapshot);
  }

  /** {@link #versionId(String, String)} of the table named {@code <layer>.<table>}. */
  public String versionId(String qualifiedName) {
    String[] parts = layerAndTable(qualifiedName);
    return versionId(parts[0], parts[1]);
  }

  /** {@link #read(String, String)} of the table named {@code <layer>.<table>}. */
  public Dataset<Row> read(String qualifiedName) {
    String[] parts = layerAndTable(qualifiedName);
    return read(parts[0], parts[1]);
  }

  /** {@link #rows(String, String)} of the table named {@code <layer>.<table>}. */
  public long rows(String qualifiedName) {
    String[] parts = layerAndTable(qualifiedName);
    return rows(parts[0], parts[1]);
  }

  private static String[] layerAndTable(String qualifiedName) {
    return qualifiedName.split("\\.", 2);
  }

  private static String versionId(Snapshot snapshot) {
    return "v" + snapshot.version() + "_" + snapshot.metadata().id().substring(0, 8);
  }

  private Snapshot snapshot(Location table) {
    return DeltaLog.forTable(spark, table.hadoopPath())
        .update(false, Option.empty(), Option.empty());
  }

  /**
   * The table's rows as of an earlier Delta version; fails when the version's log is gone (Delta
   * keeps it for {@code delta.logRetentionDuration}, 30 days by default).
   */
  public Dataset<Row> readVersion(String layer, String table, long version) {
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(tablePath(layer, table).toString());
  }

  /**
   * The name a query should use for {@code layer.table}: a temporary view of {@link #read} when the
   * table's files are listed, else the table's own name.
   */
  public String queryName(String layer, String table) {
    return listedFiles(layer, table)
        .map(
            files -> {
              String view = layer + "__" + table + "__" + files.versionId();
              files.rows(spark).createOrReplaceTempView(view);
              return view;
            })
        .orElse(layer + "." + table);
  }

  /**
   * The data files of the table's latest version, when the checksum file Delta writes after each
   * commit lists them (tables of up to {@code
   * spark.databricks.delta.allFilesInCrc.thresholdNumFiles} files, 50 by default) and the files
   * hold the rows as they are: no partition columns, column mapping, type widening or deletion
   * vectors. Otherwise empty, and the table is read through Delta.
   */
  private Optional<ListedFiles> listedFiles(String layer, String table) {
    Location path = tablePath(layer, table);
    Snapshot snapshot = snapshot(path);
    Option<VersionChecksum> checksum = snapshot.checksumOpt();
    if (!plainParquet(snapshot) || checksum.isEmpty() || checksum.get().allFiles().isEmpty()) {
      return Optional.empty();
    }
    List<AddFile> files = CollectionConverters.asJava(checksum.get().allFiles().get());
    if (files.stream().anyMatch(file -> file.deletionVector() != null)) {
      return Optional.empty();
    }
    String folder = path.hadoopPath().toUri().toString();
    URI base = URI.create(folder.endsWith("/") ? folder : folder + "/");
    return Optional.of(
        new ListedFiles(
            // The table's id tells a table created again in the same folder from the old one.
            versionId(snapshot),
            snapshot.version(),
            snapshot.schema(),
            files.stream().map(file -> dataFile(base.resolve(URI.create(file.path())))).toList(),
            files.stream().map(AddFile::numLogicalRecords).toList()));
  }

  /**
   * Whether the table has a version whose data files are plain Parquet files of its columns: no
   * partition columns, column mapping or type widening.
   */
  private static boolean plainParquet(Snapshot snapshot) {
    return snapshot.version() >= 0
        && snapshot.metadata().partitionColumns().isEmpty()
        && snapshot
            .metadata()
            .configuration()
            .getOrElse(COLUMN_MAPPING, () -> "none")
            .equals("none")
        && !snapshot
            .metadata()
            .configuration()
            .getOrElse(TYPE_WIDENING, () -> "false")
            .equals("true");
  }

  /** One table version's data files, schema and (when recorded) rows per file. */
  private record ListedFiles(
      String versionId,
      long version,
      StructType schema,
      List<String> paths,
      List<Option<Object>> rowsPerFile) {
    Dataset<Row> rows(SparkSession spark) {
      return read(spark, schema, paths);
    }

    /** The rows of those of the files in {@code subset}. */
    Dataset<Row> rows(SparkSession spark, Set<Path> subset) {
      return read(
          spark, schema, paths.stream().filter(path -> subset.contains(absolute(path))).toList());
    }

    /** How many rows those of the files in {@code subset} hold (every file's rows are recorded). */
    long rowCount(Set<Path> subset) {
      return IntStream.range(0, paths.size())
          .filter(i -> subset.contains(absolute(paths.get(i))))
          .mapToLong(i -> (Long) rowsPerFile.get(i).get())
          .sum();
    }

    private static Path absolute(String path) {
      return Path.of(path).toAbsolutePath().normalize();
    }

    static Dataset<Row> read(SparkSession spark, StructType schema, List<String> paths) {
      return paths.isEmpty()
          ? spark.createDataFrame(List.of(), schema)
          : spark
              .read()
              .schema(schema)
              .option(NO_GLOBBING, "false")
              .parquet(paths.toArray(String[]::new));
    }

    Optional<Long> rows() {
      return rowsPerFile.stream().allMatch(Option::isDefined)
          ? Optional.of(rowsPerFile.stream().mapToLong(rows -> (Long) rows.get()).sum())
          : Optional.empty();
    }
  }

  /**
   * Replaces the whole table with {@code data} in one Delta commit (readers see old or new);
   * returns the rows written. Data the optimizer knows to be empty is written without a Spark job:
   * a missing table is created by its first commit, and a table already empty with the same columns
   * is left as it is. A table on the local disk that keeps its columns, and whose checksum lists
   * its files, is committed through Delta Kernel without Delta's Spark jobs ({@link
   * KernelCommits}); a missing local table is first created empty, so its rows take that path too.
   */
  public long overwrite(String layer, String table, Dataset<Row> data) {
    return overwrite(layer, table, data, 0);
  }

  /**
   * {@link #overwrite(String, String, Dataset)} with at most {@code maxRowsPerFile} rows in a data
   * file (0: no limit): rows written in a column's order then fill files that each hold a narrow
   * range of it.
   */
  public long overwrite(String layer, String table, Dataset<Row> data, int maxRowsPerFile) {
    StructType schema = data.schema().asNullable();
    if (knownEmpty(data) && !exists(layer, table)) {
      createIfMissing(layer, table, schema, Map.of());
      return 0;
    }
    createForKernel(layer, table, schema);
    Location path = tablePath(layer, table);
    Optional<ListedFiles> sameColumns =
        listedFiles(layer, table).filter(files -> files.schema().equals(schema));
    if (knownEmpty(data) && sameColumns.isPresent() && sameColumns.get().paths().isEmpty()) {
      return 0; // already empty with these columns: nothing to commit
    }
    Optional<ObjectNode> checksum =
        path.isLocal()
            ? sameColumns.flatMap(files -> kernel.checksum(path, files.version(), true))
            : Optional.empty();
    if (checksum.isPresent()) {
      long rows =
          kernel.write(
              path, sameColumns.get().version(), checksum.get(), data, maxRowsPerFile, true);
      committed();
      register(layer, table);
      return rows;
    }
    data.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("maxRecordsPerFile", maxRowsPerFile)
        .save(tablePath(layer, table).toString());
    committed();
    register(layer, table);
    return lastCommitMetric(layer, table, "numOutputRows");
  }

  /**
   * Whether Spark's optimizer has folded {@code data} to an empty relation (a query over empty
   * inputs, say): then it is written without a Spark job.
   */
  private static boolean knownEmpty(Dataset<Row> data) {
    return data.queryExecution().optimizedPlan() instanceof LocalRelation relation
        && relation.data().isEmpty();
  }

  /**
   * A metric of the table's latest commit (the rows it wrote, say), from the commit's own metrics
   * in its log file: no Spark job, and the warehouse has one writer, so the latest commit is the
   * caller's.
   */
  private long lastCommitMetric(String layer, String table, String metric) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath(layer, table).hadoopPath());
    org.apache.hadoop.fs.Path commit =
        FileNames.unsafeDeltaFile(log.logPath(), log.unsafeVolatileSnapshot().version());
    try (var in = commit.getFileSystem(log.newDeltaHadoopConf()).open(commit);
        var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode info = JSON.readTree(line).path("commitInfo");
        if (!info.isMissingNode()) {
          return info.path("operationMetrics").path(metric).asLong(0);
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Appends {@code data} in one Delta commit, creating the table when it does not exist. New
   * columns (a contract that gained a column) are added to the table.
   */
  public void append(String layer, String table, Dataset<Row> data) {
    deltaAppend(layer, table, data, 0);
  }

  private void deltaAppend(String layer, String table, Dataset<Row> data, int maxRowsPerFile) {
    data.write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .option("maxRecordsPerFile", maxRowsPerFile)
        .save(tablePath(layer, table).toString());
    committed();
    register(layer, table);
  }

  /**
   * Appends {@code data}, none of whose rows the table may hold already (the caller knows it: a
   * replacement of them would find nothing to replace), in one commit. A local table whose columns
   * take the rows as they are, and whose latest version has a checksum, is committed through Delta
   * Kernel ({@link KernelCommits}); any other through Delta's writer. Returns the rows written.
   */
  public long appendNew(String layer, String table, Dataset<Row> data) {
    return appendNew(layer, table, data, 0);
  }

  /**
   * {@link #appendNew(String, String, Dataset)} with at most {@code maxRowsPerFile} rows in a data
   * file (0: no limit).
   */
  public long appendNew(String layer, String table, Dataset<Row> data, int maxRowsPerFile) {
    Location path = tablePath(layer, table);
    createForKernel(layer, table, data.schema().asNullable());
    Snapshot snapshot = snapshot(path);
    Optional<ObjectNode> checksum =
        path.isLocal() && plainParquet(snapshot) && takesAsTheyAre(snapshot.schema(), data.schema())
            ? kernel.checksum(path, snapshot.version(), false)
            : Optional.empty();
    if (checksum.isEmpty()) {
      deltaAppend(layer, table, data, maxRowsPerFile);
      return lastCommitMetric(layer, table, "numOutputRows");
    }
    long rows = kernel.write(path, snapshot.version(), checksum.get(), data, maxRowsPerFile, false);
    committed();
    register(layer, table);
    return rows;
  }

  /**
   * Creates a missing local table with an empty first commit ({@link #createIfMissing}), so that
   * its first rows take Kernel's path too: a fresh warehouse writes every table for the first time,
   * and Delta's writer costs about a second of CPU per table more (docs/architecture.md). Columns
   * that need a table feature of their own (timestamps without time zone, variants) or carry a rule
   * Delta's writer checks (a char or varchar length) leave the table to Delta's writer to create.
   */
  private void createForKernel(String layer, String table, StructType schema) {
    String columns = schema.json();
    boolean plainColumns =
        Stream.of("\"timestamp_ntz\"", "\"variant\"", "__CHAR_VARCHAR_TYPE_STRING")
            .noneMatch(columns::contains);
    if (plainColumns && tablePath(layer, table).isLocal()) {
      createIfMissing(layer, table, schema, Map.of()); // which lists the table's log only once
    }
  }

  /**
   * Whether rows of {@code data} go into a table of {@code columns} as they are: the same names and
   * types in the same order, and no null where the table allows none.
   */
  private static boolean takesAsTheyAre(StructType columns, StructType data) {
    StructField[] table = columns.fields();
    StructField[] rows = data.fields();
    return table.length == rows.length
        && IntStream.range(0, table.length)
            .allMatch(
                i ->
                    table[i].name().equals(rows[i].name())
                        && table[i].dataType().equals(rows[i].dataType())
                        && (table[i].nullable() || !rows[i].nullable()));
  }

  /**
   * Replaces the rows matching {@code predicate} with {@code data} in one Delta commit; every row
   * of {@code data} must match the predicate. Returns the rows written.
   */
  public long replaceWhere(String layer, String table, Dataset<Row> data, String predicate) {
    return replaceWhere(layer, table, data, predicate, 0);
  }

  /**
   * {@link #replaceWhere(String, String, Dataset, String)} with at most {@code maxRowsPerFile} rows
   * in a data file (0: no limit).
   */
  public long replaceWhere(
      String layer, String table, Dataset<Row> data, String predicate, int maxRowsPerFile) {
    Optional<KernelTable> target = kernelTable(layer, table, data.schema());
    if (target.isPresent()) {
      return kernelReplace(target.get(), data, predicate, maxRowsPerFile);
    }
    if (!exists(layer, table) || read(layer, table).filter(predicate).isEmpty()) {
      // Nothing to replace (a new table, a date run for the first time): one query over the table
      // instead of Delta's, and an append that a local table takes through Kernel.
      return appendNew(layer, table, data, maxRowsPerFile);
    }
    replaceWhere(
        layer, table, data, predicate, Map.of("maxRecordsPerFile", String.valueOf(maxRowsPerFile)));
    return lastCommitMetric(layer, table, "numOutputRows");
  }

  /**
   * Merges {@code data}, which holds each key at most once, into the table by {@code key} in one
   * Delta commit: a row whose key the table holds replaces that row, a row with a new key is added.
   * Data files hold at most {@code maxRowsPerFile} rows (0: no limit).
   */
  public void merge(String layer, String table, Dataset<Row> data, String key, int maxRowsPerFile) {
    Optional<KernelTable> target = kernelTable(layer, table, data.schema());
    if (target.isPresent()) {
      kernelMerge(target.get(), data, key, maxRowsPerFile);
      return;
    }
    DeltaTable.forPath(spark, tablePath(layer, table).toString())
        .as("target")
        .merge(data.as("source"), "target.`" + key + "` = source.`" + key + "`")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
    committed();
    register(layer, table);
  }

  /**
   * A local table whose next version Kernel may commit ({@link KernelCommits}): its files are
   * listed with their rows, {@code columns} go into it as they are, and its checksum lets Kernel
   * remove files.
   */
  private Optional<KernelTable> kernelTable(String layer, String table, StructType columns) {
    Location path = tablePath(layer, table);
    if (!path.isLocal()) {
      return Optional.empty();
    }
    return listedFiles(layer, table)
        .filter(files -> files.rows().isPresent() && takesAsTheyAre(files.schema(), columns))
        .flatMap(
            files ->
                kernel
                    .checksum(path, files.version(), true)
                    .map(checksum -> new KernelTable(layer, table, path, files, checksum)));
  }

  private record KernelTable(
      String layer, String table, Location path, ListedFiles files, ObjectNode checksum) {
    /** The table's rows with the file each comes from, in column {@value #FILE}. */
    Dataset<Row> rowsByFile(SparkSession spark) {
      Column file =
          files.paths().isEmpty()
              ? functions.lit(null).cast("string") // no file to scan, so no _metadata column
              : functions.col("_metadata.file_path");
      return files.rows(spark).withColumn(FILE, file);
    }
  }

  /**
   * {@link #replaceWhere} without Delta's Spark jobs: one query finds the files that hold rows
   * matching {@code predicate} (and how many), one write puts their other rows and {@code data}
   * into new files, and one Kernel commit swaps the files. A row of {@code data} the predicate does
   * not match fails the write, as Delta's check does. Returns the rows of {@code data}.
   */
  private long kernelReplace(
      KernelTable target, Dataset<Row> data, String predicate, int maxRowsPerFile) {
    Column matches = functions.coalesce(functions.expr(predicate), functions.lit(false));
    Map<Path, Long> holding = rowsPerFile(target.rowsByFile(spark).filter(matches));
    Dataset<Row> checked =
        data.filter(
            functions
                .when(matches, functions.lit(true))
                .otherwise(
                    functions.raise_error(
                        functions.lit(
                            TandemErrors.rowOutsideReplacement(
                                target.layer() + "." + target.table(), predicate)))));
    Dataset<Row> rows =
        holding.isEmpty()
            ? checked
            : target
                .files()
                .rows(spark, holding.keySet())
                .filter(functions.not(matches))
                .unionByName(checked);
    long written =
        kernel.commit(
            target.path(),
            target.files().version(),
            target.checksum(),
            kernel.writeFiles(target.path(), rows, maxRowsPerFile),
            holding.keySet());
    committed();
    register(target.layer(), target.table());
    long matched = holding.values().stream().mapToLong(Long::longValue).sum();
    return written - (target.files().rowCount(holding.keySet()) - matched);
  }

  /**
   * {@link #merge} without Delta's Spark jobs: {@code data} is written to new files first, one
   * query finds the table's files that hold its keys, one write copies their other rows into new
   * files, and one Kernel commit swaps the files.
   */
  private void kernelMerge(KernelTable target, Dataset<Row> data, String key, int maxRowsPerFile) {
    List<KernelCommits.DataFile> merged = kernel.writeFiles(target.path(), data, maxRowsPerFile);
    Dataset<Row> keys =
        ListedFiles.read(
                spark,
                target.files().schema(),
                merged.stream().map(file -> file.path().toString()).toList())
            .select(functions.col(key).as(MERGE_KEY));
    Column sameKey = functions.col(key).equalTo(functions.col(MERGE_KEY));
    Map<Path, Long> holding =
        rowsPerFile(target.rowsByFile(spark).join(keys, sameKey, "left_semi"));
    List<KernelCommits.DataFile> added = new ArrayList<>(merged);
    if (!holding.isEmpty()) {
      added.addAll(
          kernel.writeFiles(
              target.path(),
              target.files().rows(spark, holding.keySet()).join(keys, sameKey, "left_anti"),
              maxRowsPerFile));
    }
    kernel.commit(
        target.path(), target.files().version(), target.checksum(), added, holding.keySet());
    committed();
    register(target.layer(), target.table());
  }

  /** The rows of {@link KernelTable#rowsByFile} (filtered or joined), counted per file. */
  private static Map<Path, Long> rowsPerFile(Dataset<Row> rowsByFile) {
    Map<Path, Long> rows = new HashMap<>();
    for (Row file : rowsByFile.groupBy(FILE).count().collectAsList()) {
      rows.put(KernelCommits.localFile(URI.create(file.getString(0))), file.getLong(1));
    }
    return rows;
  }

  /**
   * {@link #replaceWhere(String, String, Dataset, String)} with writer {@code options}; a missing
   * table is created with those of them that are Delta table properties (keys starting with {@code
   * delta.}) in the same commit.
   */
  public void replaceWhere(
      String layer,
      String table,
      Dataset<Row> data,
      String predicate,
      Map<String, String> options) {
    var writer = data.write().format("delta").option("mergeSchema", "true");
    Map<String, String> writeOptions = new HashMap<>(options);
    if (exists(layer, table)) {
      writeOptions.keySet().removeIf(key -> key.startsWith("delta."));
      writer = writer.mode("overwrite").option("replaceWhere", predicate);
    } else {
      writer = writer.mode("append");
    }
    writer = writer.options(writeOptions);
    writer.save(tablePath(layer, table).toString());
    committed();
    register(layer, table);
  }

  /**
   * Deletes the rows matching {@code condition} in one Delta commit, rewriting only the files that
   * hold them; returns how many rows it deleted. The condition is kept in the table's history, so
   * it must not spell out personal data.
   */
  public long delete(String layer, String table, Column condition) {
    if (!exists(layer, table)) {
      return 0;
    }
    long rows = read(layer, table).filter(condition).count();
    if (rows > 0) {
      DeltaTable.forPath(spark, tablePath(layer, table).toString()).delete(condition);
      committed();
    }
    return rows;
  }

  /**
   * Creates an empty table with Delta table {@code properties} (keys starting with {@code delta.})
   * when it does not exist yet. The table's first commit holds its protocol and metadata and no
   * data file, written as the Delta protocol specifies without a Spark job (a fresh warehouse
   * creates a table for every source object). The session's Delta table defaults ({@value
   * #TABLE_DEFAULTS}*) apply, as to a table Spark creates.
   */
  public void createIfMissing(
      String layer, String table, StructType schema, Map<String, String> properties) {
    if (exists(layer, table)) {
      return;
    }
    Map<String, String> configuration = new TreeMap<>();
    CollectionConverters.asJava(spark.conf().getAll())
        .forEach(
            (key, value) -> {
              if (key.startsWith(TABLE_DEFAULTS)) {
                configuration.put("delta." + key.substring(TABLE_DEFAULTS.length()), value);
              }
            });
    configuration.putAll(properties);
    long now = System.currentTimeMillis();
    ObjectNode commitInfo = JSON.createObjectNode();
    commitInfo
        .putObject("commitInfo")
        .put("timestamp", now)
        .put("operation", "CREATE TABLE")
        .put("isBlindAppend", true)
        .put("engineInfo", "Tandem");
    ObjectNode protocol = JSON.createObjectNode();
    protocol.putObject("protocol").put("minReaderVersion", 1).put("minWriterVersion", 2);
    ObjectNode metadata = JSON.createObjectNode();
    ObjectNode metaData = metadata.putObject("metaData");
    metaData.put("id", UUID.randomUUID().toString());
    metaData.putObject("format").put("provider", "parquet").putObject("options");
    metaData.put("schemaString", schema.json());
    metaData.putArray("partitionColumns");
    configuration.forEach(metaData.putObject("configuration")::put);
    metaData.put("createdTime", now);
    Location log = tablePath(layer, table).resolve("_delta_log");
    try {
      storage.createNew(
          log.resolve(FIRST_COMMIT),
          JSON.writeValueAsString(commitInfo)
              + "\n"
              + JSON.writeValueAsString(protocol)
              + "\n"
              + JSON.writeValueAsString(metadata)
              + "\n");
      // The version's checksum file, as Delta writes after a commit: readers take the table's
      // size and (empty) file list from it without replaying the log.
      ObjectNode checksum = JSON.createObjectNode();
      checksum
          .put("txnId", UUID.randomUUID().toString())
          .put("tableSizeBytes", 0)
          .put("numFiles", 0)
          .put("numMetadata", 1)
          .put("numProtocol", 1);
      checksum.putArray("setTransactions");
      checksum.putArray("domainMetadata");
      checksum.set("metadata", metaData);
      checksum.set("protocol", protocol.get("protocol"));
      checksum.putArray("allFiles");
      storage.writeString(log.resolve(FIRST_CHECKSUM), JSON.writeValueAsString(checksum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    committed();
    register(layer, table);
  }

  /**
   * Deletes from a local table's folder every file its latest version does not read, as {@code
   * VACUUM ... RETAIN 0 HOURS} does, with the files read taken from Delta Kernel's replay of the
   * log instead of Delta's Spark jobs (most of a second per table); then the folders left empty.
   * Hidden files and folders (a name starting with {@code _} or {@code .}: the log, Hadoop's
   * checksum files of kept files) stay, as VACUUM leaves them. Returns the files deleted, or empty
   * (nothing deleted) for a table left to Delta's VACUUM: one on an object store, one whose rows
   * need deletion-vector files, or one with change data files.
   */
  public OptionalLong removeUnreadFiles(String layer, String table) {
    Location location = tablePath(layer, table);
    Path folder = location.isLocal() ? location.localPath().toAbsolutePath().normalize() : null;
    if (folder == null || !exists(layer, table) || Files.exists(folder.resolve("_change_data"))) {
      return OptionalLong.empty();
    }
    Optional<Set<Path>> read = kernel.readFiles(location);
    if (read.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      List<Path> unread;
      try (Stream<Path> files = Files.walk(folder)) {
        unread =
            files
                .filter(Files::isRegularFile)
                .filter(file -> !hidden(folder, file) && !read.get().contains(file))
                .toList();
      }
      for (Path file : unread) {
        Files.delete(file);
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
      }
      // bottom-up, so that a folder is seen after the folders in it
      List<Path> folders;
      try (Stream<Path> all = Files.walk(folder)) {
        folders =
            all.filter(Files::isDirectory)
                .filter(dir -> !dir.equals(folder) && !hidden(folder, dir))
                .sorted(Comparator.reverseOrder())
                .toList();
      }
      for (Path dir : folders) {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
          entries = listing.toList();
        }
        // A folder left with nothing but checksum files (of the _SUCCESS marker a write leaves)
        // holds no data either: VACUUM takes it.
        if (entries.stream().allMatch(Warehouse::isChecksumFile)) {
          for (Path entry : entries) {
            Files.delete(entry);
          }
          Files.delete(dir);
        }
      }
      return OptionalLong.of(unread.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hadoop's checksum file of another file ({@code .<name>.crc}). */
  private static boolean isChecksumFile(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".crc") && Files.isRegularFile(file);
  }

  /** Whether a path in a table's folder is hidden from VACUUM: a part of it starts with _ or . */
  private static boolean hidden(Path folder, Path file) {
    for (Path part : folder.relativize(file)) {
      if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** A data file's path as Spark reads it: a local file's plain path, a store's URI. */
  private static String dataFile(URI file) {
    return "file".equals(file.getScheme()) ? Path.of(file).toString() : file.toString();
  }

  private void committed() {
    SparkWork.of(spark).committed();
  }

  /** A SQL list of quoted strings for a predicate: {@code ('a', 'b')}. */
  public static String inList(Collection<String> values) {
    return values.stream()
        .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Registers every Delta table under the root and drops registrations of tables that are not there
   * (another warehouse's, or a table removed). A table already registered at its folder is left
   * alone: registering loads the table's Delta log, and Delta reads the latest version at every
   * query anyway.
   */
  public void registerAll() {
    ExternalCatalog catalog = spark.sharedState().externalCatalog();
    for (String layer : LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
      List<String> onDisk = tables(layer);
      for (String registered : CollectionConverters.asJava(catalog.listTables(layer))) {
        if (!onDisk.contains(registered) || !registeredHere(layer, registered)) {
          spark.sql("DROP TABLE IF EXISTS " + layer + "." + registered);
        }
      }
      for (String table : onDisk) {
        register(layer, table);
      }
    }
  }

  public List<String> tables(String layer) {
    return storage.list(root.resolve(layer)).stream()
        .filter(entry -> entry.directory() && isCommitted(entry.location()))
        .map(Storage.Entry::name)
        .toList();
  }

  private void register(String layer, String table) {
    if (registeredHere(layer, table)) {
      return;
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    spark.sql("DROP TABLE IF EXISTS " + layer + "." + table);
    spark.sql(
        "CREATE TABLE "
            + layer
            + "."
            + table
            + " USING delta LOCATION '"
            + tablePath(layer, table).toString().replace("'", "\\'")
            + "'");
  }

  /** Whether the session catalog has {@code layer.table} registered at this warehouse's folder. */
  private boolean registeredHere(String layer, String table) {
    ExternalCatalog catalog = spark.sharedState().externalCatalog();
    if (!catalog.databaseExists(layer) || !catalog.tableExists(layer, table)) {
      return false;
    }
    Option<URI> location = catalog.getTable(layer, table).storage().locationUri();
    return location.isDefined()
        && Location.of(location.get().toString()).equals(tablePath(layer, table));
  }
}
