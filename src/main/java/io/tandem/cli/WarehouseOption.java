package io.tandem.cli;

import io.tandem.config.TandemSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --warehouse}, for the commands that only read the warehouse. */
public class WarehouseOption {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Delta warehouse folder (default: var/warehouse).")
  Path warehouse;

  Path warehouse(TandemSettings settings) {
    return warehouse != null ? warehouse.toAbsolutePath() : settings.warehousePath();
  }
}
