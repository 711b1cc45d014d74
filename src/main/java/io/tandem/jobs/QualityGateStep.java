package io.tandem.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Blocks publishing when an extract file was rejected, when too many rows of a source were
 * quarantined, when a built table breaks its contract's key (every key column not null, every key
 * unique), or when a reconciliation check of sql/checks/ finds records that break its rule. With
 * {@code quality.on_failure: warn} in conf/definitions.yml failures are reported and the run goes
 * on.
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
    warehouse.registerAll();
    Definitions definitions = Definitions.load(settings.confPath());
    StepOutcome outcome = new StepOutcome();
    Map<String, Object> checks = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    checkIngest(warehouse, run, definitions, checks, failures);
    checkKeys(warehouse, outcome, checks, failures);
    checkSql(run, checks, failures);
    outcome.detail("checks", checks);
    if (!failures.isEmpty()) {
      if (!"warn".equals(definitions.get("quality.on_failure"))) {
        throw TandemErrors.qualityGateFailed(failures);
      }
      failures.forEach(f -> outcome.note("quality check failed (warn only): " + f));
    }
    return outcome;
  }

  /**
   * Extracts rejected whole (a missing required column) block until fixed; so does a source object
   * whose quarantined share of rows exceeds conf quality.max_quarantined_share.
   */
  private void checkIngest(
      Warehouse warehouse,
      RunContext run,
      Definitions definitions,
      Map<String, Object> checks,
      List<String> failures) {
    Dataset<Row> files =
        warehouse
            .read("bronze", "file_manifest")
            .filter(col("extract_date").leq(java.sql.Date.valueOf(run.businessDate())));
    List<String> rejected =
        files
            .filter("status = 'rejected'")
            .orderBy("path")
            .select("path")
            .as(Encoders.STRING())
            .collectAsList();
    checks.put("no rejected extract files", rejected.isEmpty() ? "passed" : "failed");
    if (!rejected.isEmpty()) {
      failures.add(
          rejected.size()
              + " extract file(s) rejected (see bronze.quarantine): "
              + String.join(", ", rejected));
    }
    double maxShare = Double.parseDouble(definitions.get("quality.max_quarantined_share"));
    for (Row object :
        files
            .groupBy("source", "object")
            .agg(sum("rows_read").as("read"), sum("rows_quarantined").as("quarantined"))
            .filter("read > 0 AND quarantined / read > " + maxShare)
            .orderBy("source", "object")
            .collectAsList()) {
      String name = object.getString(0) + "/" + object.getString(1);
      checks.put(name + " quarantined share", "failed");
      failures.add(
          name
              + ": "
              + object.getLong(3)
              + " of "
              + object.getLong(2)
              + " rows quarantined, more than quality.max_quarantined_share = "
              + maxShare);
    }
  }

  /**
   * The checks of {@code sql/checks/*.sql}: each query returns the records that break its rule
   * (first column), and passes when it returns none.
   */
  private void checkSql(RunContext run, Map<String, Object> checks, List<String> failures) {
    for (SqlModel check : new ModelRunner(spark, settings).models("checks")) {
      List<String> failing =
          spark
              .sql(check.render(ModelRunner.parameters(settings, run)))
              .limit(5)
              .as(Encoders.STRING())
              .collectAsList();
      checks.put(check.table(), failing.isEmpty() ? "passed" : "failed");
      if (!failing.isEmpty()) {
        failures.add(check.table() + ": failing records include " + String.join(", ", failing));
      }
    }
  }

  /** Every key column of every built table not null, and every key unique. */
  private void checkKeys(
      Warehouse warehouse, StepOutcome outcome, Map<String, Object> checks, List<String> failures) {
    ModelRunner runner = new ModelRunner(spark, settings);
    for (String layer : List.of("silver", "journey", "gold")) {
      for (SqlModel model : runner.models(layer)) {
        TableContract contract = runner.contract(model);
        if (contract.key() == null
            || contract.key().isEmpty()
            || !warehouse.exists(layer, model.table())) {
          continue;
        }
        Dataset<Row> table = warehouse.read(layer, model.table());
        Column[] key =
            contract.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column anyNull =
            contract.key().stream().map(k -> col(k).isNull()).reduce(Column::or).orElseThrow();
        // one pass: rows, distinct keys and rows with a null key
        Row counts =
            table
                .agg(count(lit(1)), count_distinct(struct(key)), sum(when(anyNull, 1).otherwise(0)))
                .first();
        long rows = counts.getLong(0);
        outcome.addRowsIn(rows);
        long nullKeys = counts.isNullAt(2) ? 0 : counts.getLong(2);
        long duplicates = rows - counts.getLong(1);
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
  }
}
