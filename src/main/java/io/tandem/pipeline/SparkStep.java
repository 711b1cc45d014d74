package io.tandem.pipeline;

import io.tandem.config.TandemSettings;
import org.apache.spark.sql.SparkSession;

/** A step that works on the warehouse with Spark under Tandem's settings: every nightly step. */
public abstract class SparkStep implements PipelineStep {
  protected final SparkSession spark;
  protected final TandemSettings settings;
  private final String name;

  protected SparkStep(String name, SparkSession spark, TandemSettings settings) {
    this.name = name;
    this.spark = spark;
    this.settings = settings;
  }

  @Override
  public final String name() {
    return name;
  }
}
