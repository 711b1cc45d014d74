package io.tandem.model;

import static org.apache.spark.sql.functions.col;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Storage;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
public record BuildWindows(
    boolean full,
    String reason,
    Map<String, LocalDate> starts,
    Map<String, List<String>> windowFiles) {
  /** The window start of a full build: before any data. */
  static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);

  private static final String LOOKBACK = "incremental.lookback_days.";
  static final String MANIFEST = "file_manifest";

  /** A file as the manifest knows it: a file delivered again with another checksum is new. */
  private static final org.apache.spark.sql.Column[] FILE_KEY = {
    col("source"), col("object"), col("path"), col("checksum_sha256")
  };

  /** Every source read whole, for work outside a run's build. */
  static final BuildWindows WHOLE = new BuildWindows(true, "a whole read", Map.of(), Map.of());

  /** A full build, for {@code reason}, of every source conf/definitions.yml reads by window. */
  static BuildWindows full(String reason, Definitions definitions) {
    Map<String, LocalDate> starts = new TreeMap<>();
    lookbacks(definitions).keySet().forEach(source -> starts.put(source, BEGINNING));
    return new BuildWindows(true, reason, starts, Map.of());
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

  /**
   * The landing files of {@code bronzeTable} whose rows reach its window (their last day on or
   * after its start, or unknown), or empty when the table is read whole: only these files' rows are
   * read, so a night reads the window's files, not the table's whole history.
   */
  Optional<List<String>> filesReaching(String bronzeTable) {
    return full ? Optional.empty() : Optional.ofNullable(windowFiles.get(bronzeTable));
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
    Map<String, LocalDate> starts = new TreeMap<>();
    lookbacks(definitions)
        .forEach(
            (source, lookback) -> {
              boolean wholeObject =
                  newFiles.stream()
                      .anyMatch(
                          file ->
                              file.getString(0).equals(source)
                                  && windowed(contracts, source, file.getString(1)).isEmpty());
              starts.put(
                  source,
                  wholeObject
                      ? BEGINNING
                      : min(
                          min(run.businessDate().minusDays(lookback - 1L), run.fromDate()),
                          last.get().businessDate().minusDays(1)));
            });
    List<SourceContract> windowed =
        contracts.stream()
            .filter(c -> c.windowBy() != null)
            .filter(c -> !starts.getOrDefault(c.source(), BEGINNING).equals(BEGINNING))
            .toList();
    Map<SourceContract, Map<String, FileDays.Days>> days = FileDays.of(warehouse, windowed);
    Set<String> newPaths = new HashSet<>();
    newFiles.forEach(file -> newPaths.add(file.getString(2)));
    // the earliest day among the rows of the files ingested since the last build
    days.forEach(
        (contract, byPath) ->
            byPath.entrySet().stream()
                .filter(file -> newPaths.contains(file.getKey()))
                .map(file -> file.getValue().firstDay())
                .filter(Objects::nonNull)
                .forEach(first -> starts.merge(contract.source(), first, BuildWindows::min)));
    Map<String, List<String>> windowFiles = new TreeMap<>();
    days.forEach(
        (contract, byPath) ->
            windowFiles.put(
                contract.bronzeTable(),
                byPath.entrySet().stream()
                    .filter(file -> file.getValue().reaches(starts.get(contract.source())))
                    .map(Map.Entry::getKey)
                    .toList()));
    return new BuildWindows(
        false,
        newFiles.size()
            + " files ingested since the last build ("
            + last.get().businessDate()
            + ")",
        starts,
        windowFiles);
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
