package io.tandem.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run measured, written as {@code bench/results/<date>-sf<N>.json} and a
 * Markdown summary beside it.
 */
public record BenchResult(
    LocalDate date,
    String commit,
    double scale,
    long seed,
    Map<String, Long> extractRecords,
    long leads,
    long opportunities,
    Machine machine,
    List<Phase> phases,
    ReferenceCheck.Result reference,
    RebuildCheck.Result rebuild) {

  // The nightly run's share of the full build: 10 % at scale 1, 5 % at scale 10 and beyond.
  private static final double NIGHTLY_SHARE_TARGET = 0.10;
  private static final double NIGHTLY_SHARE_TARGET_SF10 = 0.05;
  private static final double SF1_FULL_BUILD_TARGET_SECONDS = 180;
  private static final double DUCKDB_RATIO_TARGET = 3;
  private static final double MIB = 1024.0 * 1024.0;

  /** The machine the numbers come from. */
  public record Machine(
      int cores, long memoryBytes, long maxHeapBytes, String jvm, String os, String spark) {
    static Machine current(String sparkVersion) {
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          os.getTotalMemorySize(),
          Runtime.getRuntime().maxMemory(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"),
          "Spark " + sparkVersion);
    }
  }

  /** One step of a run, from its run report: time, rows, and the Spark and Delta work it took. */
  public record StepTiming(
      String step,
      double seconds,
      long rowsIn,
      long rowsOut,
      long sparkJobs,
      long sparkTasks,
      long deltaCommits) {
    @JsonProperty
    public double rowsPerSecondPerCore() {
      return seconds == 0 ? 0 : rowsIn / seconds / Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * Generation, the full history build, the nightly run, the same day rebuilt whole, or run again
   * with nothing new.
   */
  public record Phase(
      String phase,
      LocalDate from,
      LocalDate to,
      double seconds,
      long peakLiveHeapBytes,
      long peakUsedHeapBytes,
      long filesWritten,
      long bytesWritten,
      List<StepTiming> steps) {
    static Phase of(
        String name,
        LocalDate from,
        LocalDate to,
        PhaseMeter.Measurement measured,
        List<StepTiming> steps) {
      return new Phase(
          name,
          from,
          to,
          measured.seconds(),
          measured.peakLiveHeapBytes(),
          measured.peakUsedHeapBytes(),
          measured.dataFilesWritten(),
          measured.bytesWritten(),
          steps);
    }
  }

  /** A target of the performance goals, and what this run reached. */
  public record Target(String target, String goal, String reached, boolean met) {}

  public Phase phase(String name) {
    return phases.stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
  }

  @JsonProperty
  public double nightlyShareOfFullBuild() {
    return phase("nightly").seconds() / phase("full_build").seconds();
  }

  @JsonProperty
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    double fullBuild = phase("full_build").seconds();
    if (scale == 1) {
      targets.add(
          new Target(
              "SF1 full build",
              "under " + (int) SF1_FULL_BUILD_TARGET_SECONDS + " s",
              format("%.0f s", fullBuild),
              fullBuild < SF1_FULL_BUILD_TARGET_SECONDS));
    }
    targets.add(
        new Target(
            "completes with the default memory settings",
            "driver heap " + mib(machine.maxHeapBytes()) + " (conf/jvm.options)",
            "completed; peak live heap "
                + mib(phases.stream().mapToLong(Phase::peakLiveHeapBytes).max().orElse(0)),
            true));
    double share = scale >= 10 ? NIGHTLY_SHARE_TARGET_SF10 : NIGHTLY_SHARE_TARGET;
    targets.add(
        new Target(
            "nightly run for one new day",
            "at most " + percent(share) + " of the full build",
            percent(nightlyShareOfFullBuild()),
            nightlyShareOfFullBuild() <= share));
    targets.add(
        new Target(
            "incremental result vs full rebuild",
            "identical in every table",
            rebuild.equal()
                ? "identical in all " + rebuild.tables() + " tables"
                : "differs in " + String.join(", ", rebuild.differing()),
            rebuild.equal()));
    targets.add(
        new Target(
            "Tandem ÷ DuckDB on the KPI subset",
            "at most " + (int) DUCKDB_RATIO_TARGET,
            format("%.1f", reference.ratio()),
            reference.ratio() <= DUCKDB_RATIO_TARGET));
    targets.add(
        new Target(
            "DuckDB gives the same numbers",
            "every value of " + reference.comparisons().size() + " KPIs",
            reference.equal() ? "equal" : "differences (see below)",
            reference.equal()));
    return targets;
  }

  static String scaleLabel(double scale) {
    return BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString();
  }

  /** Writes the JSON and the Markdown summary; returns the JSON file. */
  public Path write(Path resultsDir) throws IOException {
    Files.createDirectories(resultsDir);
    String name = date + "-sf" + scaleLabel(scale);
    Path json = resultsDir.resolve(name + ".json");
    new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(json.toFile(), this);
    Files.writeString(resultsDir.resolve(name + ".md"), markdown());
    return json;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(format("# Benchmark, scale factor %s, %s%n%n", scaleLabel(scale), date));
    md.append(
        format(
            "One year of the demo company (seed %d): %,d leads, %,d opportunities, %,d extract"
                + " records. Tandem at commit %s. Reproduce with `bin/tandem bench --scale %s`.%n%n",
            seed,
            leads,
            opportunities,
            extractRecords.values().stream().mapToLong(Long::longValue).sum(),
            commit,
            scaleLabel(scale)));
    md.append(
        format(
            "Machine: %d cores, %s memory, driver heap %s, %s, %s, %s.%n%n",
            machine.cores(),
            mib(machine.memoryBytes()),
            mib(machine.maxHeapBytes()),
            machine.jvm(),
            machine.os(),
            machine.spark()));
    md.append("## Targets\n\n| target | goal | reached | met |\n|---|---|---|---|\n");
    for (Target t : targets()) {
      md.append(
          format(
              "| %s | %s | %s | %s |%n",
              t.target(), t.goal(), t.reached(), t.met() ? "yes" : "no"));
    }
    md.append(
        "\n## Phases\n\n| phase | dates | seconds | peak live heap | peak used heap | files written |"
            + " MiB written |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (Phase p : phases) {
      md.append(
          format(
              "| %s | %s..%s | %.1f | %s | %s | %,d | %.1f |%n",
              p.phase(),
              p.from(),
              p.to(),
              p.seconds(),
              mib(p.peakLiveHeapBytes()),
              mib(p.peakUsedHeapBytes()),
              p.filesWritten(),
              p.bytesWritten() / MIB));
    }
    for (Phase p : phases) {
      if (p.steps().isEmpty()) {
        continue;
      }
      md.append(format("%n### Steps of %s%n%n", p.phase()));
      md.append(
          "| step | seconds | rows in | rows out | rows in / s / core | Spark jobs | Spark tasks"
              + " | Delta commits |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (StepTiming s : p.steps()) {
        md.append(
            format(
                "| %s | %.1f | %,d | %,d | %,.0f | %,d | %,d | %,d |%n",
                s.step(),
                s.seconds(),
                s.rowsIn(),
                s.rowsOut(),
                s.rowsPerSecondPerCore(),
                s.sparkJobs(),
                s.sparkTasks(),
                s.deltaCommits()));
      }
    }
    md.append(
        format(
            "%n## Reference engine (%s)%n%nExport of %d tables to Parquet: %.1f s. The KPI subset:"
                + " Tandem %.1f s (its gold models, computed again without the Delta write), DuckDB"
                + " %.1f s (from the export): ratio %.1f.%n%n",
            reference.engine(),
            ReferenceCheck.EXPORTED.size(),
            reference.exportSeconds(),
            reference.tandemSeconds(),
            reference.duckdbSeconds(),
            reference.ratio()));
    md.append("| KPI | keys | differing values | first differences |\n|---|---:|---:|---|\n");
    for (var c : reference.comparisons()) {
      md.append(
          format(
              "| %s | %,d | %d | %s |%n",
              c.kpi(), c.keys(), c.differing(), String.join("; ", c.firstDifferences())));
    }
    return md.toString();
  }

  private static String mib(long bytes) {
    return format("%,.0f MiB", bytes / MIB);
  }

  private static String percent(double share) {
    return format("%.0f %%", share * 100);
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
