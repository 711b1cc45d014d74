package io.tandem.model;

import io.tandem.config.TandemSettings;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import org.apache.spark.sql.SparkSession;

/**
 * A step that builds one warehouse layer from its SQL models; a layer with no models yet says so
 * instead of pretending to work.
 */
public class LayerStep extends SparkStep {
  private final String layer;

  public LayerStep(String name, String layer, SparkSession spark, TandemSettings settings) {
    super(name, spark, settings);
    this.layer = layer;
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
