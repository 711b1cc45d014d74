package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.pipeline.RunContext;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run decides between a full and an incremental build, and where GA4's window starts. */
class BuildWindowsTest extends SparkTestBase {
  private static final TandemSettings SETTINGS =
      new TandemSettings(TestPaths.home().toString(), null, null, null, null);
  private static final List<SourceContract> CONTRACTS =
      SourceContract.loadAll(SETTINGS.schemasPath());
  private static final LocalDate LAST_BUILD = LocalDate.of(2026, 11, 20);

  @TempDir Path dir;
  private Warehouse warehouse;

  /** A warehouse built as of November 20 that has since ingested the files below. */
  @BeforeEach
  void builtOnceThenIngested() {
    warehouse = new Warehouse(spark(), Location.of(dir));
    writeManifest("('ga4', 'events', 'ga4/events/2026-11-20/a.ndjson', 'c1')");
    builtAsOfLastBuild();
    writeManifest(
        "('ga4', 'events', 'ga4/events/2026-11-20/a.ndjson', 'c1'),"
            + " ('ga4', 'events', 'ga4/events/2026-11-21/b.ndjson', 'c2'),"
            + " ('salesforce', 'Lead', 'salesforce/Lead/2026-11-21/l.csv', 'c3')");
    warehouse.overwrite(
        "bronze",
        "raw_ga4_events",
        sql(
            "SELECT * FROM VALUES ('20261120', 'ga4/events/2026-11-20/a.ndjson'),"
                + " ('20261121', 'ga4/events/2026-11-21/b.ndjson'),"
                + " ('20261109', 'ga4/events/2026-11-21/b.ndjson')"
                + " AS t(event_date, _source_file)"));
  }

  @Test
  void theWindowStartsAtTheEarliestDayTheNewFilesCarry() {
    BuildWindows build = decide(run(LocalDate.of(2026, 11, 21), false));

    assertThat(build.full()).isFalse();
    assertThat(build.reason()).isEqualTo("2 files ingested since the last build (2026-11-20)");
    assertThat(build.start("ga4")).contains(LocalDate.of(2026, 11, 9));
    assertThat(build.sqlParameters())
        .containsEntry("incremental", "TRUE")
        .containsEntry("window_start.ga4", "DATE'2026-11-09'");
  }

  @Test
  void withoutLateRowsTheLookbackAndTheLastBuildsEveSetTheWindow() {
    warehouse.overwrite(
        "bronze",
        "raw_ga4_events",
        sql("SELECT '20261121' AS event_date, 'ga4/events/2026-11-21/b.ndjson' AS _source_file"));

    // three days back from the 25th is the 23rd; the day before the last build is earlier
    assertThat(decide(run(LocalDate.of(2026, 11, 25), false)).start("ga4"))
        .contains(LAST_BUILD.minusDays(1));
    // a backfill from an earlier day starts there
    RunContext backfill =
        new RunContext(
            "r",
            LocalDate.of(2026, 11, 25),
            LocalDate.of(2026, 11, 2),
            null,
            null,
            null,
            null,
            false);
    assertThat(decide(backfill).start("ga4")).contains(LocalDate.of(2026, 11, 2));
  }

  @Test
  void aNightReadsOnlyTheFilesWhoseRowsReachItsWindowAndKeepsTheirDays() {
    String old = "ga4/events/2026-11-01/o.ndjson";
    String late = "ga4/events/2026-11-21/b.ndjson";
    // the last build read the old file; b.ndjson came after it
    writeManifest(
        "('ga4', 'events', 'ga4/events/2026-11-20/a.ndjson', 'c1'), ('ga4', 'events', '"
            + old
            + "', 'c5')");
    builtAsOfLastBuild();
    writeManifest(ga4Files(late, old, "c5"));
    writeGa4Events("('20261121', '" + late + "'), ('20261101', '" + old + "')");

    // from the 19th (the day before the last build): the old file ends on the 1st, a.ndjson has
    // no rows in bronze
    BuildWindows build = decide(run(LocalDate.of(2026, 11, 25), false));
    assertThat(build.start("ga4")).contains(LAST_BUILD.minusDays(1));
    assertThat(build.filesReaching("raw_ga4_events")).contains(List.of(late));

    // the days are kept by path and checksum: bronze is not read for them again...
    writeGa4Events("('20261121', '" + late + "'), ('20261125', '" + old + "')");
    assertThat(decide(run(LocalDate.of(2026, 11, 25), false)).filesReaching("raw_ga4_events"))
        .contains(List.of(late));
    // ...until the file is delivered again with another checksum
    writeManifest(ga4Files(late, old, "c6"));
    assertThat(decide(run(LocalDate.of(2026, 11, 25), false)).filesReaching("raw_ga4_events"))
        .contains(List.of(old, late));
    // a full build reads every file
    assertThat(decide(run(LocalDate.of(2026, 11, 25), true)).filesReaching("raw_ga4_events"))
        .isEmpty();
  }

