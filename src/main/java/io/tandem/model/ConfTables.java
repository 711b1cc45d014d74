package io.tandem.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the reference tables of conf/ (channel_mapping.csv, fx_rates.csv, …) readable from SQL as
 * {@code conf_<file name>}, so business rules stay in conf/ and out of the models.
 */
final class ConfTables {
  private ConfTables() {}

  static void register(SparkSession spark, Path confDir) {
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
  }
}
