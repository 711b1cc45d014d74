package io.tandem.privacy;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.jobs.PipelineStep;
import io.tandem.jobs.RunContext;
import io.tandem.jobs.StepOutcome;
import io.tandem.spark.Warehouse;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The run's last step: once an erasure is {@code privacy.purge_after_hours} old, VACUUM removes the
 * data files it left behind from every table, so the person is gone from storage too.
 */
@Component
public class PurgeStep implements PipelineStep {
  private final SparkSession spark;
  private final TandemSettings settings;

  public PurgeStep(@Lazy SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "purge";
  }

  @Override
  public StepOutcome execute(RunContext run) {
    long retainHours = purgeAfterHours(settings);
    List<String> purged =
        Purge.due(new Warehouse(spark, run.warehouse()), run.clock().instant(), retainHours);
    StepOutcome outcome = new StepOutcome().detail("erasures_purged", purged);
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
