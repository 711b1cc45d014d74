package io.tandem.kpi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.config.YamlFiles;
import io.tandem.contracts.TableContract;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a hand-made fixture ({@code src/test/resources/<name>/<layer>/<table>.csv}) into a
 * warehouse with the column types of the tables' contracts; columns a CSV leaves out are null.
 */
public final class KpiFixture {
  private KpiFixture() {}

  public static void load(SparkSession spark, Warehouse warehouse, String name) {
    Path root = TestPaths.home().resolve("src/test/resources").resolve(name);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        String layer = csv.getParent().getFileName().toString();
        String table = csv.getFileName().toString().replaceFirst("\\.csv$", "");
        warehouse.overwrite(layer, table, typed(spark, csv, contract(layer, table)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    warehouse.registerAll();
  }

  /** The KPI step over a warehouse, as of a date, with the business rules of {@code conf}. */
  public static void runKpis(Path conf, Warehouse warehouse, Path work, LocalDate asOf) {
    runKpis(conf, warehouse, work, asOf, true);
  }

  /**
   * {@link #runKpis(Path, Warehouse, Path, LocalDate)} as the nightly job runs it ({@code
   * fullRebuild} false: tables already built from the same inputs are kept) or rebuilding all.
   */
  public static StepOutcome runKpis(
      Path conf, Warehouse warehouse, Path work, LocalDate asOf, boolean fullRebuild) {
    return new KpiStep(warehouse.spark(), settings(conf, warehouse))
        .execute(run(warehouse, work, asOf, fullRebuild));
  }

  /**
   * The rows one model of {@code sql/} gives over a warehouse (read, not written), as of a date,
   * with the business rules of {@code conf}.
   */
  public static List<Row> query(
      Path conf, Warehouse warehouse, Path work, LocalDate asOf, String layer, String table)
      throws IOException {
    Path file = TestPaths.home().resolve("sql").resolve(layer).resolve(table + ".sql");
    SqlModel model = new SqlModel(layer, table, file, Files.readString(file));
    Map<String, String> parameters =
        ModelRunner.parameters(settings(conf, warehouse), run(warehouse, work, asOf, true));
    return warehouse.spark().sql(model.render(parameters, warehouse::queryName)).collectAsList();
  }

  private static TandemSettings settings(Path conf, Warehouse warehouse) {
    return new TandemSettings(
        TestPaths.home().toString(), conf.toString(), null, warehouse.root().toString(), null);
  }

  private static RunContext run(
      Warehouse warehouse, Path work, LocalDate asOf, boolean fullRebuild) {
    return new RunContext(
        "test",
        asOf,
        asOf,
        Location.of(work.resolve("landing")),
        warehouse.root(),
        work,
        Clock.systemUTC(),
        fullRebuild);
  }

  private static TableContract contract(String layer, String table) {
    Path file = TestPaths.home().resolve("schemas").resolve(layer).resolve(table + ".yml");
    return YamlFiles.read(file, TableContract.class, "contract");
  }

  private static Dataset<Row> typed(SparkSession spark, Path csv, TableContract contract) {
    Dataset<Row> raw = spark.read().option("header", "true").csv(csv.toString());
    List<String> present = Arrays.asList(raw.columns());
    Column[] columns =
        contract.columns().stream()
            .map(
                c ->
                    (present.contains(c.name()) ? col(c.name()) : lit(null))
                        .cast(c.type())
                        .as(c.name()))
            .toArray(Column[]::new);
    return raw.select(columns);
  }
}
