package io.tandem.kpi;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Leadership signs a quarter once. When a run first sees a quarter closed under a definitions
 * version, it copies that quarter's scorecard rows into {@code gold.scorecard_signoffs}; from then
 * on the scorecard shows the signed rows for that quarter and version, whatever late data or later
 * runs say. A change of what the quarter's numbers depend on (rules, its targets, rates up to its
 * end: a new version of that quarter) signs again beside the old rows.
 */
final class ScorecardSignoffs {
  static final String SCORECARD = "kpi_alignment_scorecard_quarterly";
  static final String SIGNOFFS = "scorecard_signoffs";

  private final Warehouse warehouse;

  ScorecardSignoffs(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  void sign(LocalDate businessDate, StepOutcome outcome) {
    Dataset<Row> computed = warehouse.read("gold", SCORECARD).localCheckpoint();
    Dataset<Row> closed =
        computed
            .where(col("is_closed"))
            .withColumn("signed_on", lit(Date.valueOf(businessDate)))
            .withColumn("is_current_version", lit(true));
    Dataset<Row> toSign = closed;
    long signing = 1;
    if (warehouse.exists("gold", SIGNOFFS)) {
      // Signings are numbered, so two versions signed on the same business date keep their order.
      // (signoffs from before the numbering have none: they come first)
      Dataset<Row> signoffs = warehouse.read("gold", SIGNOFFS);
      if (List.of(signoffs.columns()).contains("signing")) {
        Row last = signoffs.agg(max("signing")).first();
        signing = last.isNullAt(0) ? 1 : last.getLong(0) + 1;
      }
      Dataset<Row> signedKeys = signoffs.select("quarter_label", "definitions_version").distinct();
      toSign =
          closed.join(
              signedKeys,
              closed
                  .col("quarter_label")
                  .equalTo(signedKeys.col("quarter_label"))
                  .and(
                      closed
                          .col("definitions_version")
                          .equalTo(signedKeys.col("definitions_version"))),
              "left_anti");
    }
    toSign = toSign.withColumn("signing", lit(signing));
    long newlySigned = toSign.select("quarter_label").distinct().count();
    if (newlySigned > 0 || !warehouse.exists("gold", SIGNOFFS)) {
      // The first run creates the table even when no quarter has closed yet.
      warehouse.append("gold", SIGNOFFS, toSign);
    }
    if (newlySigned > 0) {
      outcome.note("signed " + newlySigned + " closed quarter(s) on the scorecard");
    }
    // Each quarter has its own current version (its targets and exchange rates are its own).
    Dataset<Row> current =
        computed
            .select(
                col("quarter_label").as("current_quarter"),
                col("definitions_version").as("current_version"))
            .distinct();
    Dataset<Row> signed =
        warehouse
            .read("gold", SIGNOFFS)
            .where(col("quarter_end").lt(lit(Date.valueOf(businessDate))))
            .join(current, col("quarter_label").equalTo(col("current_quarter")), "left")
            .withColumn(
                "is_current_version",
                coalesce(col("definitions_version").equalTo(col("current_version")), lit(false)))
            .drop("current_quarter", "current_version");
    Dataset<Row> open = computed.where(col("quarter_end").geq(lit(Date.valueOf(businessDate))));
    Dataset<Row> scorecard = open.unionByName(signed).orderBy("quarter_start", "display_order");
    outcome.table("gold." + SCORECARD, warehouse.overwrite("gold", SCORECARD, scorecard));
    outcome.table("gold." + SIGNOFFS, warehouse.read("gold", SIGNOFFS).count());
  }
}