  @Test
  void aNewFileOfAnObjectNotReadByWindowRebuildsItsSourceWhole() {
    writeManifest(
        "('ga4', 'events', 'ga4/events/2026-11-20/a.ndjson', 'c1'),"
            + " ('ga4', 'pseudonymous_users', 'ga4/pseudonymous_users/2026-11-21/u.ndjson', 'c4')");

    BuildWindows build = decide(run(LocalDate.of(2026, 11, 21), false));

    assertThat(build.full()).isFalse();
    assertThat(build.start("ga4")).isEmpty();
    assertThat(build.sqlParameters()).containsEntry("window_start.ga4", "DATE'1900-01-01'");
  }

  @Test
  void anEarlierDateAFullRebuildAndAChangedRuleBuildWhole() {
    assertThat(decide(run(LocalDate.of(2026, 11, 19), false)).reason())
        .isEqualTo("the run is as of a date before the last build's (2026-11-20)");
    assertThat(decide(run(LocalDate.of(2026, 11, 21), true)).reason())
        .isEqualTo("a full rebuild was asked for");

    new BuildState(LAST_BUILD, "another-rule", 0).write(Storage.of(spark()), warehouse.root());
    BuildWindows changed = decide(run(LocalDate.of(2026, 11, 21), false));
    assertThat(changed.full()).isTrue();
    assertThat(changed.reason()).startsWith("conf/, sql/ or schemas/ changed");
    assertThat(changed.sqlParameters()).containsEntry("incremental", "FALSE");
  }

  @Test
  void aWarehouseNeverBuiltBuildsWhole() {
    Warehouse empty = new Warehouse(spark(), Location.of(dir.resolve("new")));
    assertThat(
            BuildWindows.decide(empty, run(LocalDate.of(2026, 11, 21), false), SETTINGS, CONTRACTS)
                .reason())
        .isEqualTo("the warehouse has no completed build yet");
  }

  private BuildWindows decide(RunContext run) {
    return BuildWindows.decide(warehouse, run, SETTINGS, CONTRACTS);
  }

  private static RunContext run(LocalDate date, boolean fullRebuild) {
    return new RunContext("r", date, date, null, null, null, Clock.systemUTC(), fullRebuild);
  }

  /**
   * Manifest rows of a.ndjson, {@code late} and {@code old} (with checksum {@code oldChecksum}).
   */
  private static String ga4Files(String late, String old, String oldChecksum) {
    return "('ga4', 'events', 'ga4/events/2026-11-20/a.ndjson', 'c1'), ('ga4', 'events', '"
        + late
        + "', 'c2'), ('ga4', 'events', '"
        + old
        + "', '"
        + oldChecksum
        + "')";
  }

  /** Records a build as of November 20 that read the manifest as it is now. */
  private void builtAsOfLastBuild() {
    new BuildState(
            LAST_BUILD,
            BuildState.fingerprint(SETTINGS),
            warehouse.version("bronze", "file_manifest"))
        .write(Storage.of(spark()), warehouse.root());
  }

  /** Replaces the GA4 bronze rows with {@code rows} of (event_date, _source_file). */
  private void writeGa4Events(String rows) {
    warehouse.overwrite(
        "bronze",
        "raw_ga4_events",
        sql("SELECT * FROM VALUES " + rows + " AS t(event_date, _source_file)"));
  }

  /** Replaces the manifest with {@code rows} of (source, object, path, checksum). */
  private void writeManifest(String rows) {
    warehouse.overwrite(
        "bronze",
        "file_manifest",
        sql("SELECT * FROM VALUES " + rows + " AS t(source, object, path, checksum_sha256)"));
  }
}
