package io.tandem.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark runs the queries of a layer, chosen by the rows the layer reads. A layer that reads
 * fewer than {@value #MAX_SMALL_ROWS_SETTING} rows (default {@value #DEFAULT_MAX_SMALL_ROWS}) is
 * small: its queries are evaluated without code generation (compiling a query shape costs a fixed
 * part of a second and pays back only over many rows) and without adaptive execution (which runs
 * every shuffle stage as a Spark job of its own and plans the query again after each), with one
 * shuffle partition (what adaptive execution coalesces small shuffles to anyway). A larger layer
 * runs with the settings of conf/spark. Both give the same results.
 */
public final class LayerExecution {
  public static final String MAX_SMALL_ROWS_SETTING = "spark.tandem.smallLayer.maxInputRows";
  static final long DEFAULT_MAX_SMALL_ROWS = 1_000_000;

  private LayerExecution() {}

  /** Sets the session's execution for queries that read {@code inputRows} rows. */
  public static void forInputRows(SparkSession spark, long inputRows) {
    RuntimeConfig session = spark.conf();
    long maxSmallRows =
        Long.parseLong(session.get(MAX_SMALL_ROWS_SETTING, String.valueOf(DEFAULT_MAX_SMALL_ROWS)));
    boolean small = inputRows < maxSmallRows;
    // The settings of conf/spark (or spark-submit), which the session's own values override.
    SparkConf configured = spark.sparkContext().getConf();
    set(session, configured, small, "spark.sql.codegen.wholeStage", "false", "true");
    set(session, configured, small, "spark.sql.codegen.factoryMode", "NO_CODEGEN", "FALLBACK");
    set(session, configured, small, "spark.sql.adaptive.enabled", "false", "true");
    set(session, configured, small, "spark.sql.shuffle.partitions", "1", "200");
    set(session, configured, small, "spark.sql.autoBroadcastJoinThreshold", "-1", "10MB");
  }

  /** {@code smallValue} for a small layer, else the configured value (or Spark's default). */
  private static void set(
      RuntimeConfig session,
      SparkConf configured,
      boolean small,
      String key,
      String smallValue,
      String sparkDefault) {
    session.set(key, small ? smallValue : configured.get(key, sparkDefault));
  }
}
