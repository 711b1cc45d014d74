package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.jobs.NightlyLauncher;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the nightly job as of the end of a business date: ingest new extracts dated on or before it, then bring silver, journey and gold up to date (what the new extracts touch, or everything with --full-rebuild). A failed run of the same date resumes at its failed step; a completed date runs again as a rerun.")
public class RunCommand implements Callable<Integer> {
  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Business date.")
  LocalDate date;

  @Mixin LocationOptions locations;

  @Mixin FullRebuildOption rebuild;

  private final NightlyLauncher launcher;
  private final TandemSettings settings;

  public RunCommand(NightlyLauncher launcher, TandemSettings settings) {
    this.launcher = launcher;
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    launcher.run(
        date,
        date,
        locations.landing(settings),
        locations.warehouse(settings),
        rebuild.fullRebuild);
    return 0;
  }
}
