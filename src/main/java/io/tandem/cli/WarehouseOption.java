package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.storage.Location;
import picocli.CommandLine.Option;

/** {@code --warehouse}, for the commands that only read the warehouse. */
public class WarehouseOption {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR|URI",
      description = "Delta warehouse folder or object store URI (default: var/warehouse).")
  String warehouse;

  Location warehouse(TandemSettings settings) {
    return warehouse != null ? Location.of(warehouse) : settings.warehouseLocation();
  }
}
