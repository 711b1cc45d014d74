package io.tandem.kpi;

import io.tandem.attribution.AttributionValues;
import io.tandem.config.TandemSettings;
import io.tandem.model.ModelRunner;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * journey + silver → gold: learns the data-driven attribution values, builds every KPI model of
 * {@code sql/gold/}, then signs the quarters that have closed on the scorecard.
 */
@Component
public class KpiStep extends SparkStep {

  public KpiStep(@Lazy SparkSession spark, TandemSettings settings) {
    super("kpis", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    long values = new AttributionValues(spark, settings).build(warehouse, run);
    ModelRunner runner = new ModelRunner(spark, settings);
    StepOutcome outcome = runner.buildLayer("gold", run);
    outcome.table("gold." + AttributionValues.TABLE, values);
    new ScorecardSignoffs(warehouse).sign(run.businessDate(), outcome);
    // Gold is the last layer built: the next run rebuilds what comes after this one.
    runner.recordBuild(run);
    return outcome;
  }
}
