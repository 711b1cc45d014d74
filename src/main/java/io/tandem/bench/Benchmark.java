package io.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.TandemSettings;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.jobs.NightlyLauncher;
import io.tandem.runs.RunReportWriter;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The benchmark: generates one year of the demo company at a scale factor, builds its whole history
 * in one backfill up to the year's second-to-last day, runs the nightly job for the last day, and
 * checks a subset of the KPIs against DuckDB. Each phase is measured by a {@link PhaseMeter}.
 */
@Component
public class Benchmark {
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);

  private final NightlyLauncher launcher;
  private final SparkSession spark;
  private final TandemSettings settings;
  private final Clock clock;

  public Benchmark(
      NightlyLauncher launcher, @Lazy SparkSession spark, TandemSettings settings, Clock clock) {
    this.launcher = launcher;
    this.spark = spark;
    this.settings = settings;
    this.clock = clock;
  }

  /** Where a scale factor's landing folder, warehouse and export live; emptied at every start. */
  public Path workDir(double scale) {
    return settings.varPath().resolve("bench").resolve("sf" + BenchResult.scaleLabel(scale));
  }

  public BenchResult run(double scale, long seed) throws Exception {
    // Read first: edits made to the checkout while the benchmark runs are not what it measures.
    String commit = commit(settings.homePath());
    Path work = workDir(scale);
    deleteTree(work);
    Path landing = work.resolve("landing");
    Path warehouse = work.resolve("warehouse");
    List<BenchResult.Phase> phases = new ArrayList<>();

    DemoSpec spec = new DemoSpec(seed, scale, FIRST_DAY, LAST_DAY);
    System.out.println(
        "Benchmark at scale " + scale + ": generating " + spec.from() + ".." + spec.to());
    PhaseMeter meter = PhaseMeter.start(landing);
    var data = DemoCompanyGenerator.generate(spec, landing);
    phases.add(BenchResult.Phase.of("generate", spec.from(), spec.to(), meter.stop(), List.of()));
    System.out.println(data.describe(landing));

    phases.add(runPhase("full_build", FIRST_DAY, LAST_DAY.minusDays(1), landing, warehouse, false));
    phases.add(runPhase("nightly", LAST_DAY, LAST_DAY, landing, warehouse, false));
    // The same date rebuilt whole must give the tables the incremental nightly run left.
    Warehouse tables = new Warehouse(spark, Location.of(warehouse));
    Map<String, Long> incremental = RebuildCheck.versions(tables);
    phases.add(runPhase("full_rebuild", LAST_DAY, LAST_DAY, landing, warehouse, true));
    System.out.println("Rebuild check: every table of the nightly run against the full rebuild");
    RebuildCheck.Result rebuild = RebuildCheck.compare(tables, incremental);
    // The same night once more, with nothing new: what a rerun or a quiet night costs.
    phases.add(runPhase("rerun", LAST_DAY, LAST_DAY, landing, warehouse, false));

    System.out.println("Reference check: DuckDB recomputes a subset of the KPIs");
    var reference =
        new ReferenceCheck(spark, settings).run(warehouse, LAST_DAY, work.resolve("reference"));
    return new BenchResult(
        LocalDate.now(clock),
        commit,
        scale,
        seed,
        data.recordsPerObject(),
        data.leads(),
        data.opportunities(),
        BenchResult.Machine.current(spark.version()),
        phases,
        reference,
        rebuild);
  }

  private BenchResult.Phase runPhase(
      String name, LocalDate from, LocalDate to, Path landing, Path warehouse, boolean fullRebuild)
      throws Exception {
    PhaseMeter meter = PhaseMeter.start(warehouse);
    var execution =
        launcher.run(from, to, Location.of(landing), Location.of(warehouse), fullRebuild);
    var measured = meter.stop();
    Map<?, ?> report =
        new ObjectMapper().readValue(RunReportWriter.reportFile(execution).toFile(), Map.class);
    List<BenchResult.StepTiming> steps = new ArrayList<>();
    for (Object entry : (List<?>) report.get("steps")) {
      Map<?, ?> step = (Map<?, ?>) entry;
      Map<?, ?> work = (Map<?, ?>) step.get("work");
      steps.add(
          new BenchResult.StepTiming(
              (String) step.get("step"),
              number(step.get("seconds")),
              (long) number(step.get("rows_in")),
              (long) number(step.get("rows_out")),
              (long) number(work.get("spark_jobs")),
              (long) number(work.get("spark_tasks")),
              (long) number(work.get("delta_commits"))));
    }
    return BenchResult.Phase.of(name, from, to, measured, steps);
  }

  /** The checkout's commit, so a result names the code it measured; "unknown" outside git. */
  static String commit(Path home) {
    try {
      Process git =
          new ProcessBuilder("git", "-C", home.toString(), "describe", "--always", "--dirty")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
