package io.tandem.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.GenerateIcebergCompatActionUtils;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes a table on the local disk with one commit by Delta Kernel, Delta's library for engines
 * other than Spark: replacing all its rows, replacing the files that hold some of them, or
 * appending rows it is known not to hold. Spark writes the rows as Parquet files into a new folder
 * of the table; the commit adds them and removes the files they replace; then the version's
 * checksum file is written as Delta writes it, with the table's file list (which {@link
 * Warehouse#read} reads instead of replaying the log) while the table has no more files than Delta
 * lists.
 *
 * <p>Delta's own writer spends about a second of CPU per commit on two cores, nearly all of it in
 * Spark jobs over the table's log before and after the commit (docs/architecture.md); this path
 * costs the Parquet write and a few file operations. {@link Warehouse} takes it for a table whose
 * columns stay the same and whose latest version has a checksum (that lists its files, for a
 * replacement); a schema change, a partitioned table or one on an object store goes through Delta's
 * writer.
 */
final class KernelCommits {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Spark's Delta log store per URI scheme, which Kernel reads under a key of its own. */
  private static final Pattern SPARK_LOG_STORE =
      Pattern.compile("spark\\.delta\\.logStore\\.(\\w+)\\.impl");

  private static final String ENGINE_INFO = "Tandem";

  /** Column metadata by which Delta checks or fills in a column's values on every write. */
  private static final List<String> ROW_RULES =
      List.of("delta.invariants", "delta.generationExpression", "delta.identity.");

  private final SparkSession spark;
  private final Storage storage;
  private final Engine engine;

  KernelCommits(SparkSession spark, Storage storage) {
    this.spark = spark;
    this.storage = storage;
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    CollectionConverters.asJava(spark.conf().getAll())
        .forEach(
            (key, value) -> {
              Matcher store = SPARK_LOG_STORE.matcher(key);
              if (store.matches()) {
                conf.set("io.delta.kernel.logStore." + store.group(1) + ".impl", value);
              }
            });
    this.engine = DefaultEngine.create(conf);
  }

  /**
   * The checksum of the table's {@code version} when it lets this path write the next version: it
   * exists, lists the files when {@code replacing} (they are the ones to remove), holds nothing
   * this path would have to carry forward and cannot (in-commit timestamps, deletion vectors), and
   * the table has no rule on its rows that a write must check or fill in (constraints, invariants,
   * generated or identity columns), which this path would not.
   */
  Optional<ObjectNode> checksum(Location table, long version, boolean replacing) {
    return storage
        .readString(checksumFile(table, version))
        .map(KernelCommits::parse)
        .filter(
            checksum ->
                (!replacing || checksum.path("allFiles").isArray())
                    && checksum.path("inCommitTimestampOpt").isMissingNode()
                    && checksum.path("numDeletionVectorsOpt").asLong(0) == 0
                    && !hasRowRules(checksum.path("metadata")));
  }

  private static boolean hasRowRules(JsonNode metadata) {
    String schema = metadata.path("schemaString").asText();
    for (var keys = metadata.path("configuration").fieldNames(); keys.hasNext(); ) {
      if (keys.next().startsWith("delta.constraints.")) {
        return true;
      }
    }
    return ROW_RULES.stream().anyMatch(schema::contains);
  }

  /**
   * Writes {@code data} to {@code table}, whose latest version is {@code version} with {@code
   * checksum}: replacing all its rows, or else adding them; returns the rows written.
   */
  long write(
      Location table,
      long version,
      ObjectNode checksum,
      Dataset<Row> data,
      int maxRowsPerFile,
      boolean replacing) {
    return commit(
        table,
        version,
        checksum,
        writeFiles(table, data, maxRowsPerFile),
        replacing ? listed(table, checksum) : Set.of());
  }

