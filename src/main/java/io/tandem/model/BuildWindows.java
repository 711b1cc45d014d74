package io.tandem.model;

import static org.apache.spark.sql.functions.col;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Storage;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one run rebuilds. A full build rebuilds every table from all of bronze. An incremental build
 * rebuilds, for each source read by window (a lookback in conf/definitions.yml, {@code
 * incremental.lookback_days}), the days from its window start on; the models that say how (their
 * {@code -- incremental:} line) replace only those rows, and the others are rebuilt whole.
 *
 * <p>A source's window starts at the earliest of: the earliest day among the rows of its files
 * ingested since the last completed build ({@link BuildState}); its lookback before the business
 * date; the first date of a backfill; and the day before the last build's date (rows of earlier
 * files that the last build's date kept out, an event stamped after that day's end, come in now). A
 * source with a new file of an object that is not read by window rebuilds whole.
 */
public record BuildWindows(boolean full, String reason, Map<String, LocalDate> starts) {
  /** The window start of a full build: before any data. */
  static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);

  private static final String LOOKBACK = "incremental.lookback_days.";
  static final String MANIFEST = "file_manifest";

  /** A file as the manifest knows it: a file delivered again with another checksum is new. */
  private static final org.apache.spark.sql.Column[] FILE_KEY = {
    col("source"), col("object"), col("path"), col("checksum_sha256")
  };

  /** Every source read whole, for work outside a run's build. */
  static final BuildWindows WHOLE = new BuildWindows(true, "a whole read", Map.of());

  /** A full build, for {@code reason}, of every source conf/definitions.yml reads by window. */
  static BuildWindows full(String reason, Definitions definitions) {
    Map<String, LocalDate> starts = new TreeMap<>();
    lookbacks(definitions).keySet().forEach(source -> starts.put(source, BEGINNING));
    return new BuildWindows(true, reason, starts);
  }

  /**
   * {@code ${incremental}} (TRUE in an incremental build) and {@code ${window_start.<source>}} for
   * each source read by window.
   */
  Map<String, String> sqlParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("incremental", full ? "FALSE" : "TRUE");
    starts.forEach((source, start) -> parameters.put("window_start." + source, sql(start)));
    return parameters;
  }

  /** The day from which {@code source}'s rows are rebuilt, or empty when it is rebuilt whole. */
  Optional<LocalDate> start(String source) {
    LocalDate start = full ? BEGINNING : starts.getOrDefault(source, BEGINNING);
    return start.equals(BEGINNING) ? Optional.empty() : Optional.of(start);
  }

  /** For the run report: the build, why, and each source's window. */
  Map<String, Object> describe() {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("mode", full ? "full" : "incremental");
    described.put("reason", reason);
    Map<String, String> windows = new TreeMap<>();
    starts.forEach((source, start) -> windows.put(source, window(start)));
    described.put("windows", windows);
    return described;
  }

  /** The sources read by window and their lookback in days. */
  static Map<String, Integer> lookbacks(Definitions definitions) {
    Map<String, Integer> lookbacks = new TreeMap<>();
    definitions.sqlParameters().keySet().stream()
        .filter(key -> key.startsWith(LOOKBACK))
        .forEach(key -> lookbacks.put(key.substring(LOOKBACK.length()), definitions.integer(key)));
    return lookbacks;
  }

  /** The build of {@code run} over {@code warehouse}, as the class comment says. */
  static BuildWindows decide(
      Warehouse warehouse,
      RunContext run,
      TandemSettings settings,
      List<SourceContract> contracts) {
    Definitions definitions = Definitions.load(settings.confPath());
    if (run.fullRebuild()) {
      return full("a full rebuild was asked for", definitions);
    }
    Optional<BuildState> last = BuildState.read(Storage.of(warehouse.spark()), warehouse.root());
    if (last.isEmpty()) {
      return full("the warehouse has no completed build yet", definitions);
    }
    if (!last.get().fingerprint().equals(BuildState.fingerprint(settings))) {
      return full(
          "conf/, sql/ or schemas/ changed since the last build ("
              + last.get().businessDate()
              + ")",
          definitions);
    }
    if (run.businessDate().isBefore(last.get().businessDate())) {
      return full(
          "the run is as of a date before the last build's (" + last.get().businessDate() + ")",
          definitions);
    }
    Dataset<Row> before;
    try {
      before =
          warehouse.readVersion("bronze", MANIFEST, last.get().manifestVersion()).select(FILE_KEY);
      // Resolving the plan reads the version's log: one no longer kept fails here.
      before.schema();
    } catch (RuntimeException e) {
      return full(
          "the file manifest's version "
              + last.get().manifestVersion()
              + " that the last build read is no longer kept",
          definitions);
    }
    List<Row> newFiles =
        warehouse
            .read("bronze", MANIFEST)
            .select(FILE_KEY)
            .except(before)
            .select("source", "object", "path")
            .collectAsList();
    Map<String, Integer> lookbacks = lookbacks(definitions);
    Map<String, LocalDate> starts = new TreeMap<>();
    List<String> earliestDays = new ArrayList<>();
    for (Map.Entry<String, Integer> lookback : lookbacks.entrySet()) {
      String source = lookback.getKey();
      LocalDate start =
          min(
              min(run.businessDate().minusDays(lookback.getValue() - 1L), run.fromDate()),
              last.get().businessDate().minusDays(1));
      Map<SourceContract, List<String>> pathsByContract = new LinkedHashMap<>();
      for (Row file : newFiles) {
        if (!file.getString(0).equals(source)) {
          continue;
        }
        Optional<SourceContract> contract = windowed(contracts, source, file.getString(1));
        if (contract.isEmpty()) {
          start = BEGINNING;
          pathsByContract.clear();
          break;
        }
        pathsByContract
            .computeIfAbsent(contract.get(), c -> new ArrayList<>())
            .add(file.getString(2));
      }
      pathsByContract.forEach(
          (contract, paths) ->
              earliestDays.add(
                  "SELECT '"
                      + source
                      + "', min(parse_date(`"
                      + contract.windowBy()
                      + "`)) FROM "
                      + warehouse.queryName("bronze", contract.bronzeTable())
                      + " WHERE _source_file IN "
                      + Warehouse.inList(paths)));
      starts.put(source, start);
    }
    if (!earliestDays.isEmpty()) {
      for (Row row :
          warehouse.spark().sql(String.join(" UNION ALL ", earliestDays)).collectAsList()) {
        if (!row.isNullAt(1)) {
          starts.merge(row.getString(0), ((Date) row.get(1)).toLocalDate(), BuildWindows::min);
        }
      }
    }
    return new BuildWindows(
        false,
        newFiles.size()
            + " files ingested since the last build ("
            + last.get().businessDate()
            + ")",
        starts);
  }

  /** Records the build of {@code run}: the next run rebuilds from what came after it. */
  static void record(Warehouse warehouse, RunContext run, TandemSettings settings) {
    new BuildState(
            run.businessDate(),
            BuildState.fingerprint(settings),
            warehouse.version("bronze", MANIFEST))
        .write(Storage.of(warehouse.spark()), warehouse.root());
  }

  private static Optional<SourceContract> windowed(
      List<SourceContract> contracts, String source, String object) {
    return contracts.stream()
        .filter(c -> c.source().equals(source) && c.object().equals(object))
        .filter(c -> c.windowBy() != null)
        .findFirst();
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  /** A window as the log line and the report say it: "whole" or "from <day>". */
  private static String window(LocalDate start) {
    return start.equals(BEGINNING) ? "whole" : "from " + start;
  }

  private static String sql(LocalDate date) {
    return "DATE'" + date + "'";
  }

  /** The sources' windows, for the run's log line. */
  @Override
  public String toString() {
    return (full ? "full build: " : "incremental build: ")
        + reason
        + "; "
        + starts.entrySet().stream()
            .map(e -> e.getKey() + " " + window(e.getValue()))
            .collect(Collectors.joining(", "));
  }
}
