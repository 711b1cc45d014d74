package io.tandem.kpi;

import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.model.ConfTables;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The reverse-funnel plan of one quarter ({@code sql/gold/kpi_revenue_plan_quarterly.sql}): as the
 * last run built it, or worked out again over the warehouse for another revenue target. Both use
 * the one definition; only the target differs.
 */
public final class RevenuePlan {
  static final String TABLE = "kpi_revenue_plan_quarterly";

  private final SparkSession spark;
  private final TandemSettings settings;
  private final Warehouse warehouse;

  public RevenuePlan(SparkSession spark, TandemSettings settings, Warehouse warehouse) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
  }

  /** The as-of date of the warehouse's KPIs: the business date of the last run. */
  public LocalDate asOf() {
    if (!warehouse.exists("gold", "kpi_pipeline_quarterly")) {
      throw TandemErrors.noKpisYet(warehouse.root());
    }
    Row row =
        spark
            .sql(
                "SELECT max(as_of_date) FROM "
                    + warehouse.queryName("gold", "kpi_pipeline_quarterly"))
            .first();
    return row.getDate(0).toLocalDate();
  }

  /**
   * The plan's rows for {@code quarter} (null: the as-of date's quarter), stage by stage: the
   * run's, or with {@code revenue} as the quarter's won-revenue target when it is not null.
   */
  public Dataset<Row> of(String quarter, Double revenue) {
    LocalDate asOf = asOf();
    Dataset<Row> plan;
    if (revenue == null) {
      plan = spark.table(warehouse.queryName("gold", TABLE));
    } else {
      // every quarter of the horizon gets the revenue; the one asked for is picked below
      ConfTables.register(spark, settings.confPath());
      spark
          .createDataFrame(
              List.of(RowFactory.create("won_revenue", "*", revenue)),
              StructType.fromDDL("goal STRING, quarter STRING, target DOUBLE"))
          .createOrReplaceTempView("conf_targets");
      RunContext run =
          new RunContext("plan", asOf, asOf, null, warehouse.root(), null, Clock.systemUTC(), true);
      ModelRunner runner = new ModelRunner(spark, settings);
      SqlModel model =
          runner.models("gold").stream()
              .filter(m -> m.table().equals(TABLE))
              .findFirst()
              .orElseThrow();
      plan = runner.query(model, ModelRunner.parameters(settings, run), warehouse);
    }
    List<Row> quarters =
        plan.selectExpr("period_label", "period_start <= DATE'" + asOf + "' AS current")
            .distinct()
            .orderBy("period_label")
            .collectAsList();
    String label =
        quarter != null
            ? quarter
            : quarters.stream()
                .filter(r -> r.getBoolean(1))
                .map(r -> r.getString(0))
                .findFirst()
                .orElse(null);
    if (label == null || quarters.stream().noneMatch(r -> r.getString(0).equals(label))) {
      throw TandemErrors.quarterNotPlanned(
          String.valueOf(quarter != null ? quarter : "the as-of quarter"),
          quarters.stream().map(r -> r.getString(0)).toList());
    }
    return plan.where(plan.col("period_label").equalTo(label))
        .orderBy(plan.col("stage_order").desc(), plan.col("is_total").desc(), plan.col("channel"));
  }
}
