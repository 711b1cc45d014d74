package io.tandem.jobs;

import io.tandem.storage.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;

/**
 * What one step of a run needs to know: the run id, the business date it runs as of (and the first
 * date of a backfill), the landing and warehouse it reads and writes (local folders or object-store
 * URIs), and its local run folder.
 */
public record RunContext(
    String runId,
    LocalDate businessDate,
    LocalDate fromDate,
    Location landing,
    Location warehouse,
    Path runDir,
    Clock clock) {}
