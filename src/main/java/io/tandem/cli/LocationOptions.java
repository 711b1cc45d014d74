package io.tandem.cli;

import io.tandem.config.TandemSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --landing} and {@code --warehouse}, shared by the commands that run the job. */
public class LocationOptions {
  @Option(
      names = "--landing",
      paramLabel = "DIR",
      description =
          "Extract folder: <source>/<object>/<YYYY-MM-DD>/files (default: tandem.landing, TANDEM_LANDING or var/landing).")
  Path landing;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description =
          "Delta warehouse folder (default: tandem.warehouse, TANDEM_WAREHOUSE or var/warehouse).")
  Path warehouse;

  Path landing(TandemSettings settings) {
    return landing != null ? landing.toAbsolutePath().normalize() : settings.landingPath();
  }

  Path warehouse(TandemSettings settings) {
    return warehouse != null ? warehouse.toAbsolutePath().normalize() : settings.warehousePath();
  }
}
