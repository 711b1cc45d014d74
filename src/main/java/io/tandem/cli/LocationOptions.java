package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.storage.Location;
import picocli.CommandLine.Option;

/** {@code --landing} and {@code --warehouse}, shared by the commands that run the job. */
public class LocationOptions {
  @Option(
      names = "--landing",
      paramLabel = "DIR|URI",
      description =
          "Extract folder, or an object store's URI (s3a://, abfss://, gs://, hdfs://): <source>/<object>/<YYYY-MM-DD>/files (default: tandem.landing, TANDEM_LANDING or var/landing).")
  String landing;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR|URI",
      description =
          "Delta warehouse folder, or an object store's URI (default: tandem.warehouse, TANDEM_WAREHOUSE or var/warehouse).")
  String warehouse;

  Location landing(TandemSettings settings) {
    return landing != null ? Location.of(landing) : settings.landingLocation();
  }

  Location warehouse(TandemSettings settings) {
    return warehouse != null ? Location.of(warehouse) : settings.warehouseLocation();
  }
}
