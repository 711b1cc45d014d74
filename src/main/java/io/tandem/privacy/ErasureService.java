package io.tandem.privacy;

import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.pipeline.HaltPoints;
import io.tandem.pipeline.WarehouseRuns;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * {@code tandem erase}: holding the warehouse's lock, logs the erasure as pending, lists the
 * person's keys on the suppression list, deletes their rows from bronze, the quarantine and the
 * identity history, reruns the latest completed run (silver, journey and gold rebuilt without them,
 * the database republished), completes the audit, and with {@code purgeNow} vacuums the old files
 * at once. Each stage is a halt point ({@code erase-logged}, {@code erase-listed}, {@code
 * erase-deleted}): a crash after the pending row is finished by the next run ({@link
 * PendingErasures}).
 */
@Service
public class ErasureService {
  private static final Logger log = LoggerFactory.getLogger("io.tandem.progress");
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

  private final SparkSession spark;
  private final TandemSettings settings;
  private final WarehouseRuns launcher;
  private final Clock clock;

  public ErasureService(
      @Lazy SparkSession spark, TandemSettings settings, WarehouseRuns launcher, Clock clock) {
    this.spark = spark;
    this.settings = settings;
    this.launcher = launcher;
    this.clock = clock;
  }

  /** What an erasure did, for the console. */
  public record Outcome(ErasureLog.Entry entry, boolean purged) {}

  public Outcome erase(
      Location warehousePath, String email, String recordId, String reference, boolean purgeNow)
      throws Exception {
    return launcher.exclusively(
        warehousePath,
        "erase",
        () -> eraseLocked(warehousePath, email, recordId, reference, purgeNow));
  }

  private Outcome eraseLocked(
      Location warehousePath, String email, String recordId, String reference, boolean purgeNow)
      throws Exception {
    Instant now = clock.instant();
    Warehouse warehouse = Warehouse.registered(spark, warehousePath);
    String erasureId =
        "erasure-" + ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Erasure erasure =
        new Erasure(warehouse, SourceContract.loadAll(settings.schemasPath()), email, recordId);
    Set<String> keys = erasure.keys();
    Set<String> listed = SuppressionList.load(warehouse);
    Set<String> newKeys = new java.util.TreeSet<>(keys);
    newKeys.removeAll(listed);
    Duration purgeAfter = Duration.ofHours(PurgeStep.purgeAfterHours(settings));
    // Logged first, then listed: a crash at any point after leaves a pending erasure that the next
    // run finishes, and every table rebuilt in between reads bronze through the list.
    ErasureLog.Entry pending =
        new ErasureLog.Entry(
            erasureId,
            now,
            email != null ? "email" : "record id",
            reference,
            erasure.people(),
            erasure.identifiers(),
            Map.of(),
            new ArrayList<>(erasure.landingFiles()),
            null,
            now.plus(purgeAfter));
    ErasureLog.begin(warehouse, pending);
    HaltPoints.reached("erase-logged");
    if (!newKeys.isEmpty()) {
      SuppressionList.add(warehouse, newKeys, erasureId, Timestamp.from(now));
    }
    HaltPoints.reached("erase-listed");
    Map<String, Long> deleted = erasure.deleteRows();
    HaltPoints.reached("erase-deleted");
    log.info(
        "Erasure {}: {} person(s), {} identifier(s); rows deleted: {}",
        erasureId,
        erasure.people(),
        erasure.identifiers(),
        deleted.isEmpty() ? "none" : deleted);
    String rebuiltRun = launcher.rebuildLatestLocked(warehousePath).orElse(null);
    // Due from the completion: VACUUM keeps files removed in the last purge_after_hours, and the
    // rebuild removed its files just now.
    ErasureLog.Entry entry =
        pending.completed(
            deleted, rebuiltRun, clock.instant().plus(purgeAfter).truncatedTo(ChronoUnit.SECONDS));
    ErasureLog.complete(warehouse, entry);
    if (purgeNow) {
      Purge.vacuumAll(warehouse, 0);
      ErasureLog.markPurged(warehouse, List.of(erasureId), clock.instant());
    }
    return new Outcome(entry, purgeNow);
  }
}
