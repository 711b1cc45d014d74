package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.jobs.NightlyLauncher;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Component
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run Spark SQL against the warehouse. Tables are named <layer>.<table>, e.g. gold.kpi_funnel_flow_weekly; layers: bronze, silver, journey, gold.")
public class SqlCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Mixin WarehouseOption warehouseOption;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object a line). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "At most this many rows (default ${DEFAULT-VALUE}).")
  int limit;

  private final SparkSession spark;
  private final TandemSettings settings;
  private final NightlyLauncher launcher;

  public SqlCommand(@Lazy SparkSession spark, TandemSettings settings, NightlyLauncher launcher) {
    this.spark = spark;
    this.settings = settings;
    this.launcher = launcher;
  }

  /**
   * Holds the warehouse's lock, as every command that may write does: a statement can change a
   * table (DELETE, UPDATE), and a query never sees a run's half-written layer.
   */
  @Override
  public Integer call() throws Exception {
    Location warehouse = warehouseOption.warehouse(settings);
    return launcher.exclusively(warehouse, "sql", () -> query(warehouse));
  }

  private int query(Location warehouse) {
    Warehouse.registered(spark, warehouse);
    Dataset<Row> result;
    try {
      result = spark.sql(query).limit(limit);
    } catch (RuntimeException e) {
      throw TandemErrors.queryFailed(query, e);
    }
    switch (format) {
      case table -> result.show(limit, false);
      case json -> result.toJSON().collectAsList().forEach(System.out::println);
      case csv -> {
        System.out.println(csvLine(List.of(result.columns())));
        for (Row row : result.collectAsList()) {
          List<Object> values = new java.util.ArrayList<>();
          for (int i = 0; i < row.size(); i++) {
            values.add(row.get(i));
          }
          System.out.println(csvLine(values));
        }
      }
    }
    return 0;
  }

  private static String csvLine(List<?> values) {
    return values.stream()
        .map(v -> v == null ? "" : String.valueOf(v))
        .map(s -> s.matches(".*[\",\\r\\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s)
        .collect(Collectors.joining(","));
  }
}
