package io.tandem.kpi;

import io.tandem.attribution.AttributionValues;
import io.tandem.config.TandemSettings;
import io.tandem.model.ModelRunner;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * journey + silver → gold: learns the data-driven attribution values beside the KPI models of
 * {@code sql/gold/} that do not read them, builds every KPI model, then signs the quarters that
 * have closed on the scorecard.
 */
@Component
public class KpiStep extends SparkStep {

  public KpiStep(@Lazy SparkSession spark, TandemSettings settings) {
    super("kpis", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    ModelRunner runner = new ModelRunner(spark, settings);
    // The values are learnt beside the models that do not read them (Spark jobs of their own).
    AtomicLong values = new AtomicLong();
    StepOutcome outcome =
        runner.buildLayer(
            "gold",
            run,
            Map.of(
                "gold." + AttributionValues.TABLE,
                () -> values.set(new AttributionValues(spark, settings).build(warehouse, run))));
    outcome.table("gold." + AttributionValues.TABLE, values.get());
    new ScorecardSignoffs(warehouse).sign(run.businessDate(), outcome);
    // Gold is the last layer built: the next run rebuilds what comes after this one.
    runner.recordBuild(run);
    return outcome;
  }
}