  /**
   * Writes {@code data} as Parquet files into a new folder of {@code table}, which no version reads
   * until a {@link #commit} adds them.
   */
  List<DataFile> writeFiles(Location table, Dataset<Row> data, int maxRowsPerFile) {
    Path folder = table.localPath();
    String written = "write-" + UUID.randomUUID();
    data.write()
        .option("maxRecordsPerFile", maxRowsPerFile)
        .parquet(folder.resolve(written).toString());
    try {
      return dataFiles(folder, written);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits the version after {@code version} (whose checksum is {@code checksum}): it adds {@code
   * added} and removes {@code removed}, files the checksum lists. Returns the rows added.
   */
  long commit(
      Location table, long version, ObjectNode checksum, List<DataFile> added, Set<Path> removed) {
    Path folder = table.localPath();
    try {
      Snapshot snapshot = Table.forPath(engine, folder.toString()).getLatestSnapshot(engine);
      if (snapshot.getVersion() != version) {
        throw new IllegalStateException(
            table
                + " changed from version "
                + version
                + " to "
                + snapshot.getVersion()
                + " while Tandem wrote it: only one run may write a warehouse at a time");
      }
      Transaction transaction =
          snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
      List<io.delta.kernel.data.Row> actions = new ArrayList<>();
      List<JsonNode> kept = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (JsonNode old : checksum.path("allFiles")) {
        if (!removed.contains(absolute(table, old.get("path").asText()))) {
          kept.add(old);
          continue;
        }
        actions.add(
            SingleAction.createRemoveFileSingleAction(
                GenerateIcebergCompatActionUtils.createRemoveFileRowWithExtendedFileMetadata(
                    old.get("path").asText(),
                    now,
                    true,
                    VectorUtils.stringStringMapValue(Map.of()),
                    old.get("size").asLong(),
                    Optional.empty(),
                    snapshot.getSchema(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())));
      }
      if (actions.size() != removed.size()) {
        throw new IllegalStateException(
            table + " does not list every file to remove: only one run may write it at a time");
      }
      var state = transaction.getTransactionState(engine);
      try (CloseableIterator<io.delta.kernel.data.Row> adds =
          Transaction.generateAppendActions(
              engine,
              state,
              Utils.toCloseableIterator(added.stream().map(DataFile::status).iterator()),
              Transaction.getWriteContext(engine, state, Map.of()))) {
        adds.forEachRemaining(actions::add);
      }
      TransactionCommitResult result =
          transaction.commit(
              engine,
              CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
      // The checkpoint every few versions keeps Spark's reads of the log short; the checksum is
      // written below, with the file list Kernel's own would leave out.
      for (PostCommitHook hook : result.getPostCommitHooks()) {
        if (hook.getType() == PostCommitHook.PostCommitHookType.CHECKPOINT) {
          hook.threadSafeInvoke(engine);
        }
      }
      storage.writeString(
          checksumFile(table, result.getVersion()),
          JSON.writeValueAsString(nextChecksum(checksum, kept, added)));
      return added.stream().mapToLong(DataFile::rows).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files {@code checksum} lists, as absolute paths. */
  private static Set<Path> listed(Location table, JsonNode checksum) {
    Set<Path> files = new HashSet<>();
    checksum
        .path("allFiles")
        .forEach(file -> files.add(absolute(table, file.get("path").asText())));
    return files;
  }

  /**
   * A data file's path as the log records it (relative to the table, URI-encoded), made absolute.
   */
  private static Path absolute(Location table, String logPath) {
    String folder = table.localPath().toUri().toString();
    URI base = URI.create(folder.endsWith("/") ? folder : folder + "/");
    return localFile(base.resolve(URI.create(logPath)));
  }

  /**
   * A local data file's {@code file:} URI as a normalized absolute path: how the log's, Kernel's
   * and Spark's names of one file compare.
   */
  static Path localFile(URI file) {
    return Path.of(file).toAbsolutePath().normalize();
  }

  /**
   * The data files the table's latest version reads, as Kernel replays its log (no Spark job);
   * empty when a version's rows also need deletion-vector files.
   */
  Optional<Set<Path>> readFiles(Location table) {
    Snapshot snapshot =
        Table.forPath(engine, table.localPath().toString()).getLatestSnapshot(engine);
    Set<Path> read = new HashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder().build().getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            io.delta.kernel.data.Row file = rows.next();
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file) != null) {
              return Optional.empty();
            }
            read.add(localFile(URI.create(InternalScanFileUtils.getAddFileStatus(file).getPath())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(read);
  }

  /** One Parquet file a write made, with its rows (from its footer). */
  record DataFile(String name, Path path, long size, long modified, long rows) {
    DataFileStatus status() {
      return new DataFileStatus(
          path.toUri().toString(),
          size,
          modified,
          Optional.of(
              new DataFileStatistics(rows, Map.of(), Map.of(), Map.of(), Optional.empty())));
    }
  }

  private List<DataFile> dataFiles(Path folder, String written) throws IOException {
    Path dir = folder.resolve(written);
    Files.deleteIfExists(dir.resolve("_SUCCESS"));
    Files.deleteIfExists(dir.resolve("._SUCCESS.crc"));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<DataFile> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path file : listing.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        long rows;
        try (ParquetFileReader reader =
            ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
          rows = reader.getRecordCount();
        }
        files.add(
            new DataFile(
                written + "/" + file.getFileName(),
                file,
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                rows));
      }
    }
    return files;
  }

  /**
   * The checksum of the new version: the old one's protocol, metadata and transactions (the commit
   * changes none of them) with the new file count and size and, while the table has no more files
   * than Delta lists, the file list: the {@code kept} files of the old version, then the added
   * ones. Statistics this path does not compute (file size histograms) are left out, as the
   * protocol allows.
   */
  private ObjectNode nextChecksum(ObjectNode old, List<JsonNode> kept, List<DataFile> added) {
    ObjectNode next = JSON.createObjectNode();
    long newBytes = added.stream().mapToLong(DataFile::size).sum();
    boolean oldListed = old.path("allFiles").isArray();
    // A table whose checksum lists no files is only appended to: count on from the old totals.
    long keptBytes =
        oldListed
            ? kept.stream().mapToLong(file -> file.path("size").asLong()).sum()
            : old.path("tableSizeBytes").asLong();
    long keptFiles = oldListed ? kept.size() : old.path("numFiles").asLong();
    next.put("tableSizeBytes", keptBytes + newBytes);
    long numFiles = keptFiles + added.size();
    next.put("numFiles", numFiles);
    for (String same :
        List.of("numMetadata", "numProtocol", "setTransactions", "domainMetadata", "metadata")) {
      next.set(same, old.get(same));
    }
    next.set("protocol", old.get("protocol"));
    if (!oldListed || numFiles > listedFilesAtMost()) {
      return next;
    }
    ArrayNode all = next.putArray("allFiles");
    kept.forEach(all::add);
    for (DataFile file : added) {
      ObjectNode add = all.addObject();
      add.put("path", file.name());
      add.putObject("partitionValues");
      add.put("size", file.size());
      add.put("modificationTime", file.modified());
      add.put("dataChange", false);
      add.put("stats", "{\"numRecords\":" + file.rows() + "}");
    }
    return next;
  }

  /** Delta's own limit on the files a checksum lists. */
  private int listedFilesAtMost() {
    return Integer.parseInt(
        spark.conf().get("spark.databricks.delta.allFilesInCrc.thresholdNumFiles", "50"));
  }

  private static Location checksumFile(Location table, long version) {
    return table.resolve("_delta_log").resolve("%020d.crc".formatted(version));
  }

  private static ObjectNode parse(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
