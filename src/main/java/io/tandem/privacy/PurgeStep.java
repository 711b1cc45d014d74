package io.tandem.privacy;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The run's last step: erasures a crash left pending are completed, their people's rows deleted
 * again before ingest and every layer now rebuilt without them ({@link PendingErasures}); once an
 * erasure is {@code privacy.purge_after_hours} past its completion, VACUUM removes the data files
 * it left behind from every table, so the person is gone from storage too.
 */
@Component
public class PurgeStep extends SparkStep {

  public PurgeStep(@Lazy SparkSession spark, TandemSettings settings) {
    super("purge", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    long retainHours = purgeAfterHours(settings);
    Warehouse warehouse = run.warehouseIn(spark);
    StepOutcome outcome = new StepOutcome();
    List<String> completed =
        PendingErasures.complete(
            warehouse, run.runId(), run.clock().instant(), Duration.ofHours(retainHours));
    if (!completed.isEmpty()) {
      outcome.note(
          "completed erasure(s) "
              + String.join(", ", completed)
              + " that a crash had left pending: their rows were deleted again before ingest");
    }
    List<String> purged = Purge.due(warehouse, run.clock().instant(), retainHours);
    outcome.detail("erasures_completed", completed).detail("erasures_purged", purged);
    if (!purged.isEmpty()) {
      outcome.note(
          "purged the old data files of erasure(s) "
              + String.join(", ", purged)
              + " (VACUUM of every table, files removed over "
              + retainHours
              + " hours ago)");
    }
    return outcome;
  }

  static long purgeAfterHours(TandemSettings settings) {
    return Long.parseLong(Definitions.load(settings.confPath()).get("privacy.purge_after_hours"));
  }
}
