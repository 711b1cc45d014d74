package io.tandem.pipeline;

import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * What one step of a run needs to know: the run id, the business date it runs as of (and the first
 * date of a backfill), the landing and warehouse it reads and writes (local folders or object-store
 * URIs), its local run folder, and whether it rebuilds every table whole ({@code fullRebuild};
 * otherwise a run rebuilds what its new extracts touch where it can).
 */
public record RunContext(
    String runId,
    LocalDate businessDate,
    LocalDate fromDate,
    Location landing,
    Location warehouse,
    Path runDir,
    Clock clock,
    boolean fullRebuild) {
  /** The run's warehouse in {@code spark}, its tables registered as {@code <layer>.<table>}. */
  public Warehouse warehouseIn(SparkSession spark) {
    return Warehouse.registered(spark, warehouse);
  }
}
