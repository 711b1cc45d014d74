package io.tandem.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.model.LatestVersions;
import io.tandem.model.ModelRunner;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.SparkStep;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * silver → {@code journey.int_identity_graph}: every identifier (CRM record, e-mail key, cookie,
 * click id, GA4 user id) with the person it belongs to. Ids are stable across runs: each run reads
 * the graph as of the latest earlier date from {@code journey.int_identity_history} (which records
 * each date's changes), so a rerun of a date gives the same ids and the same merges ({@code
 * journey.int_identity_merges}).
 */
@Component
public class IdentityStep extends SparkStep {
  private static final String LAYER = "journey";
  private static final List<String> TABLES =
      List.of("int_identity_history", "int_identity_graph", "int_identity_merges");

  public IdentityStep(@Lazy SparkSession spark, TandemSettings settings) {
    super("identity", spark, settings);
  }

  @Override
  public StepOutcome execute(RunContext run) {
    Warehouse warehouse = run.warehouseIn(spark);
    ModelRunner sql = new ModelRunner(spark, settings);
    Date asOf = Date.valueOf(run.businessDate());
    StepOutcome outcome = new StepOutcome();
    boolean built =
        sql.buildUnlessUnchanged(
            run,
            warehouse,
            "identity",
            List.of("identity_email_sha256", "identity_edges"),
            Map.of("as_of_date", asOf.toString()),
            TABLES.stream().map(table -> LAYER + "." + table).toList(),
            () -> outcome.addRowsIn(resolve(run, warehouse, sql, asOf, outcome)));
    if (!built) {
      outcome.note(
          "unchanged: the identity graph of "
              + asOf
              + " was built from the same tables and rules; kept as it is");
    }
    Row summary =
        warehouse
            .read(LAYER, "int_identity_graph")
            .selectExpr(
                "count(*)",
                "count(DISTINCT person_id)",
                "count(DISTINCT CASE WHEN is_known THEN person_id END)",
                "count_if(is_shared)")
            .first();
    outcome.table("journey.int_identity_graph", summary.getLong(0));
    outcome.detail("people", summary.getLong(1));
    outcome.detail("known_people", summary.getLong(2));
    outcome.detail("anonymous_people", summary.getLong(1) - summary.getLong(2));
    outcome.detail("shared_identifiers", summary.getLong(3));
    outcome.detail(
        "merges_today",
        warehouse
            .read(LAYER, "int_identity_merges")
            .filter(col("merged_on").equalTo(asOf))
            .count());
    return outcome;
  }

  /**
   * Resolves the people of the evidence and writes the date's changes to the history, the graph and
   * the date's merges; returns the evidence rows read.
   */
  private long resolve(
      RunContext run, Warehouse warehouse, ModelRunner sql, Date asOf, StepOutcome outcome) {
    LatestVersions.registerViews(
        warehouse, SourceContract.loadAll(settings.schemasPath()), run.businessDate());
    Definitions definitions = Definitions.load(settings.confPath());
    sql.select("identity", "identity_email_sha256", Map.of(), warehouse)
        .createOrReplaceTempView("identity_email_sha256");
    // Evaluated once: the resolver reads it and the step counts it.
    Dataset<Row> evidence =
        sql.select("identity", "identity_edges", Map.of(), warehouse).localCheckpoint();

    Dataset<Row> previous = previousSnapshot(warehouse, asOf);
    int maxPeoplePerBrowser = definitions.integer("identity.max_people_per_browser");
    StableIds.Snapshot snapshot =
        IdentityResolver.onDriverIfSmall(evidence, maxPeoplePerBrowser)
            .map(resolved -> StableIds.onDriver(spark, resolved, previous.collectAsList()))
            .orElseGet(
                () ->
                    StableIds.inSpark(
                        IdentityResolver.inSpark(
                            evidence,
                            maxPeoplePerBrowser,
                            definitions.integer("identity.max_rounds")),
                        // read three times: for the ids, the merges and the changes
                        previous.localCheckpoint()));
    Dataset<Row> merges = snapshot.merges().withColumn("merged_on", lit(asOf));

    // The history keeps what changed on the date, not the whole graph again: a night's write and
    // the next night's read stay the size of the graph and its changes, not of all nights so far.
    long changed =
        warehouse.replaceWhere(
            LAYER,
            "int_identity_history",
            sql.checked(
                LAYER,
                "int_identity_history",
                snapshot.changes().withColumn("as_of_date", lit(asOf))),
            "as_of_date = '" + asOf + "'");
    outcome.detail("identifiers_changed", changed);
    warehouse.overwrite(
        LAYER, "int_identity_graph", sql.checked(LAYER, "int_identity_graph", snapshot.graph()));
    warehouse.replaceWhere(
        LAYER,
        "int_identity_merges",
        sql.checked(LAYER, "int_identity_merges", merges),
        "merged_on = '" + asOf + "'");
    return evidence.count();
  }

  /** The identity graph as of the latest date before {@code asOf}; empty on a first run. */
  private Dataset<Row> previousSnapshot(Warehouse warehouse, Date asOf) {
    if (!warehouse.exists(LAYER, "int_identity_history")) {
      return spark.sql(
          "SELECT CAST(NULL AS STRING) AS identifier, CAST(NULL AS STRING) AS identifier_type,"
              + " CAST(NULL AS STRING) AS person_id, CAST(NULL AS BOOLEAN) AS is_shared,"
              + " CAST(NULL AS BOOLEAN) AS is_known WHERE false");
    }
    return StableIds.graphBefore(warehouse.read(LAYER, "int_identity_history"), asOf);
  }
}
