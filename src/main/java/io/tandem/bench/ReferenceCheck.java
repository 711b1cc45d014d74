package io.tandem.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.model.ConfTables;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Recomputes a fixed subset of the KPIs with DuckDB from a plain-Parquet export of the tables they
 * start from ({@code bench/reference/duckdb/}), reads the same numbers from Tandem's gold tables
 * ({@code bench/reference/tandem/}), and compares them. Also times both engines on the subset:
 * Tandem's time is its gold models for these KPIs computed again from the warehouse (without the
 * Delta write), DuckDB's the queries from the export.
 */
public final class ReferenceCheck {
  /** The tables the reference queries start from: the state after Tandem's Java steps. */
  static final List<String> EXPORTED =
      List.of(
          "silver.crm_lifecycle_history",
          "silver.crm_opportunities",
          "silver.ads_daily_performance",
          "journey.int_identity_graph",
          "journey.fct_opportunity_touchpoints");

  /** The gold models Tandem runs to produce the subset's numbers. */
  static final Set<String> TANDEM_MODELS =
      Set.of(
          "gold.dim_calendar",
          "gold.fct_funnel_records",
          "gold.kpi_funnel_flow_monthly",
          "gold.fct_opportunities",
          "gold.kpi_pipeline_monthly",
          "gold.kpi_spend_daily",
          "gold.fct_attribution_credits");

  private static final double TOLERANCE = 1e-9;
  private static final int DIFFERENCES_SHOWN = 10;

  /** One KPI of the subset: how many keys it has, how many values differ, the first few of them. */
  public record Comparison(String kpi, int keys, int differing, List<String> firstDifferences) {
    @JsonProperty
    public boolean equal() {
      return differing == 0;
    }
  }

  public record Result(
      String engine,
      double exportSeconds,
      double duckdbSeconds,
      double tandemSeconds,
      List<Comparison> comparisons) {
    @JsonProperty
    public boolean equal() {
      return comparisons.stream().allMatch(Comparison::equal);
    }

    @JsonProperty
    public double ratio() {
      return tandemSeconds / duckdbSeconds;
    }
  }

  private final SparkSession spark;
  private final TandemSettings settings;
  private final Path queries;

  ReferenceCheck(SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
    this.queries = settings.homePath().resolve("bench").resolve("reference");
  }

  Result run(Path warehouse, LocalDate businessDate, Path exportDir) throws Exception {
    Warehouse.registered(spark, Location.of(warehouse));
    ConfTables.register(spark, settings.confPath());
    long started = System.nanoTime();
    exportParquet(exportDir);
    double exportSeconds = secondsSince(started);

    Map<String, Map<String, Map<String, Double>>> tandem = new TreeMap<>();
    started = System.nanoTime();
    computeTandemModels(warehouse, businessDate);
    double tandemSeconds = secondsSince(started);
    for (String kpi : kpiNames()) {
      tandem.put(kpi, tandemNumbers(sqlText("tandem", kpi, businessDate)));
    }

    Map<String, Map<String, Map<String, Double>>> duckdb = new TreeMap<>();
    String version;
    started = System.nanoTime();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
      for (String table : EXPORTED) {
        sql.execute(
            "CREATE VIEW "
                + table.replace('.', '_')
                + " AS SELECT * FROM read_parquet('"
                + exportDir.resolve(table).resolve("*.parquet")
                + "')");
      }
      sql.execute(sqlText("duckdb", "_inputs", businessDate));
      for (String kpi : kpiNames()) {
        duckdb.put(kpi, duckdbNumbers(sql, sqlText("duckdb", kpi, businessDate)));
      }
      try (ResultSet rows = sql.executeQuery("SELECT version()")) {
        rows.next();
        version = "DuckDB " + rows.getString(1);
      }
    }
    double duckdbSeconds = secondsSince(started);

