package io.tandem.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.util.FileNames;
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

  /** Per table folder, the latest version this JVM wrote by {@link #overwrite}. */
  private static final Map<Path, Written> WRITTEN = new ConcurrentHashMap<>();

  private static final AtomicLong WRITES = new AtomicLong();

  /** Spark's option to take file paths literally (a warehouse folder may contain [ or *). */
  private static final String NO_GLOBBING = "__globPaths__";

  private final SparkSession spark;
  private final Path root;

  public Warehouse(SparkSession spark, Path root) {
    this.spark = spark;
    this.root = root.toAbsolutePath().normalize();
  }

  public SparkSession spark() {
    return spark;
  }

  public Path root() {
    return root;
  }

  public Path tablePath(String layer, String table) {
    return root.resolve(layer).resolve(table);
  }

  public boolean exists(String layer, String table) {
    return isCommitted(tablePath(layer, table));
  }

  /**
   * A folder is a table once its first Delta commit is written. A write that died before that
   * leaves data files and an empty log folder that no reader sees, and the next write replaces.
   */
  private static boolean isCommitted(Path table) {
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(log)) {
      return entries
          .map(p -> p.getFileName().toString())
          .anyMatch(name -> name.matches("\\d{20}\\.(json|checkpoint.*\\.parquet)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table's rows, summed from the file statistics Delta keeps in the checksum file of the
   * table's latest version: no Spark job. Counted by Spark when the checksum does not list the
   * files (more than {@code spark.databricks.delta.allFilesInCrc.thresholdNumFiles}, or a table
   * whose only commit is its creation).
   */
  public long rows(String layer, String table) {
    Snapshot snapshot = snapshot(spark, tablePath(layer, table));
    Option<VersionChecksum> checksum = snapshot.checksumOpt();
    if (checksum.isEmpty() || checksum.get().allFiles().isEmpty()) {
      return read(layer, table).count();
    }
    long rows = 0;
    for (AddFile file : CollectionConverters.asJava(checksum.get().allFiles().get())) {
      Option<Object> records = file.numLogicalRecords();
      if (records.isEmpty()) {
        return read(layer, table).count();
      }
      rows += (Long) records.get();
    }
    return rows;
  }

  /**
   * The table's rows as of its latest version. When this JVM wrote that version by {@link
   * #overwrite}, the Parquet files of the version are read directly: the same rows, without the
   * Delta snapshot and file-listing Spark jobs a Delta scan plans (a few per table read, most of a
   * small model's cost). A version written elsewhere, or later, is read through Delta.
   */
  public Dataset<Row> read(String layer, String table) {
    Written written = current(layer, table);
    return written == null
        ? spark.read().format("delta").load(tablePath(layer, table).toString())
        : written.rows(spark);
  }

  /**
   * The name a query should use for {@code layer.table}: a temporary view of {@link #read} when
   * this JVM wrote the table's latest version, else the table's own name.
   */
  public String queryName(String layer, String table) {
    Written written = current(layer, table);
    if (written == null) {
      return layer + "." + table;
    }
    String view = layer + "__" + table + "__v" + written.version().number() + "_" + written.id();
    written.rows(spark).createOrReplaceTempView(view);
    return view;
  }

  private Written current(String layer, String table) {
    Path path = tablePath(layer, table);
    Written written = WRITTEN.get(path);
    return written != null && written.version().equals(Version.latest(spark, path))
        ? written
        : null;
  }

  /**
   * A version of one table: the table's id (new when a folder is deleted and the table created
   * again) and its version number.
   */
  private record Version(String tableId, long number) {
    static Version of(Snapshot snapshot) {
      return new Version(snapshot.metadata().id(), snapshot.version());
    }

    static Version latest(SparkSession spark, Path table) {
      return of(snapshot(spark, table));
    }
  }

  private static Snapshot snapshot(SparkSession spark, Path table) {
    return DeltaLog.forTable(spark, new org.apache.hadoop.fs.Path(table.toUri()))
        .update(false, Option.empty(), Option.empty());
  }

  /**
   * Replaces the whole table with {@code data} in one Delta commit (readers see old or new);
   * returns the rows written.
   */
  public long overwrite(String layer, String table, Dataset<Row> data) {
    data.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(tablePath(layer, table).toString());
    committed();
    register(layer, table);
    return rememberOverwrite(tablePath(layer, table));
  }

  /**
   * Reads the overwrite commit just written, remembers the version's files for {@link #read}, and
   * returns the rows it wrote (from the commit's own metrics: no Spark job). The warehouse has one
   * writer, so the latest commit is the caller's; an overwrite's files are the whole version.
   */
  private long rememberOverwrite(Path table) {
    Snapshot snapshot = snapshot(spark, table);
    org.apache.hadoop.fs.Path commit =
        FileNames.unsafeDeltaFile(snapshot.deltaLog().logPath(), snapshot.version());
    long rows = 0;
    List<String> files = new ArrayList<>();
    try (var in = commit.getFileSystem(snapshot.deltaLog().newDeltaHadoopConf()).open(commit);
        var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode action = JSON.readTree(line);
        if (action.has("commitInfo")) {
          rows = action.path("commitInfo").path("operationMetrics").path("numOutputRows").asLong(0);
        } else if (action.has("add")) {
          files.add(dataFile(table, action.path("add").path("path").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    WRITTEN.put(
        table,
        new Written(Version.of(snapshot), snapshot.schema(), files, WRITES.incrementAndGet()));
    return rows;
  }

  /** A data file's local path from its path in the Delta log (a URI relative to the table). */
  private static String dataFile(Path table, String logPath) {
    String folder = table.toUri().toString();
    URI base = URI.create(folder.endsWith("/") ? folder : folder + "/");
    return Path.of(base.resolve(URI.create(logPath))).toString();
  }

  /** A table version this JVM wrote by overwrite: its schema and all its Parquet files. */
  private record Written(Version version, StructType schema, List<String> files, long id) {
    Dataset<Row> rows(SparkSession spark) {
      return files.isEmpty()
          ? spark.createDataFrame(List.of(), schema)
          : spark
              .read()
              .schema(schema)
              .option(NO_GLOBBING, "false")
              .parquet(files.toArray(String[]::new));
    }
  }

  /**
   * Appends {@code data} in one Delta commit, creating the table when it does not exist. New
   * columns (a contract that gained a column) are added to the table.
   */
  public void append(String layer, String table, Dataset<Row> data) {
    data.write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(tablePath(layer, table).toString());
    committed();
    register(layer, table);
  }

  /**
   * Replaces the rows matching {@code predicate} with {@code data} in one Delta commit; every row
   * of {@code data} must match the predicate.
   */
  public void replaceWhere(String layer, String table, Dataset<Row> data, String predicate) {
    replaceWhere(layer, table, data, predicate, Map.of());
  }

  /**
   * {@link #replaceWhere(String, String, Dataset, String)}, creating a missing table with Delta
   * table {@code properties} (keys starting with {@code delta.}) in the same commit.
   */
  public void replaceWhere(
      String layer,
      String table,
      Dataset<Row> data,
      String predicate,
      Map<String, String> properties) {
    var writer = data.write().format("delta").option("mergeSchema", "true");
    if (exists(layer, table)) {
      writer = writer.mode("overwrite").option("replaceWhere", predicate);
    } else {
      writer = writer.mode("append").options(properties);
    }
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
    Path log = tablePath(layer, table).resolve("_delta_log");
    try {
      Files.createDirectories(log);
      Path pending = Files.createTempFile(log, ".create", ".tmp");
      Files.write(
          pending,
          List.of(
              JSON.writeValueAsString(commitInfo),
              JSON.writeValueAsString(protocol),
              JSON.writeValueAsString(metadata)));
      Files.move(pending, log.resolve(FIRST_COMMIT), StandardCopyOption.ATOMIC_MOVE);
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
      Path pendingChecksum = Files.createTempFile(log, ".create", ".tmp");
      Files.writeString(pendingChecksum, JSON.writeValueAsString(checksum));
      Files.move(pendingChecksum, log.resolve(FIRST_CHECKSUM), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    committed();
    register(layer, table);
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
    Path dir = root.resolve(layer);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(Warehouse::isCommitted)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        && Path.of(location.get()).normalize().equals(tablePath(layer, table));
  }
}
