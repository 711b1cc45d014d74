package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.pipeline.HaltPoints;
import io.tandem.publish.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run as its own JVM, the way a scheduler starts it, compared with an uninterrupted run
 * of the same extracts in the test JVM (UTC):
 *
 * <ul>
 *   <li>killed for real (a halt, like kill -9) inside ingest, inside the KPI step and inside
 *       publish, each time resumed by the same command through Spring Batch's restart;
 *   <li>backfilled over the whole range of the extracts on a machine set to Los Angeles time and a
 *       German locale (a backfill ends like the nightly run of its last day, and no output depends
 *       on the machine's time zone or locale);
 *   <li>with the work split another way: one core instead of two, every model on 4 shuffle
 *       partitions instead of small models on one (no output depends on how Spark splits the work:
 *       ties are broken by value, credits added exactly, docs/architecture.md).
 * </ul>
 *
 * All end with every table identical to the uninterrupted run's, value for value.
 */
class SeparateJvmRunsIT extends JobTestBase {
  private static final String DATE = "2026-11-20";

  @TempDir static Path work;
  private static Path conf;
  private static Path clean;

  @BeforeAll
  static void runUninterrupted() throws Exception {
    conf =
        confWith(work.resolve("conf"), "max_quarantined_share: 0.05", "max_quarantined_share: 0.5");
    clean = work.resolve("clean");
    smallFixtureRun(clean, conf, DATE);
  }

  @AfterAll
  static void stopServers() {
    EmbeddedPostgres.stopIfRunning(work.resolve("crashed/var"));
  }

  @Test
  void aBackfillKilledInIngestKpisAndPublishElsewhereResumesAndEndsLikeTheNightlyRun()
      throws Exception {
    Path crashed = work.resolve("crashed");
    copyLanding(TestPaths.fixture("small"), crashed.resolve("landing"));
    List<String> losAngelesInGermanOnOneCore =
        List.of(
            "-Duser.timezone=America/Los_Angeles",
            "-Duser.language=de",
            "-Duser.country=DE",
            "-Dspark.master=local[1]",
            "-Dspark.sql.shuffle.partitions=4",
            "-Dspark.tandem.smallQuery.maxInputRows=0");

    for (String point : List.of("ingest", "gold", "publish")) {
      assertThat(
              runInSeparateJvm(
                  crashed, conf, point, losAngelesInGermanOnOneCore, backfill(crashed)))
          .as("halted at " + point)
          .isEqualTo(HaltPoints.EXIT_CODE);
      // whatever the crash left is readable: Delta shows only committed tables
      assertThat(snapshot(crashed.resolve("warehouse"), "bronze", "silver", "journey", "gold"))
          .isNotEmpty();
    }
    assertThat(
            runInSeparateJvm(crashed, conf, null, losAngelesInGermanOnOneCore, backfill(crashed)))
        .isZero();
    assertThat(Files.readString(crashed.resolve("runs.log")))
        .contains("Restarting execution")
        .contains("marking it FAILED")
        .contains("was left running by a process that has ended");
    assertThat(crashed.resolve("var/postgres/data/postmaster.pid"))
        .as("the server the run killed in publish left running is stopped by the run that resumed")
        .doesNotExist();

    assertSameTables(crashed.resolve("warehouse"), clean.resolve("warehouse"));
  }

  /** A backfill over the whole range of the fixture's extracts, up to the nightly run's date. */
  private static String[] backfill(Path root) {
    return new String[] {
      "backfill",
      "--from",
      "2026-11-01",
      "--to",
      DATE,
      "--landing",
      root.resolve("landing").toString(),
      "--warehouse",
      root.resolve("warehouse").toString()
    };
  }
}
