package io.tandem.checks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.config.Definitions;
import io.tandem.config.DefinitionsVersion;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.TableContract;
import io.tandem.errors.TandemErrors;
import io.tandem.ingest.IngestStep;
import io.tandem.ingest.RejectedFiles;
import io.tandem.model.BuildState;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.SideBySide;
import io.tandem.spark.Warehouse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Blocks publishing when the data is not fit to publish: an extract file was rejected, too many
 * rows of a source were quarantined, a source is stale or an extract's volume is far off its
 * trailing average ({@link SourceHealthChecks}), a built table breaks its contract (key, accepted
 * values, references: {@link ContractChecks}), or a reconciliation or KPI sanity check of
 * sql/checks/ finds records that break its rule. The error lists each failed check with examples
 * and how to override; with {@code quality.on_failure: warn} in conf/definitions.yml failures are
 * reported and the run goes on. Warnings never block.
 */
public final class QualityGateStep extends SparkStep {
  static final String CHECKS_TABLE = "quality_checks";

  /** Where each table's and SQL check's last outcome is kept ({@link Checked}). */
  static final String CHECKED_FOLDER = "_tandem_checks";

  private static final StructType CHECKS_SCHEMA =
      new StructType()
          .add("check_name", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, true)
          .add("as_of_date", DataTypes.DateType, false);

