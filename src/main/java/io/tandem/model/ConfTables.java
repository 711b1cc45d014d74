package io.tandem.model;

import io.tandem.config.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Makes the reference tables of conf/ (channel_mapping.csv, fx_rates.csv, …) readable from SQL as
 * {@code conf_<file name>}, so business rules stay in conf/ and out of the models; the channel
 * rules also as the function {@code channel_of} ({@link ChannelRules}).
 */
public final class ConfTables {
  private ConfTables() {}

  public static void register(SparkSession spark, Path confDir) {
    try (Stream<Path> files = Files.list(confDir)) {
      for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        String view = "conf_" + csv.getFileName().toString().replaceFirst("\\.csv$", "");
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .option("comment", "#")
            .csv(csv.toString())
            .createOrReplaceTempView(view);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registerTargets(spark, confDir);
    if (spark.catalog().tableExists("conf_channel_mapping")) {
      ChannelRules.register(spark);
    }
  }

  /** conf/targets.yml as {@code conf_scorecard_goals} and {@code conf_targets}. */
  private static void registerTargets(SparkSession spark, Path confDir) {
    if (!Files.isRegularFile(confDir.resolve("targets.yml"))) {
      return;
    }
    Targets targets = Targets.load(confDir);
    List<Row> goals = new ArrayList<>();
    for (int i = 0; i < targets.goals().size(); i++) {
      Targets.Goal g = targets.goals().get(i);
      goals.add(
          RowFactory.create(
              g.goal(), g.label(), g.owner(), g.better(), g.horizon(), g.unit(), i + 1));
    }
    spark
        .createDataFrame(
            goals,
            StructType.fromDDL(
                "goal STRING, label STRING, owner STRING, better STRING, horizon STRING,"
                    + " unit STRING, display_order INT"))
        .createOrReplaceTempView("conf_scorecard_goals");
    List<Row> rows =
        targets.rows().stream()
            .map(t -> RowFactory.create(t.goal(), t.quarter(), t.target()))
            .toList();
    spark
        .createDataFrame(rows, StructType.fromDDL("goal STRING, quarter STRING, target DOUBLE"))
        .createOrReplaceTempView("conf_targets");
  }
}
