package io.tandem.spark;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta warehouse on disk: every table lives at {@code <root>/<layer>/<table>} and is
 * registered in the session catalog as {@code <layer>.<table>} so SQL can name it.
 */
public final class Warehouse {
  public static final List<String> LAYERS =
      List.of("bronze", "silver", "journey", "gold", "privacy");

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

  public Dataset<Row> read(String layer, String table) {
    return spark.read().format("delta").load(tablePath(layer, table).toString());
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
    register(layer, table);
    return lastCommitOutputRows(layer, table);
  }

  /**
   * The rows the table's latest commit wrote, from the commit's own metrics: cheaper than counting
   * the table again, and the warehouse has one writer, so the latest commit is the caller's.
   */
  private long lastCommitOutputRows(String layer, String table) {
    Row commit =
        DeltaTable.forPath(spark, tablePath(layer, table).toString())
            .history(1)
            .select("operationMetrics")
            .first();
    Map<String, String> metrics = commit.getJavaMap(0);
    return Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
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
    register(layer, table);
  }

  /**
   * Replaces the rows matching {@code predicate} with {@code data} in one Delta commit; every row
   * of {@code data} must match the predicate.
   */
  public void replaceWhere(String layer, String table, Dataset<Row> data, String predicate) {
    var writer = data.write().format("delta").option("mergeSchema", "true");
    if (exists(layer, table)) {
      writer = writer.mode("overwrite").option("replaceWhere", predicate);
    } else {
      writer = writer.mode("append");
    }
    writer.save(tablePath(layer, table).toString());
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
    }
    return rows;
  }

  /** Sets Delta table properties (an ALTER TABLE commit). */
  public void setProperties(String layer, String table, Map<String, String> properties) {
    String list =
        properties.entrySet().stream()
            .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
            .collect(Collectors.joining(", "));
    spark.sql("ALTER TABLE " + layer + "." + table + " SET TBLPROPERTIES (" + list + ")");
  }

  /** A SQL list of quoted strings for a predicate: {@code ('a', 'b')}. */
  public static String inList(Collection<String> values) {
    return values.stream()
        .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Registers every Delta table under the root, replacing registrations of another warehouse. */
  public void registerAll() {
    for (String layer : LAYERS) {
      spark.sql("DROP DATABASE IF EXISTS " + layer + " CASCADE");
      spark.sql("CREATE DATABASE " + layer);
      for (String table : tables(layer)) {
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
}
