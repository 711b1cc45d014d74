package io.tandem.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.model.ConfTables;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  static final StructType SCHEMA =
      StructType.fromDDL(
          "model STRING, conversion STRING, channel STRING, raw_value DOUBLE, value DOUBLE,"
              + " journeys BIGINT, conversions BIGINT, as_of_date DATE");

  private final SparkSession spark;
  private final TandemSettings settings;

  public AttributionValues(SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Writes the values table and returns its row count. */
  public long build(Warehouse warehouse, RunContext run) {
    ConfTables.register(spark, settings.confPath());
    Map<String, String> parameters = ModelRunner.parameters(settings, run);
    Path file = settings.sqlPath().resolve("attribution").resolve("attribution_paths.sql");
    Dataset<Row> journeys;
    try {
      SqlModel paths = new SqlModel("gold", "attribution_paths", file, Files.readString(file));
      journeys = spark.sql(paths.render(parameters, warehouse::queryName)).localCheckpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw TandemErrors.sqlModelFailed("attribution paths", file, e);
    }
    int maxChannels = Integer.parseInt(parameters.get("attribution.shapley_max_channels"));
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
    warehouse.overwrite("gold", TABLE, spark.createDataFrame(rows, SCHEMA));
    warehouse.registerAll();
    return rows.size();
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
