package io.tandem.privacy;

import io.tandem.contracts.SourceContract;
import io.tandem.spark.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Finishes erasures a crash left pending. An erasure is logged pending before its first delete, so
 * a run that finds one deletes the listed people's rows again before it ingests (the suppression
 * list's keys are all the deletes need, and deleting twice deletes nothing more), rebuilds every
 * layer without them, and marks the erasure completed at its end. Until then silver reads bronze
 * through the suppression list, so no table built in between holds the person.
 */
public final class PendingErasures {
  private PendingErasures() {}

  /**
   * Deletes the listed people's rows again when an erasure is pending; returns the erasures and the
   * rows deleted per table (empty when none is pending).
   */
  public static Map<String, Long> deleteAgain(Warehouse warehouse, List<SourceContract> contracts) {
    if (ErasureLog.pending(warehouse).isEmpty()) {
      return Map.of();
    }
    return Erasure.deleteRows(warehouse, contracts, SuppressionList.load(warehouse));
  }

  /** Marks every pending erasure completed by {@code runId}, a run that rebuilt every layer. */
  static List<String> complete(Warehouse warehouse, String runId, Instant at, Duration purgeAfter) {
    List<String> pending = ErasureLog.pending(warehouse);
    if (!pending.isEmpty()) {
      ErasureLog.completePending(warehouse, pending, runId, at, purgeAfter);
    }
    return pending;
  }
}
