package io.tandem.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;

/**
 * What one step of a run needs to know: the run id, the business date it runs as of (and the first
 * date of a backfill), and the folders it reads and writes.
 */
public record RunContext(
    String runId,
    LocalDate businessDate,
    LocalDate fromDate,
    Path landing,
    Path warehouse,
    Path runDir,
    Clock clock) {}
