package io.tandem.publish;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.TableContract;
import io.tandem.ingest.RejectedFiles;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.QuerySize;
import io.tandem.spark.SideBySide;
import io.tandem.spark.Warehouse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * gold → PostgreSQL for BI tools (atomic swap, read-only role). Runs only after the quality gate
 * passed, so a failed check leaves yesterday's published tables in place.
 */
@Component
public class PublishStep extends SparkStep {
  private final PublishSettings publish;

  private static final String LAYER = "publish";

  public PublishStep(@Lazy SparkSession spark, TandemSettings settings, PublishSettings publish) {
    super("publish", spark, settings);
    this.publish = publish;
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    List<String> tables = warehouse.tables("gold");
    StepOutcome outcome = new StepOutcome();
    Path reports = reportsDir(settings);
    Set<String> held = heldTables(warehouse, run);
    ModelRunner runner = new ModelRunner(spark, settings);
    Map<String, TableContract> contracts = new TreeMap<>(runner.contracts("gold"));
    contracts.putAll(runner.contracts(LAYER));
    List<Path> pages = new ArrayList<>();
    Map<String, Long> published = new LinkedHashMap<>();
    AtomicReference<String> biConnection = new AtomicReference<>();
    // The pages and the copy to the database read the same gold tables and write different things:
    // side by side, each one's small queries fill the other's pauses (planning, PostgreSQL I/O).
    // With tables held, the pages stay as the last full publish wrote them.
    ReportPages report = new ReportPages(warehouse, runner, Definitions.load(settings.confPath()));
    List<Runnable> work = new ArrayList<>();
    if (held.isEmpty()) {
      work.add(
          () -> {
            pages.addAll(report.writeScorecards(reports, run.businessDate()));
            pages.addAll(report.writeDigest(reports, run.businessDate()));
          });
    }
    work.add(
        () -> {
          try (PublishTarget target = PublishTarget.open(publish, settings.varPath())) {
            published.putAll(
                new PostgresPublisher(target.settings(), contracts)
                    .publish(warehouse, tables, held, runTables(runner, warehouse, run)));
            biConnection.set(target.biConnection());
          }
        });
    // Sized by the pages' queries (the copies only scan), and the session's sizing put back after.
    long largestPageQuery = held.isEmpty() ? report.largestQueryRows() : 0;
    QuerySize.during(spark, largestPageQuery, () -> SideBySide.run(work));
    if (held.isEmpty()) {
      outcome.detail("pages", pages.stream().map(Path::toString).toList());
      outcome.note("scorecard and digest pages in " + reports);
    } else {
      // the pages read many gold tables: they stay as the last full publish wrote them
      outcome.note(
          "kept at their last published version (a rejected extract file feeds them): "
              + String.join(", ", held)
              + "; the scorecard and digest pages in "
              + reports
              + " are not rewritten until the file is replaced");
    }
    published.forEach(
        (table, n) -> outcome.addRowsIn(n).table("postgres " + publish.schema() + "." + table, n));
    outcome.detail("bi_connection", biConnection.get());
    return outcome;
  }

  /**
   * The tables about the run itself (sql/publish/: the run status), built from the warehouse at
   * publish time and published beside gold.
   */
  private Map<String, Dataset<Row>> runTables(
      ModelRunner runner, Warehouse warehouse, RunContext run) {
    Map<String, String> parameters = ModelRunner.parameters(settings, run);
    parameters.put("run_id", "'" + run.runId() + "'");
    parameters.put("published_at", "TIMESTAMP'" + LocalDateTime.now(run.clock()).withNano(0) + "'");
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    for (SqlModel model : runner.models(LAYER)) {
      tables.put(model.table(), runner.query(model, parameters, warehouse));
    }
    return tables;
  }

  /** The tables a rejected extract file leaves stale, unless conf says to block instead. */
  private Set<String> heldTables(Warehouse warehouse, RunContext run) {
    if (!RejectedFiles.holdOnly(Definitions.load(settings.confPath()))) {
      return Set.of();
    }
    return RejectedFiles.asOf(warehouse, settings, run.businessDate()).staleGoldTables();
  }

  /** Where the scorecard pages and digests go: {@code <var>/reports}. */
  public static Path reportsDir(TandemSettings settings) {
    return settings.varPath().resolve("reports");
  }
}
