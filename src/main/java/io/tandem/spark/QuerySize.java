package io.tandem.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark runs a query, chosen by the rows it reads. A query that reads fewer than {@value
 * #MAX_SMALL_ROWS_SETTING} rows (default {@value #DEFAULT_MAX_SMALL_ROWS}) is small: it is
 * evaluated without code generation (compiling a query shape costs a fixed part of a second and
 * pays back only over many rows), without adaptive execution (which runs every shuffle stage as a
 * Spark job of its own and plans the query again after each) and without broadcast joins (a job
 * each), on one shuffle partition. A larger query runs with the settings of conf/spark. Both give
 * the same results. The settings are the session's, so queries of different sizes do not run side
 * by side.
 */
public final class QuerySize {
  public static final String MAX_SMALL_ROWS_SETTING = "spark.tandem.smallQuery.maxInputRows";
  static final long DEFAULT_MAX_SMALL_ROWS = 100_000;

  /** A setting QuerySize chooses: its value for a small query, and Spark's default. */
  private record Setting(String key, String smallValue, String sparkDefault) {}

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("spark.sql.codegen.wholeStage", "false", "true"),
          new Setting("spark.sql.codegen.factoryMode", "NO_CODEGEN", "FALLBACK"),
          new Setting("spark.sql.adaptive.enabled", "false", "true"),
          new Setting("spark.sql.shuffle.partitions", "1", "200"),
          new Setting("spark.sql.autoBroadcastJoinThreshold", "-1", "10MB"));

  private QuerySize() {}

  /** Whether a query that reads {@code inputRows} rows is small. */
  public static boolean isSmall(SparkSession spark, long inputRows) {
    String max = spark.conf().get(MAX_SMALL_ROWS_SETTING, String.valueOf(DEFAULT_MAX_SMALL_ROWS));
    return inputRows < Long.parseLong(max);
  }

  /** Sets the session's execution for queries that read {@code inputRows} rows. */
  public static void set(SparkSession spark, long inputRows) {
    boolean small = isSmall(spark, inputRows);
    RuntimeConfig session = spark.conf();
    // The settings of conf/spark (or spark-submit), which the session's own values override.
    SparkConf configured = spark.sparkContext().getConf();
    SETTINGS.forEach(
        setting ->
            session.set(
                setting.key(),
                small
                    ? setting.smallValue()
                    : configured.get(setting.key(), setting.sparkDefault())));
  }

  /**
   * Runs {@code work} with the execution for queries that read {@code inputRows} rows, then gives
   * the session back the settings it had: a step sized for its own reads leaves the next step's as
   * they were.
   */
  public static void during(SparkSession spark, long inputRows, Runnable work) {
    RuntimeConfig session = spark.conf();
    Map<String, String> before = new LinkedHashMap<>();
    SETTINGS.forEach(setting -> before.put(setting.key(), session.get(setting.key(), null)));
    set(spark, inputRows);
    try {
      work.run();
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              session.unset(key);
            } else {
              session.set(key, value);
            }
          });
    }
  }
}
