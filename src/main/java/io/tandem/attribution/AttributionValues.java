package io.tandem.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.model.ModelRunner;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Learns the data-driven attribution values (Markov removal effect, Shapley value) of every channel
 * from the journeys of {@code sql/attribution/attribution_paths.sql}, once for pipeline (an
 * opportunity was created) and once for revenue (it was won), into {@code
 * gold.attribution_channel_values}, which {@code fct_attribution_credits} reads.
 */
public final class AttributionValues {
  public static final String TABLE = "attribution_channel_values";

  private final SparkSession spark;
  private final TandemSettings settings;

  public AttributionValues(SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /**
   * Writes the values table, unless it already holds what the same journeys, rules and date give,
   * and returns its row count. Runs beside the gold layer's build ({@code KpiStep}), which has
   * registered the conf tables it reads.
   */
  public long build(Warehouse warehouse, RunContext run) {
    Map<String, String> parameters = ModelRunner.parameters(settings, run);
    ModelRunner sql = new ModelRunner(spark, settings);
    sql.buildUnlessUnchanged(
        run,
        warehouse,
        "attribution",
        List.of("attribution_paths"),
        parameters,
        List.of("gold." + TABLE),
        () -> learn(warehouse, run, parameters, sql));
    return warehouse.rows("gold", TABLE);
  }

  private void learn(
      Warehouse warehouse, RunContext run, Map<String, String> parameters, ModelRunner sql) {
    // The conf tables the paths read are registered by the gold layer's build this runs beside.
    Dataset<Row> journeys =
        sql.select("attribution", "attribution_paths", parameters, warehouse).localCheckpoint();
    int maxChannels =
        Definitions.load(settings.confPath()).integer("attribution.shapley_max_channels");
    Date asOf = Date.valueOf(run.businessDate());
    List<Row> rows = new ArrayList<>();
    for (String conversion : List.of("pipeline", "revenue")) {
      Dataset<Row> converting =
          journeys
              .where(col("converted_" + conversion).isNotNull().and(expr("size(channels) > 0")))
              .select(col("channels"), col("converted_" + conversion).as("converted"));
      long total = converting.count();
      long conversions = converting.where(col("converted")).count();
      for (DataDrivenAttribution.ChannelValue v : DataDrivenAttribution.markov(converting)) {
        rows.add(row("markov", conversion, v, total, conversions, asOf));
      }
      for (DataDrivenAttribution.ChannelValue v :
          DataDrivenAttribution.shapley(spark, converting, maxChannels)) {
        rows.add(row("shapley", conversion, v, total, conversions, asOf));
      }
    }
    StructType schema = sql.schema("gold", TABLE);
    warehouse.overwrite(
        "gold", TABLE, sql.checked("gold", TABLE, spark.createDataFrame(rows, schema)));
  }

  private static Row row(
      String model,
      String conversion,
      DataDrivenAttribution.ChannelValue v,
      long journeys,
      long conversions,
      Date asOf) {
    return RowFactory.create(
        model, conversion, v.channel(), v.raw(), v.value(), journeys, conversions, asOf);
  }
}