    List<Comparison> comparisons = new ArrayList<>();
    for (String kpi : kpiNames()) {
      comparisons.add(compare(kpi, duckdb.get(kpi), tandem.get(kpi)));
    }
    return new Result(version, exportSeconds, duckdbSeconds, tandemSeconds, comparisons);
  }

  /**
   * DuckDB's Delta extension cannot be installed offline: it reads the active snapshot as Parquet.
   */
  private void exportParquet(Path exportDir) {
    String timestampType = spark.conf().get("spark.sql.parquet.outputTimestampType");
    // INT96 timestamps carry no time zone; DuckDB reads TIMESTAMP_MICROS as UTC instants.
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    try {
      for (String table : EXPORTED) {
        spark.table(table).write().mode("overwrite").parquet(exportDir.resolve(table).toString());
      }
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", timestampType);
    }
  }

  /** Runs the subset's gold models again over the warehouse, discarding their output. */
  private void computeTandemModels(Path warehouse, LocalDate businessDate) {
    RunContext run =
        new RunContext(
            "bench",
            businessDate,
            businessDate,
            Location.of(warehouse),
            Location.of(warehouse),
            warehouse,
            Clock.systemUTC(),
            true);
    Map<String, String> parameters = ModelRunner.parameters(settings, run);
    List<SqlModel> models =
        new ModelRunner(spark, settings)
            .models("gold").stream()
                .filter(m -> TANDEM_MODELS.contains(m.qualifiedName()))
                .toList();
    for (SqlModel model : models) {
      spark.sql(model.render(parameters)).write().format("noop").mode("overwrite").save();
    }
  }

  private Map<String, Map<String, Double>> tandemNumbers(String query) {
    Map<String, Map<String, Double>> numbers = new TreeMap<>();
    var result = spark.sql(query);
    String[] columns = result.columns();
    for (Row row : result.collectAsList()) {
      Map<String, Double> values = new TreeMap<>();
      for (int i = 1; i < columns.length; i++) {
        values.put(columns[i], row.isNullAt(i) ? null : ((Number) row.get(i)).doubleValue());
      }
      numbers.put(row.getString(0), values);
    }
    return numbers;
  }

  static Map<String, Map<String, Double>> duckdbNumbers(Statement sql, String query)
      throws SQLException {
    Map<String, Map<String, Double>> numbers = new TreeMap<>();
    try (ResultSet rows = sql.executeQuery(query)) {
      var meta = rows.getMetaData();
      while (rows.next()) {
        Map<String, Double> values = new TreeMap<>();
        for (int i = 2; i <= meta.getColumnCount(); i++) {
          Object value = rows.getObject(i);
          values.put(meta.getColumnLabel(i), value == null ? null : ((Number) value).doubleValue());
        }
        numbers.put(rows.getString(1), values);
      }
    }
    return numbers;
  }

  static Comparison compare(
      String kpi,
      Map<String, Map<String, Double>> reference,
      Map<String, Map<String, Double>> tandem) {
    List<String> differences = new ArrayList<>();
    Set<String> keys = new TreeSet<>(reference.keySet());
    keys.addAll(tandem.keySet());
    for (String key : keys) {
      Map<String, Double> expected = reference.get(key);
      Map<String, Double> actual = tandem.get(key);
      if (expected == null || actual == null) {
        differences.add(key + ": only " + (expected == null ? "Tandem" : "DuckDB") + " has it");
        continue;
      }
      expected.forEach(
          (measure, value) -> {
            Double other = actual.get(measure);
            if (!agree(value, other)) {
              differences.add(key + " " + measure + ": DuckDB " + value + ", Tandem " + other);
            }
          });
    }
    return new Comparison(
        kpi,
        keys.size(),
        differences.size(),
        List.copyOf(differences.subList(0, Math.min(DIFFERENCES_SHOWN, differences.size()))));
  }

  static boolean agree(Double a, Double b) {
    if (a == null || b == null) {
      return Objects.equals(a, b);
    }
    return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private List<String> kpiNames() {
    return kpiNames(queries);
  }

  /** The subset: one name per {@code duckdb/<kpi>.sql}, in name order. */
  static List<String> kpiNames(Path queries) {
    try (Stream<Path> files = Files.list(queries.resolve("duckdb"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".sql") && !name.startsWith("_"))
          .map(name -> name.substring(0, name.length() - ".sql".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String sqlText(String engine, String kpi, LocalDate businessDate) {
    return sqlText(queries, engine, kpi, businessDate);
  }

  static String sqlText(Path queries, String engine, String kpi, LocalDate businessDate) {
    Path file = queries.resolve(engine).resolve(kpi + ".sql");
    if (!Files.isRegularFile(file)) {
      throw TandemErrors.missingConfig(file, "the " + engine + " query of " + kpi);
    }
    try {
      return Files.readString(file).replace("${business_date}", "DATE '" + businessDate + "'");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
