package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import io.tandem.jobs.NightlyLauncher;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Build history from one date to another in one job execution: ingest every extract dated up to --to and rebuild the days from --from on (and earlier ones only where new extracts reach back), or everything with --full-rebuild. The result equals a nightly run of --to.")
public class BackfillCommand implements Callable<Integer> {
  @Option(
      names = "--from",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "First business date.")
  LocalDate from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Last business date.")
  LocalDate to;

  @Mixin LocationOptions locations;

  @Mixin FullRebuildOption rebuild;

  private final NightlyLauncher launcher;
  private final TandemSettings settings;

  public BackfillCommand(NightlyLauncher launcher, TandemSettings settings) {
    this.launcher = launcher;
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    if (from.isAfter(to)) {
      throw TandemErrors.badRange(from.toString(), to.toString());
    }
    launcher.run(
        from, to, locations.landing(settings), locations.warehouse(settings), rebuild.fullRebuild);
    return 0;
  }
}
