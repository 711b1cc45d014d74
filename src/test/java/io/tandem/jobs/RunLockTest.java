package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.errors.TandemException;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease that keeps one writer per warehouse on an object store, here on the local file system
 * through the same storage calls (the S3 test in bench/object-store-run.sh runs it on S3).
 */
class RunLockTest {
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration NO_SETTLE = Duration.ZERO;

  private final Storage storage = new Storage(new Configuration());
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T02:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private Location warehouse() {
    return Location.of(dir);
  }

  private Location leaseFile() {
    return warehouse().resolve("_tandem.lease");
  }

  @Test
  void aSecondWriterIsRefusedUntilTheFirstEndsAndTheLeaseIsGone() throws Exception {
    RunLock first =
        RunLock.Lease.acquire(storage, warehouse(), "nightly 1", clock, LEASE, NO_SETTLE);

    assertThat(storage.readString(leaseFile()).orElseThrow())
        .contains("holder=pid " + ProcessHandle.current().pid())
        .contains("expires=2026-11-21T02:02:00Z");
    assertThatThrownBy(
            () -> RunLock.Lease.acquire(storage, warehouse(), "nightly 2", clock, LEASE, NO_SETTLE))
        .isInstanceOf(TandemException.class)
        .hasMessageContaining("another Tandem run is writing to " + warehouse())
        .hasMessageContaining("nightly 1; its lease expires at 2026-11-21T02:02:00Z")
        .satisfies(e -> assertThat(((TandemException) e).exitCode()).isEqualTo(4));

    first.close();
    assertThat(storage.exists(leaseFile())).isFalse();
    RunLock.Lease.acquire(storage, warehouse(), "nightly 2", clock, LEASE, NO_SETTLE).close();
  }

  @Test
  void aDeadHoldersLeaseIsTakenOverAtOnceOnItsOwnMachineAndAfterExpiryFromAnother()
      throws Exception {
    long deadPid = ProcessHandle.current().pid() + 1_000_000;
    write("pid " + deadPid + " (died)", RunLock.host(), deadPid, "2026-11-21T02:01:00Z");

    RunLock takeover =
        RunLock.Lease.acquire(storage, warehouse(), "nightly", clock, LEASE, NO_SETTLE);
    assertThat(takeover.previousHolder()).isEqualTo("pid " + deadPid + " (died)");
    takeover.close();

    write("a run on another machine", "worker-7", 42, "2026-11-21T02:01:00Z");
    assertThatThrownBy(
            () -> RunLock.Lease.acquire(storage, warehouse(), "nightly", clock, LEASE, NO_SETTLE))
        .hasMessageContaining("a run on another machine");
    Clock later = Clock.offset(clock, Duration.ofMinutes(1));
    RunLock afterExpiry =
        RunLock.Lease.acquire(storage, warehouse(), "nightly", later, LEASE, NO_SETTLE);
    assertThat(afterExpiry.previousHolder()).isEqualTo("a run on another machine");
    afterExpiry.close();
  }

  @Test
  void ofTwoRunsThatUploadTogetherOnlyTheOneReadBackHoldsTheWarehouse() throws Exception {
    CompletableFuture<RunLock> first =
        CompletableFuture.supplyAsync(
            () ->
                RunLock.Lease.acquire(
                    storage, warehouse(), "nightly 1", clock, LEASE, Duration.ofSeconds(2)));
    while (!storage.exists(leaseFile()) && !first.isDone()) {
      Thread.sleep(10);
    }
    // Another run's upload lands while the first waits to read its lease back.
    write("nightly 2", "worker-7", 42, "2026-11-21T02:02:00Z");

    assertThatThrownBy(first::join).hasMessageContaining("nightly 2");
  }

  @Test
  void theHolderRenewsItsLeaseWhileItRuns() throws Exception {
    Clock ticking = Clock.systemUTC();
    try (RunLock lease =
        RunLock.Lease.acquire(
            storage, warehouse(), "nightly", ticking, Duration.ofMillis(600), NO_SETTLE)) {
      String expiresFirst = fields().get("expires");
      Thread.sleep(900);
      assertThat(Instant.parse(fields().get("expires"))).isAfter(Instant.parse(expiresFirst));
      assertThat(Instant.parse(fields().get("expires"))).isAfter(ticking.instant());
    }
  }

  private Map<String, String> fields() {
    return RunLock.Lease.parse(storage.readString(leaseFile()).orElseThrow());
  }

  private void write(String holder, String host, long pid, String expires) {
    storage.writeString(
        leaseFile(),
        "holder="
            + holder
            + "\nhost="
            + host
            + "\npid="
            + pid
            + "\ntoken=other\nexpires="
            + expires
            + "\n");
  }
}
