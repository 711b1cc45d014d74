package io.tandem.pipeline;

import io.tandem.storage.Location;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a command outside the nightly job asks of the job's runner: the warehouse's lock, and a
 * rebuild of every layer. The runner ({@code jobs.NightlyLauncher}) implements it, so that services
 * such as the erasure depend on this contract rather than on the job's wiring.
 */
public interface WarehouseRuns {
  /** Does {@code work} holding the warehouse's lock; {@code what} names the holder. */
  <T> T exclusively(Location warehouse, String what, Callable<T> work) throws Exception;

  /**
   * Runs the warehouse's latest completed run again from bronze, inside {@link #exclusively}; the
   * id of the new run, or empty when the warehouse has no completed run.
   */
  Optional<String> rebuildLatestLocked(Location warehouse) throws Exception;
}
