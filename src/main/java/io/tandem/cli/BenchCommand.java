package io.tandem.cli;

import io.tandem.bench.BenchResult;
import io.tandem.bench.Benchmark;
import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark: generate one year (2025) of the demo company at a scale factor, build its whole history, run the nightly job for its last day, recompute a subset of the KPIs with DuckDB and compare. Writes bench/results/<date>-sf<N>.json and .md; works in <var>/bench/sf<N>/, emptied first.")
public class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--scale",
      defaultValue = "1",
      description =
          "Scale factor: 1 is a mid-size B2B company (about 20k leads and 1M GA4 events a year);"
              + " 10 and 100 scale people and events by 10 and 100 (default ${DEFAULT-VALUE}).")
  double scale;

  @Mixin SeedOption seedOption;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description = "Where to write the results (default: bench/results).")
  Path results;

  private final Benchmark benchmark;
  private final TandemSettings settings;

  public BenchCommand(Benchmark benchmark, TandemSettings settings) {
    this.benchmark = benchmark;
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    BenchResult result = benchmark.run(scale, seedOption.seed);
    Path json =
        result.write(
            results != null ? results : settings.homePath().resolve("bench").resolve("results"));
    System.out.println();
    System.out.println(result.markdown());
    System.out.println("Written: " + json + " and its .md");
    return result.reference().equal() ? 0 : TandemErrors.RUN_FAILED;
  }
}
