package io.tandem.model;

import io.tandem.config.Definitions;
import io.tandem.config.DefinitionsVersion;
import io.tandem.config.TandemSettings;
import io.tandem.config.YamlFiles;
import io.tandem.contracts.SourceContract;
import io.tandem.contracts.TableContract;
import io.tandem.errors.TandemErrors;
import io.tandem.pipeline.HaltPoints;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.StepOutcome;
import io.tandem.spark.EmailKeys;
import io.tandem.spark.QuerySize;
import io.tandem.spark.SideBySide;
import io.tandem.spark.SparkWork;
import io.tandem.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the SQL models of one layer in dependency order, checks each result against its contract
 * in {@code schemas/<layer>/}, and replaces the table in one Delta commit. Models are pure
 * functions of their inputs and the run's parameters, so a rerun rebuilds identical tables.
 */
public final class ModelRunner {
  private static final Logger log = LoggerFactory.getLogger(ModelRunner.class);

  /** Rows per data file of a table written in a column's order ({@code -- cluster by:}). */
  static final int CLUSTERED_FILE_ROWS = 100_000;

  private static final Pattern LATEST_VIEW = Pattern.compile("\\blatest_([a-z0-9_]+)\\b");

  private final SparkSession spark;
  private final TandemSettings settings;

  public ModelRunner(SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  public StepOutcome buildLayer(String layer, RunContext run) {
    return buildLayer(layer, run, Map.of());
  }

  /**
   * Builds the layer's models with {@code alongside}: Java work that writes a table of the layer
   * (by its {@code <layer>.<table>} name), started with the first wave and run beside the waves
   * until one of them holds a model that reads its table, which waits for it.
   */
  public StepOutcome buildLayer(String layer, RunContext run, Map<String, Runnable> alongside) {
    Warehouse warehouse = run.warehouseIn(spark);
    ConfTables.register(spark, settings.confPath());
    Map<String, String> parameters = parameters(settings, run);
    List<SqlModel> models = inDependencyOrder(models(layer));
    StepOutcome outcome = new StepOutcome();
    List<SourceContract> sources = SourceContract.loadAll(settings.schemasPath());
    List<SourceContract> contracts = layer.equals("silver") ? sources : List.of();
    boolean byWindow = models.stream().anyMatch(m -> m.incremental().isPresent());
    // The query each model would run in a full build: what its table is a function of (BuiltFrom).
    Map<String, String> fullBuildParameters = Map.copyOf(parameters);
    BuildWindows build =
        byWindow
            ? BuildWindows.decide(warehouse, run, settings, sources)
            : BuildWindows.full(
                "no model of " + layer + " is built by window",
                Definitions.load(settings.confPath()));
    parameters.putAll(build.sqlParameters());
    if (byWindow) {
      log.info("  {}", build);
    }
    outcome.detail("build", build.describe());
    if (EmailKeys.usingDemoKey()
        && models.stream().anyMatch(m -> m.text().contains("email_key("))) {
      outcome.note("WARNING: " + EmailKeys.demoKeyWarning());
    }
    List<String> inputs = readFromOtherLayers(models.stream(), layer);
    // Rows per table read, from the warehouse's file statistics; built models join as they land.
    Map<String, Long> rowsByTable = new ConcurrentHashMap<>();
    SideBySide.run(
        Stream.concat(inputs.stream(), contracts.stream().map(c -> "bronze." + c.bronzeTable()))
            .distinct()
            .<Runnable>map(table -> () -> rowsByTable.put(table, warehouse.rows(table)))
            .toList());
    long layerRows = rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    // Set before the first query, so the count of bronze versions runs as its size says.
    QuerySize.set(spark, layerRows);
    Map<String, String> bronzeInputs = bronzeInputs(models, warehouse, sources, run);
    if (layer.equals("silver")) {
      Map<String, Long> bronzeRows = new HashMap<>();
      contracts.forEach(
          c -> bronzeRows.put(c.bronzeTable(), rowsByTable.get("bronze." + c.bronzeTable())));
      outcome.addRowsIn(
          LatestVersions.register(
              warehouse, contracts, bronzeRows, bronzeInputs, run.businessDate(), build, outcome));
    }
    String definitions = BuildState.fingerprint(settings);
    Set<String> unchanged = ConcurrentHashMap.newKeySet();
    Map<String, SparkWork.Metered<Long>> built = new ConcurrentHashMap<>();
    Consumer<SqlModel> buildOne =
        model -> {
          BuiltFrom from =
              BuiltFrom.of(
                  definitions,
                  model.render(fullBuildParameters, (l, t) -> l + "." + t),
                  inputVersions(model, warehouse, bronzeInputs));
          Optional<Long> kept =
              run.fullRebuild() ? Optional.empty() : alreadyBuilt(model, from, warehouse);
          kept.ifPresent(rows -> unchanged.add(model.qualifiedName()));
          SparkWork.Metered<Long> result =
              kept.map(rows -> new SparkWork.Metered<>(rows, SparkWork.Tally.NONE))
                  .orElseGet(() -> build(model, parameters, warehouse, build, from));
          built.put(model.qualifiedName(), result);
          rowsByTable.put(model.qualifiedName(), result.value());
        };
    ExecutorService beside = Executors.newSingleThreadExecutor();
    Map<String, Future<?>> pending = new HashMap<>();
    alongside.forEach((table, work) -> pending.put(table, beside.submit(work)));
    beside.shutdown();
    try {
      for (List<SqlModel> wave : waves(models)) {
        wave.stream()
            .flatMap(m -> m.inputs().stream())
            .distinct()
            .filter(pending::containsKey)
            .forEach(table -> SideBySide.await(pending.remove(table)));
        // Small models side by side, then the large ones side by side: the session's settings are
        // one size's, and every large query runs with the same settings (conf/spark's), so one
        // model's planning, adaptive re-planning and commit overlap another's tasks.
        Map<Boolean, List<SqlModel>> small =
            wave.stream()
                .collect(
                    Collectors.partitioningBy(
                        m -> QuerySize.isSmall(spark, inputRows(m, rowsByTable))));
        for (List<SqlModel> sized : List.of(small.get(true), small.get(false))) {
          QuerySize.set(
              spark, sized.stream().mapToLong(m -> inputRows(m, rowsByTable)).max().orElse(0));
          SideBySide.run(
              sized.stream().<Runnable>map(model -> () -> buildOne.accept(model)).toList());
        }
      }
    } catch (RuntimeException e) {
      // The work beside ends before the step fails: a restart must not find it still writing.
      pending.values().forEach(work -> SideBySide.awaitQuietly(work, e));
      throw e;
    }
    pending.values().forEach(SideBySide::await);
    // The queries after the models (the next steps' checks and reads) run as the size of what the
    // layer wrote says.
    QuerySize.set(spark, built.values().stream().mapToLong(SparkWork.Metered::value).sum());
    Map<String, Object> perModel = new LinkedHashMap<>();
    for (SqlModel m : models) {
      SparkWork.Metered<Long> result = built.get(m.qualifiedName());
      outcome.table(m.qualifiedName(), result.value());
      perModel.put(m.qualifiedName(), result.work().asMap());
    }
    // Rows in: those of the tables the built models read; a kept model reads nothing.
    outcome.addRowsIn(
        readFromOtherLayers(
                models.stream().filter(m -> !unchanged.contains(m.qualifiedName())), layer)
            .stream()
            .mapToLong(rowsByTable::get)
            .sum());
    if (!unchanged.isEmpty()) {
      outcome.detail("unchanged_models", new TreeSet<>(unchanged));
    }
    return outcome.detail("work_per_model", perModel);
  }

  /**
   * What the {@code latest_} views hold ({@link BuiltFrom#bronzeInputs}), when one of {@code
   * models} reads one (the manifest is read only then).
   */
  private static Map<String, String> bronzeInputs(
      List<SqlModel> models, Warehouse warehouse, List<SourceContract> sources, RunContext run) {
    return models.stream().anyMatch(m -> LATEST_VIEW.matcher(m.text()).find())
        ? BuiltFrom.bronzeInputs(warehouse, sources, run.businessDate())
        : Map.of();
  }

  /** The tables of other layers that {@code models} read. */
  private static List<String> readFromOtherLayers(Stream<SqlModel> models, String layer) {
    return models
        .flatMap(m -> m.inputs().stream())
        .filter(input -> !input.startsWith(layer + "."))
        .distinct()
        .toList();
  }

  /**
   * The version of every table the model reads, and for each {@code latest_} view what it holds
   * ({@link BuiltFrom#bronzeInputs}).
   */
  private static Map<String, String> inputVersions(
      SqlModel model, Warehouse warehouse, Map<String, String> bronzeInputs) {
    Map<String, String> versions = new TreeMap<>();
    model.inputs().forEach(input -> versions.put(input, warehouse.versionId(input)));
    LATEST_VIEW
        .matcher(model.text())
        .results()
        .map(view -> "bronze." + view.group(1))
        .forEach(bronze -> versions.put(bronze, bronzeInputs.get(bronze)));
    return versions;
  }

  /**
   * The rows of the model's table when it is already what building {@code from} would write: its
   * record names the table's current version and the same definitions, query and inputs.
   */
  private Optional<Long> alreadyBuilt(SqlModel model, BuiltFrom from, Warehouse warehouse) {
    long started = System.nanoTime();
    Optional<Long> rows =
        BuiltFrom.read(warehouse, model.qualifiedName())
            .filter(
                last -> last.alreadyBuilt(from, warehouse.versionId(model.layer(), model.table())))
            .map(last -> warehouse.rows(model.layer(), model.table()));
    rows.ifPresent(
        count ->
            log.info(
                "  {}: {} rows, unchanged: read from the same inputs as its last build ({} s)",
                model.qualifiedName(),
                count,
                String.format("%.1f", (System.nanoTime() - started) / 1e9)));
    return rows;
  }

  private SparkWork.Metered<Long> build(
      SqlModel model,
      Map<String, String> parameters,
      Warehouse warehouse,
      BuildWindows build,
      BuiltFrom from) {
    long started = System.nanoTime();
    SparkWork.Metered<Long> built =
        SparkWork.of(spark)
            .unit(
                model.qualifiedName(),
                () -> {
                  long written = write(model, parameters, warehouse, build);
                  from.writing(warehouse.versionId(model.layer(), model.table()))
                      .write(warehouse, model.qualifiedName());
                  HaltPoints.reached(model.layer());
                  return written;
                });
    log.info(
        "  {}: {} rows ({} s; {})",
        model.qualifiedName(),
        built.value(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9),
        built.work());
    return built;
  }

  /**
   * Writes the model: whole in a full build, and in an incremental one as its {@code --
   * incremental:} line says (a table not written yet is written whole). Returns the table's rows.
   */
  private long write(
      SqlModel model, Map<String, String> parameters, Warehouse warehouse, BuildWindows build) {
    Dataset<Row> rows = query(model, parameters, warehouse);
    // Each task's rows in the column's order, cut into files of a bounded size: every file holds a
    // narrow range (no shuffle, no second pass over the query as a range partitioning would take).
    Optional<String> clusterBy = model.clusterBy();
    int maxRowsPerFile = clusterBy.isPresent() ? CLUSTERED_FILE_ROWS : 0;
    if (clusterBy.isPresent()) {
      rows = rows.sortWithinPartitions(functions.col(clusterBy.get()));
    }
    Optional<SqlModel.Incremental> incremental = model.incremental();
    if (build.full() || incremental.isEmpty() || !warehouse.exists(model.layer(), model.table())) {
      return warehouse.overwrite(model.layer(), model.table(), rows, maxRowsPerFile);
    }
    if (incremental.get().merge()) {
      warehouse.merge(
          model.layer(), model.table(), rows, incremental.get().condition(), maxRowsPerFile);
    } else {
      warehouse.replaceWhere(
          model.layer(),
          model.table(),
          rows,
          SqlModel.fill(incremental.get().condition(), parameters),
          maxRowsPerFile);
    }
    // The table's rows, not the window's: the models that read it are sized by them.
    return warehouse.rows(model.layer(), model.table());
  }

  /**
   * Records that the layers are built as of the run's date (the last layer's step calls it): the
   * next run rebuilds what the files ingested after this point touch.
   */
  public void recordBuild(RunContext run) {
    BuildWindows.record(run.warehouseIn(spark), run, settings);
  }

  /**
   * The rows of {@code sql/<folder>/<name>.sql}, a query whose rows Java goes on with (the identity
   * evidence, the attribution paths), its parameters filled in and its tables named as the
   * warehouse has them.
   */
  public Dataset<Row> select(
      String folder, String name, Map<String, String> parameters, Warehouse warehouse) {
    SqlModel query = query(folder, name);
    try {
      return spark.sql(query.render(parameters, warehouse::queryName));
    } catch (RuntimeException e) {
      throw TandemErrors.sqlModelFailed(folder + "/" + name, query.file(), e);
    }
  }

  private SqlModel query(String folder, String name) {
    Path file = settings.sqlPath().resolve(folder).resolve(name + ".sql");
    try {
      return new SqlModel(folder, name, file, Files.readString(file));
    } catch (IOException e) {
      throw TandemErrors.missingConfig(file, "a query of sql/" + folder);
    }
  }

  /**
   * Runs {@code build}, a step's Java work that writes {@code tables} from the queries {@code
   * sql/<folder>/<queries>.sql} and {@code parameters}, unless those tables are what it wrote last
   * from the same inputs ({@link BuiltFrom}): a rerun of a date whose sources did not change, say.
   * A full rebuild always runs it. Returns whether it ran.
   */
  public boolean buildUnlessUnchanged(
      RunContext run,
      Warehouse warehouse,
      String folder,
      List<String> queries,
      Map<String, String> parameters,
      List<String> tables,
      Runnable build) {
    List<SqlModel> read = queries.stream().map(name -> query(folder, name)).toList();
    Map<String, String> bronzeInputs =
        bronzeInputs(read, warehouse, SourceContract.loadAll(settings.schemasPath()), run);
    Map<String, String> inputs = new TreeMap<>();
    read.forEach(m -> inputs.putAll(inputVersions(m, warehouse, bronzeInputs)));
    String text =
        read.stream().map(m -> m.render(parameters, (l, t) -> l + "." + t)).toList()
            + " with "
            + new TreeMap<>(parameters);
    BuiltFrom from = BuiltFrom.of(BuildState.fingerprint(settings), text, inputs);
    String record = folder + ".step";
    Supplier<String> versions =
        () ->
            tables.stream()
                .map(table -> table + " " + warehouse.versionId(table))
                .collect(Collectors.joining(", "));
    if (!run.fullRebuild()
        && BuiltFrom.read(warehouse, record)
            .filter(last -> last.alreadyBuilt(from, versions.get()))
            .isPresent()) {
      return false;
    }
    build.run();
    from.writing(versions.get()).write(warehouse, record);
    return true;
  }

  /**
   * {@code rows} of a table Java builds ({@code journey.int_identity_graph}, {@code
   * gold.attribution_channel_values}), checked against its contract before they are written, as
   * every SQL model's are.
   */
  public Dataset<Row> checked(String layer, String table, Dataset<Row> rows) {
    List<String> problems = javaTableContract(layer, table).violations(rows.schema());
    if (!problems.isEmpty()) {
      throw TandemErrors.tableBreaksContract(
          layer + "." + table, contractFile(settings, layer, table), problems);
    }
    return rows;
  }

  /** The contract of a table Java builds, as a Spark schema for its rows. */
  public StructType schema(String layer, String table) {
    return javaTableContract(layer, table).schema();
  }

  private TableContract javaTableContract(String layer, String table) {
    return YamlFiles.read(
        contractFile(settings, layer, table),
        TableContract.class,
        "the contract of " + layer + "." + table);
  }

  /** A model's query over the warehouse, its output checked against its contract. */
  public Dataset<Row> query(SqlModel model, Map<String, String> parameters, Warehouse warehouse) {
    Dataset<Row> result;
    try {
      result = spark.sql(model.render(parameters, warehouse::queryName));
    } catch (RuntimeException e) {
      throw TandemErrors.sqlModelFailed(model.qualifiedName(), model.file(), e);
    }
    checkContract(model, result);
    return result;
  }

  /**
   * The rows a model reads: those of the tables it names, and of the bronze table behind each
   * {@code latest_<bronze table>} view it reads.
   */
  private static long inputRows(SqlModel model, Map<String, Long> rowsByTable) {
    Stream<String> bronze =
        LATEST_VIEW.matcher(model.text()).results().map(view -> "bronze." + view.group(1));
    return Stream.concat(model.inputs().stream(), bronze)
        .distinct()
        .mapToLong(table -> rowsByTable.getOrDefault(table, 0L))
        .sum();
  }

  /**
   * Models grouped in waves: a model's wave comes after the waves of every model of the layer it
   * reads, so the models of one wave are independent and are built side by side.
   */
  static List<List<SqlModel>> waves(List<SqlModel> ordered) {
    Map<String, Integer> level = new HashMap<>();
    List<List<SqlModel>> waves = new ArrayList<>();
    for (SqlModel model : ordered) {
      int wave =
          model.inputs().stream().mapToInt(input -> level.getOrDefault(input, -1)).max().orElse(-1)
              + 1;
      level.put(model.qualifiedName(), wave);
      if (waves.size() <= wave) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(model);
    }
    return waves;
  }

  public List<SqlModel> models(String layer) {
    return SqlModel.inFolder(settings.sqlPath(), layer);
  }

  /**
   * The contract of every table of a layer that has one, by table name: the SQL models', and those
   * of the tables Java writes (a contract whose {@code table} names one table).
   */
  public Map<String, TableContract> contracts(String layer) {
    return contracts(settings, layer);
  }

  /** {@link #contracts(String)} without a Spark session: contracts are files. */
  public static Map<String, TableContract> contracts(TandemSettings settings, String layer) {
    Map<String, TableContract> contracts = new TreeMap<>();
    List<SqlModel> models = SqlModel.inFolder(settings.sqlPath(), layer);
    models.forEach(m -> contracts.put(m.table(), contract(settings, m)));
    List<String> read = models.stream().map(m -> m.contract() + ".yml").toList();
    try (Stream<Path> files = Files.list(settings.schemasPath().resolve(layer))) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yml"))
              .filter(f -> !read.contains(f.getFileName().toString()))
              .sorted()
              .toList()) {
        TableContract contract = YamlFiles.read(file, TableContract.class, "contract");
        String name = contract.table().substring(contract.table().indexOf('.') + 1);
        if (!name.contains("{")) {
          contracts.put(name, contract);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return contracts;
  }

  public TableContract contract(SqlModel model) {
    return contract(settings, model);
  }

  private static TableContract contract(TandemSettings settings, SqlModel model) {
    return YamlFiles.read(
        contractFile(settings, model.layer(), model.contract()),
        TableContract.class,
        "the contract of " + model.qualifiedName());
  }

  /** {@code schemas/<layer>/<name>.yml}. */
  private static Path contractFile(TandemSettings settings, String layer, String name) {
    return settings.schemasPath().resolve(layer).resolve(name + ".yml");
  }

  private void checkContract(SqlModel model, Dataset<Row> result) {
    List<String> problems = contract(model).violations(result.schema());
    if (!problems.isEmpty()) {
      throw TandemErrors.sqlModelFailed(
          model.qualifiedName(),
          model.file(),
          new IllegalStateException(
              "output does not match its contract: " + String.join("; ", problems)));
    }
  }

  /**
   * Parameters of SQL files: the run's dates, every rule of conf/definitions.yml, and those of a
   * full build ({@link BuildWindows}).
   */
  public static Map<String, String> parameters(TandemSettings settings, RunContext run) {
    Definitions definitions = Definitions.load(settings.confPath());
    Map<String, String> parameters = definitions.sqlParameters();
    parameters.putAll(BuildWindows.full("", definitions).sqlParameters());
    parameters.put("business_date", "DATE'" + run.businessDate() + "'");
    parameters.put("from_date", "DATE'" + run.fromDate() + "'");
    parameters.put(
        "rules_version",
        DefinitionsVersion.of(settings.confPath(), settings.sqlPath().resolve("gold")));
    return parameters;
  }

  /** Orders models so each comes after the models of the same layer it reads. */
  static List<SqlModel> inDependencyOrder(List<SqlModel> models) {
    Map<String, SqlModel> byName = new LinkedHashMap<>();
    models.forEach(m -> byName.put(m.qualifiedName(), m));
    List<SqlModel> ordered = new ArrayList<>();
    Map<String, Boolean> visiting = new LinkedHashMap<>();
    for (SqlModel model : models) {
      visit(model, byName, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(
      SqlModel model,
      Map<String, SqlModel> byName,
      Map<String, Boolean> state,
      List<SqlModel> ordered) {
    Boolean seen = state.get(model.qualifiedName());
    if (Boolean.FALSE.equals(seen)) {
      return;
    }
    if (Boolean.TRUE.equals(seen)) {
      throw new IllegalStateException("models form a cycle through " + model.qualifiedName());
    }
    state.put(model.qualifiedName(), Boolean.TRUE);
    for (String input : model.inputs()) {
      SqlModel dependency = byName.get(input);
      if (dependency != null) {
        visit(dependency, byName, state, ordered);
      }
    }
    state.put(model.qualifiedName(), Boolean.FALSE);
    ordered.add(model);
  }
}
