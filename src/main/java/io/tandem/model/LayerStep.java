package io.tandem.model;

import io.tandem.config.TandemSettings;
import io.tandem.pipeline.PipelineStep;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.StepOutcome;
import org.apache.spark.sql.SparkSession;

/**
 * A step that builds one warehouse layer from its SQL models; a layer with no models yet says so
 * instead of pretending to work.
 */
public class LayerStep implements PipelineStep {
  private final String name;
  private final String layer;
  private final SparkSession spark;
  private final TandemSettings settings;

  public LayerStep(String name, String layer, SparkSession spark, TandemSettings settings) {
    this.name = name;
    this.layer = layer;
    this.spark = spark;
    this.settings = settings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StepOutcome execute(RunContext run) {
    ModelRunner runner = new ModelRunner(spark, settings);
    if (runner.models(layer).isEmpty()) {
      return StepOutcome.noWork("no models under sql/" + layer + "/");
    }
    return runner.buildLayer(layer, run);
  }
}
