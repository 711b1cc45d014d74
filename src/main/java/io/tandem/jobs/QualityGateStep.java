package io.tandem.jobs;

import static org.apache.spark.sql.functions.col;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.model.TableContract;
import io.tandem.spark.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Blocks publishing when a built table breaks its contract's key: every key column not null and
 * every key unique. With {@code quality.on_failure: warn} in conf/definitions.yml failures are
 * reported and the run goes on.
 */
final class QualityGateStep implements PipelineStep {
  private final SparkSession spark;
  private final TandemSettings settings;

  QualityGateStep(SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "quality-gate";
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = new Warehouse(spark, run.warehouse());
    ModelRunner runner = new ModelRunner(spark, settings);
    StepOutcome outcome = new StepOutcome();
    Map<String, Object> checks = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (String layer : List.of("silver", "journey", "gold")) {
      for (SqlModel model : runner.models(layer)) {
        TableContract contract = runner.contract(model);
        if (contract.key() == null
            || contract.key().isEmpty()
            || !warehouse.exists(layer, model.table())) {
          continue;
        }
        Dataset<Row> table = warehouse.read(layer, model.table());
        long rows = table.count();
        outcome.addRowsIn(rows);
        Column[] key =
            contract.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column anyNull =
            contract.key().stream().map(k -> col(k).isNull()).reduce(Column::or).orElseThrow();
        long nullKeys = table.filter(anyNull).count();
        long duplicates = rows - table.select(key).distinct().count();
        String name = model.qualifiedName() + " key (" + String.join(", ", contract.key()) + ")";
        checks.put(name, nullKeys == 0 && duplicates == 0 ? "passed" : "failed");
        if (nullKeys > 0 || duplicates > 0) {
          failures.add(
              name
                  + ": "
                  + nullKeys
                  + " row(s) with a null key, "
                  + duplicates
                  + " duplicate row(s)");
        }
      }
    }
    outcome.detail("checks", checks);
    if (!failures.isEmpty()) {
      boolean warnOnly =
          "warn".equals(Definitions.load(settings.confPath()).get("quality.on_failure"));
      if (!warnOnly) {
        throw TandemErrors.qualityGateFailed(failures);
      }
      failures.forEach(f -> outcome.note("quality check failed (warn only): " + f));
    }
    return outcome;
  }
}