  public QualityGateStep(SparkSession spark, TandemSettings settings) {
    super("quality-gate", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    Definitions definitions = Definitions.load(settings.confPath());
    StepOutcome outcome = new StepOutcome();
    Dataset<Row> manifest =
        warehouse
            .read("bronze", "file_manifest")
            .filter(col("extract_date").leq(java.sql.Date.valueOf(run.businessDate())));
    List<CheckResult> results =
        new ArrayList<>(ingestChecks(manifest, definitions, warehouse, run, outcome));
    results.addAll(SourceHealthChecks.freshness(manifest, run.businessDate(), definitions));
    results.addAll(SourceHealthChecks.volume(manifest, run.businessDate(), definitions));
    String fingerprint = BuildState.fingerprint(settings);
    Set<String> kept = ConcurrentHashMap.newKeySet();
    // The tables' contract checks and the SQL checks, side by side: each is mostly small queries.
    List<CheckResult> contracts = new ArrayList<>();
    List<CheckResult> sql = new ArrayList<>();
    SideBySide.run(
        List.of(
            () -> contracts.addAll(contractChecks(warehouse, fingerprint, kept, outcome)),
            () -> sql.addAll(sqlChecks(warehouse, run, fingerprint, kept))));
    results.addAll(contracts);
    results.addAll(sql);
    if (!kept.isEmpty()) {
      outcome.detail("unchanged_checks", new TreeSet<>(kept));
    }

    warehouse.overwrite(
        "gold",
        CHECKS_TABLE,
        new ModelRunner(spark, settings).checked("gold", CHECKS_TABLE, checksTable(results, run)));
    Map<String, Object> checks = new LinkedHashMap<>();
    results.forEach(r -> checks.put(r.check(), r.status().label()));
    outcome.detail("checks", checks);
    results.stream()
        .filter(r -> r.status() == CheckResult.Status.WARNING)
        .forEach(r -> outcome.note("quality warning: " + r.message()));
    List<String> failures =
        results.stream()
            .filter(r -> r.status() == CheckResult.Status.FAILED)
            .map(CheckResult::message)
            .toList();
    if (!failures.isEmpty()) {
      if (!"warn".equals(definitions.get("quality.on_failure"))) {
        throw TandemErrors.qualityGateFailed(failures);
      }
      failures.forEach(f -> outcome.note("quality check failed (warn only): " + f));
    }
    return outcome;
  }

  /**
   * The checks' outcomes as a table (gold.quality_checks, published for dashboards and read by the
   * run status view): one row per check, the message only when it did not pass.
   */
  private Dataset<Row> checksTable(List<CheckResult> results, RunContext run) {
    java.sql.Date asOf = java.sql.Date.valueOf(run.businessDate());
    List<Row> rows =
        results.stream()
            .map(
                r ->
                    RowFactory.create(
                        r.check(),
                        r.status().label(),
                        r.status() == CheckResult.Status.PASSED ? null : r.message(),
                        asOf))
            .toList();
    return spark.createDataFrame(rows, CHECKS_SCHEMA);
  }

  /**
   * Extracts rejected whole (a key column missing) hold the published tables they feed at their
   * last version until they are replaced, or block the whole publish with {@code
   * quality.rejected_files: block}; a source object whose quarantined share of rows exceeds conf
   * quality.max_quarantined_share blocks.
   */
  private List<CheckResult> ingestChecks(
      Dataset<Row> files,
      Definitions definitions,
      Warehouse warehouse,
      RunContext run,
      StepOutcome outcome) {
    List<CheckResult> results = new ArrayList<>();
    RejectedFiles rejected = RejectedFiles.asOf(warehouse, settings, run.businessDate());
    boolean hold = RejectedFiles.holdOnly(definitions);
    String message =
        rejected.paths().size()
            + " extract file(s) rejected (see bronze.quarantine): "
            + String.join(", ", rejected.paths());
    if (rejected.any() && hold) {
      outcome.detail("stale_tables", List.copyOf(rejected.staleGoldTables()));
      results.add(
          new CheckResult(
              "no rejected extract files",
              CheckResult.Status.WARNING,
              message
                  + ". Until they are replaced, the tables fed by "
                  + String.join(", ", rejected.objects())
                  + " keep their last published version (stale): "
                  + String.join(", ", rejected.staleGoldTables())
                  + "; everything else publishes. Set quality.rejected_files: block in"
                  + " conf/definitions.yml to stop the whole publish instead"));
    } else {
      results.add(CheckResult.of("no rejected extract files", rejected.any(), message));
    }
    results.add(unreadLandingEntries(warehouse, definitions));
    double maxShare = definitions.number("quality.max_quarantined_share");
    for (Row object :
        files
            // a rejected file holds or blocks as a file; its one quarantine row is not a share
            .filter("status <> 'rejected'")
            .groupBy("source", "object")
            .agg(sum("rows_read").as("read"), sum("rows_quarantined").as("quarantined"))
            .filter("read > 0 AND quarantined / read > " + maxShare)
            .orderBy("source", "object")
            .collectAsList()) {
      String name = object.getString(0) + "/" + object.getString(1);
      results.add(
          CheckResult.of(
              name + " quarantined share",
              true,
              name
                  + ": "
                  + object.getLong(3)
                  + " of "
                  + object.getLong(2)
                  + " rows quarantined, more than quality.max_quarantined_share = "
                  + maxShare));
    }
    return results;
  }

  /**
   * Landing entries no contract reads (bronze.landing_unread): a warning, or a failure with {@code
   * quality.unread_landing_entries: block}.
   */
  private static CheckResult unreadLandingEntries(Warehouse warehouse, Definitions definitions) {
    String check = "every landing entry is read";
    if (!warehouse.exists("bronze", IngestStep.UNREAD_TABLE)) {
      return CheckResult.of(check, false, "");
    }
    List<String> unread =
        warehouse
            .read("bronze", IngestStep.UNREAD_TABLE)
            .orderBy("path")
            .selectExpr("concat(path, ': ', reason)")
            .as(Encoders.STRING())
            .collectAsList();
    if (unread.isEmpty()) {
      return CheckResult.of(check, false, "");
    }
    boolean block = "block".equals(definitions.get("quality.unread_landing_entries"));
    String message =
        unread.size()
            + " landing entr"
            + (unread.size() == 1 ? "y is" : "ies are")
            + " not read (bronze.landing_unread): "
            + String.join("; ", unread.subList(0, Math.min(5, unread.size())))
            + (unread.size() > 5 ? "; …" : "")
            + (block
                ? ""
                : ". Set quality.unread_landing_entries: block in conf/definitions.yml to stop the"
                    + " publish instead");
    return new CheckResult(
        check, block ? CheckResult.Status.FAILED : CheckResult.Status.WARNING, message);
  }

  /**
   * The checks of {@code sql/checks/*.sql}: each query returns the records that break its rule
   * (first column), and passes when it returns none.
   */
  private List<CheckResult> sqlChecks(
      Warehouse warehouse, RunContext run, String definitions, Set<String> kept) {
    Map<String, String> parameters = ModelRunner.parameters(settings, run);
    List<SqlModel> checks = new ModelRunner(spark, settings).models("checks");
    Map<String, List<CheckResult>> results = new ConcurrentHashMap<>();
    SideBySide.run(
        checks.stream()
            .<Runnable>map(
                check ->
                    () -> {
                      String inputs =
                          definitions
                              + " "
                              + check.render(parameters, (layer, table) -> layer + "." + table);
                      results.put(
                          check.qualifiedName(),
                          unlessChecked(
                              warehouse,
                              check.qualifiedName(),
                              Checked.inputs(warehouse, inputs, check.inputs()),
                              kept,
                              () -> List.of(sqlCheck(check, parameters, warehouse))));
                    })
            .toList());
    return checks.stream().flatMap(check -> results.get(check.qualifiedName()).stream()).toList();
  }

  private CheckResult sqlCheck(
      SqlModel check, Map<String, String> parameters, Warehouse warehouse) {
    Dataset<Row> breaking = spark.sql(check.render(parameters, warehouse::queryName));
    // the same examples on every run of the same data
    List<String> failing =
        breaking.orderBy(breaking.columns()[0]).limit(5).as(Encoders.STRING()).collectAsList();
    return CheckResult.of(
        check.table(),
        !failing.isEmpty(),
        check.table() + ": failing records include " + String.join(", ", failing));
  }

  /**
   * A check's outcome as last recorded when it read the same {@code inputs} ({@link
   * Checked#inputs}): checks are pure functions of the tables they read, the contracts and rules,
   * and the code. Otherwise it runs {@code check} and records the outcome.
   */
  private static List<CheckResult> unlessChecked(
      Warehouse warehouse,
      String name,
      String inputs,
      Set<String> kept,
      Supplier<List<CheckResult>> check) {
    Optional<List<CheckResult>> last = lastChecked(warehouse, name, inputs, kept);
    if (last.isPresent()) {
      return last.get();
    }
    List<CheckResult> results = check.get();
    record(warehouse, name, inputs, results);
    return results;
  }

  /** Keeps check {@code name}'s outcome with what it read, for the next run to find. */
  private static void record(
      Warehouse warehouse, String name, String inputs, List<CheckResult> results) {
    warehouse.writeRecord(CHECKED_FOLDER, name, new Checked(inputs, results));
  }

  /** The outcome recorded for check {@code name} when it read the same {@code inputs}, if any. */
  private static Optional<List<CheckResult>> lastChecked(
      Warehouse warehouse, String name, String inputs, Set<String> kept) {
    Optional<List<CheckResult>> last =
        warehouse
            .readRecord(CHECKED_FOLDER, name, Checked.class)
            .filter(checked -> checked.inputs().equals(inputs))
            .map(Checked::results);
    last.ifPresent(results -> kept.add(name));
    return last;
  }

  /** What a check last read, as a hash, and its outcome then. */
  record Checked(
      @JsonProperty(required = true) String inputs,
      @JsonProperty(required = true) List<CheckResult> results) {

    /** A hash of {@code what} (rules, query) and the versions of {@code tables}. */
    static String inputs(Warehouse warehouse, String what, Collection<String> tables) {
      StringBuilder all = new StringBuilder(what);
      new TreeSet<>(tables)
          .forEach(
              table ->
                  all.append('\n').append(table).append(' ').append(warehouse.versionId(table)));
      return DefinitionsVersion.sha256(all.toString());
    }
  }

  /**
   * The contract rules of every built silver, journey and gold table. A table's checks are kept
   * from its last check while the table and the tables its contract references keep their versions
   * (a kept check reads no rows); the others are checked together ({@link ContractChecks#all}).
   */
  private List<CheckResult> contractChecks(
      Warehouse warehouse, String definitions, Set<String> kept, StepOutcome outcome) {
    ModelRunner runner = new ModelRunner(spark, settings);
    List<SqlModel> models = new ArrayList<>();
    for (String layer : List.of("silver", "journey", "gold")) {
      runner.models(layer).stream()
          .filter(model -> warehouse.exists(layer, model.table()))
          .forEach(models::add);
    }
    // Each table's inputs and last outcome: version lookups, side by side.
    Map<String, String> inputs = new ConcurrentHashMap<>();
    Map<String, List<CheckResult>> results = new ConcurrentHashMap<>();
    Map<String, ContractChecks.Subject> toCheck = new ConcurrentHashMap<>();
    SideBySide.run(
        models.stream()
            .<Runnable>map(
                model ->
                    () -> {
                      String name = model.qualifiedName();
                      TableContract contract = runner.contract(model);
                      String read = Checked.inputs(warehouse, definitions, readBy(model, contract));
                      inputs.put(name, read);
                      lastChecked(warehouse, name, read, kept)
                          .ifPresentOrElse(
                              last -> results.put(name, last),
                              () ->
                                  toCheck.put(
                                      name,
                                      new ContractChecks.Subject(
                                          name,
                                          contract,
                                          warehouse.read(model.layer(), model.table()))));
                    })
            .toList());
    AtomicLong rowsChecked = new AtomicLong();
    Map<String, List<CheckResult>> checked =
        ContractChecks.all(
            models.stream()
                .map(model -> toCheck.get(model.qualifiedName()))
                .filter(Objects::nonNull)
                .toList(),
            warehouse::read,
            rowsChecked::addAndGet);
    SideBySide.run(
        checked.entrySet().stream()
            .<Runnable>map(
                table ->
                    () ->
                        record(
                            warehouse,
                            table.getKey(),
                            inputs.get(table.getKey()),
                            table.getValue()))
            .toList());
    results.putAll(checked);
    outcome.addRowsIn(rowsChecked.get());
    return models.stream().flatMap(model -> results.get(model.qualifiedName()).stream()).toList();
  }

  /** The tables a table's contract checks read: itself and those its columns reference. */
  private static Set<String> readBy(SqlModel model, TableContract contract) {
    Set<String> read = new TreeSet<>(Set.of(model.qualifiedName()));
    contract.columns().stream()
        .map(TableContract.Column::references)
        .filter(Objects::nonNull)
        .forEach(column -> read.add(column.substring(0, column.lastIndexOf('.'))));
    return read;
  }
}
