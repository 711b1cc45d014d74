package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.pipeline.HaltPoints;
import io.tandem.storage.Location;
import io.tandem.storage.S3ProxyServer;
import io.tandem.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run with landing and warehouse on a real S3 API: S3Proxy on loopback, reached through
 * Hadoop's s3a connector, as on Amazon S3 or an S3-compatible store. The run is killed in the KPI
 * step (a halt, like kill -9), a second writer is refused while another process holds the
 * warehouse's lease, and the same command resumes the run; every table must then equal a run of the
 * same extracts on local folders. Needs S3Proxy's jars and the object-store connectors, which
 * {@code bench/object-store-run.sh} prepares before running this test; skipped without them.
 */
@EnabledIfEnvironmentVariable(named = S3ProxyServer.LIB, matches = ".+")
class ObjectStoreRunIT extends JobTestBase {
  private static final String DATE = "2026-11-20";
  private static final String LANDING = "s3a://" + S3ProxyServer.BUCKET + "/extracts/landing";
  private static final String WAREHOUSE = "s3a://" + S3ProxyServer.BUCKET + "/tandem/warehouse";

  // Kept when the test fails: the runs' and the server's logs are the evidence.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void aNightlyRunOnS3KilledAndResumedEndsLikeALocalRunAndKeepsOneWriter() throws Exception {
    Path conf =
        confWith(work.resolve("conf"), "max_quarantined_share: 0.05", "max_quarantined_share: 0.5");
    Path root = work.resolve("s3-run");
    try (S3ProxyServer s3 =
        S3ProxyServer.start(work.resolve("s3proxy"), work.resolve("s3proxy.log"))) {
      Configuration hadoop = s3.configure(spark().sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path landing = new org.apache.hadoop.fs.Path(LANDING);
      FileSystem store = landing.getFileSystem(hadoop);
      store.copyFromLocalFile(
          false, true, new org.apache.hadoop.fs.Path(TestPaths.fixture("small").toUri()), landing);
      List<String> flags = s3.jvmFlags();
      String[] run = {"run", "--date", DATE, "--landing", LANDING, "--warehouse", WAREHOUSE};

      assertThat(runInSeparateJvm(root, conf, "gold", flags, run))
          .as("halted in the KPI step")
          .isEqualTo(HaltPoints.EXIT_CODE);
      assertThat(store.exists(new org.apache.hadoop.fs.Path(WAREHOUSE + "/_tandem.lease")))
          .as("the killed run's lease is left behind")
          .isTrue();

      // Held by this JVM (taking over the dead run's lease at once: same machine, process gone).
      try (RunLock held =
          RunLock.acquire(
              new Storage(hadoop), Location.of(WAREHOUSE), "a run in another process")) {
        assertThat(held.previousHolder()).contains("nightly 2026-11-20..2026-11-20");
        assertThat(runInSeparateJvm(root, conf, null, flags, run))
            .as("a second writer")
            .isEqualTo(4);
        assertThat(Files.readString(root.resolve("runs.log")))
            .contains("another Tandem run is writing to " + WAREHOUSE)
            .contains("a run in another process; its lease expires at");
      }

      assertThat(runInSeparateJvm(root, conf, null, flags, run)).as("resumed").isZero();
      assertThat(Files.readString(root.resolve("runs.log"))).contains("at its failed step");
      assertThat(store.exists(new org.apache.hadoop.fs.Path(WAREHOUSE + "/_tandem.lease")))
          .as("a run that ends gives its lease back")
          .isFalse();

      Path local = smallFixtureRun(work.resolve("local"), conf, DATE);
      // The manifest records each copy's own modification time: an upload's is its own.
      assertSameTables(
          Location.of(WAREHOUSE), Location.of(local), "bronze.file_manifest.modified_millis");
      assertThat(root.resolve("s3a:")).as("no store path taken for a local one").doesNotExist();
    }
  }
}
