package io.tandem.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Whether Spark compiles the queries of a layer to Java code or evaluates them as they are.
 * Compiling (Janino, whole-stage code generation) costs a fixed part of a second per query shape
 * and pays back only over many rows: a layer that reads fewer than {@value #MIN_ROWS_SETTING} rows
 * (default {@value #DEFAULT_MIN_ROWS}) is evaluated without it. Both give the same results.
 */
public final class CodegenPolicy {
  public static final String MIN_ROWS_SETTING = "spark.tandem.codegen.minInputRows";
  static final long DEFAULT_MIN_ROWS = 1_000_000;

  private CodegenPolicy() {}

  /** Sets the session's code generation for queries that read {@code inputRows} rows. */
  public static void forInputRows(SparkSession spark, long inputRows) {
    long minRows =
        Long.parseLong(spark.conf().get(MIN_ROWS_SETTING, String.valueOf(DEFAULT_MIN_ROWS)));
    boolean compile = inputRows >= minRows;
    spark.conf().set("spark.sql.codegen.wholeStage", String.valueOf(compile));
    spark.conf().set("spark.sql.codegen.factoryMode", compile ? "FALLBACK" : "NO_CODEGEN");
  }
}
