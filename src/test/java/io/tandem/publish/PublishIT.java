package io.tandem.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.kpi.KpiFixture;
import io.tandem.model.ModelRunner;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Publishing to a real PostgreSQL: Testcontainers' when Docker is there, the embedded server
 * otherwise (run as an unprivileged user when the tests run as root), with the same test code.
 */
class PublishIT extends SparkTestBase {
  private static final List<String> TABLES =
      List.of(
          "kpi_funnel_flow_quarterly",
          "kpi_pipeline_quarterly",
          "kpi_alignment_scorecard_quarterly");

  @TempDir static Path work;
  private static Warehouse early;
  private static Warehouse late;
  private static PostgreSQLContainer container;
  private static PublishTarget target;
  private static PublishSettings settings;

  @BeforeAll
  static void buildTwoDaysOfKpisAndStartPostgres() throws IOException {
    // The embedded server runs as 'nobody' under root: it must be able to enter the temp folder.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    Path conf = TestPaths.home().resolve("conf");
    early = new Warehouse(spark(), Location.of(work.resolve("early")));
    KpiFixture.load(spark(), early, "kpi");
    KpiFixture.runKpis(conf, early, work, LocalDate.parse("2026-04-10"));
    late = new Warehouse(spark(), Location.of(work.resolve("late")));
    KpiFixture.load(spark(), late, "kpi");
    KpiFixture.runKpis(conf, late, work, LocalDate.parse("2026-04-20"));

    PublishSettings defaults =
        new PublishSettings(null, null, null, null, null, null, 54339, 5, null);
    if (DockerClientFactory.instance().isDockerAvailable()) {
      container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      target =
          PublishTarget.open(
              defaults.withUrl(
                  container.getJdbcUrl(), container.getUsername(), container.getPassword()),
              work.resolve("var"));
    } else {
      target = PublishTarget.open(defaults, work.resolve("var"));
    }
    settings = target.settings();
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    if (container != null) {
      container.stop();
    }
  }

  private static void publish(Warehouse warehouse) {
    early.registerAll();
    warehouse.registerAll();
    TandemSettings tandem =
        new TandemSettings(
            TestPaths.home().toString(),
            TestPaths.home().resolve("conf").toString(),
            null,
            warehouse.root().toString(),
            null);
    new PostgresPublisher(settings, new ModelRunner(spark(), tandem).contracts("gold"))
        .publish(warehouse, TABLES);
  }

  private static Connection asBi() throws SQLException {
    return DriverManager.getConnection(settings.url(), settings.biRole(), settings.biPassword());
  }

  private static Connection asAdmin() throws SQLException {
    return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
  }

  @Test
  void theBiRoleReadsThePublishedViewsAndNothingElse() throws SQLException {
    publish(early);
    try (Connection admin = asAdmin();
        Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS public.payroll (salary int)");
    }
    try (Connection bi = asBi();
        Statement s = bi.createStatement()) {
      ResultSet rs =
          s.executeQuery(
              "SELECT actual FROM tandem.v1_kpi_alignment_scorecard_quarterly"
                  + " WHERE quarter_label = '2026-Q1' AND goal = 'won_revenue'");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getDouble(1)).isEqualTo(10000.0);

      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM tandem.kpi_pipeline_quarterly"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM public.payroll"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("CREATE TABLE public.mine (x int)"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("DELETE FROM tandem.v1_kpi_pipeline_quarterly"))
          .hasMessageContaining("permission denied");

      // A BI tool reading the catalogue finds each view and column described by its contract.
      ResultSet described =
          s.executeQuery(
              "SELECT obj_description('tandem.v1_kpi_pipeline_quarterly'::regclass, 'pg_class'),"
                  + " col_description('tandem.v1_kpi_pipeline_quarterly'::regclass,"
                  + " (SELECT attnum FROM pg_attribute WHERE attrelid = 'tandem.v1_kpi_pipeline_quarterly'::regclass"
                  + " AND attname = 'win_rate'))");
      assertThat(described.next()).isTrue();
      assertThat(described.getString(1)).startsWith("New-business pipeline and revenue");
      assertThat(described.getString(2)).contains("won ÷ (won + lost)");
    }
  }

  /**
   * A rejected extract file holds the tables it feeds at their last published version; the others
   * publish, and a held table never published before stays out.
   */
  @Test
  void heldTablesKeepTheirLastPublishedVersionWhileTheOthersMoveOn() throws SQLException {
    String pipeline = "kpi_pipeline_quarterly";
    String funnel = "kpi_funnel_flow_quarterly";
    String scorecard = "kpi_alignment_scorecard_quarterly";
    early.registerAll();
    late.registerAll();
    new PostgresPublisher(inSchema("held")).publish(early, List.of(pipeline));
    String earlyPipeline = published("held", pipeline);

    new PostgresPublisher(inSchema("held"))
        .publish(late, List.of(pipeline, funnel, scorecard), Set.of(pipeline, scorecard), Map.of());

    new PostgresPublisher(inSchema("moved")).publish(late, List.of(pipeline));
    assertThat(published("moved", pipeline))
        .as("what holding holds back")
        .isNotEqualTo(earlyPipeline);
    assertThat(published("held", pipeline)).isEqualTo(earlyPipeline);
    assertThat(published("held", funnel)).isNotEmpty();
    assertThat(
            firstValue(
                "SELECT count(*) FROM pg_views WHERE schemaname = 'held' AND viewname = 'v1_"
                    + scorecard
                    + "'"))
        .as("a held table never published before")
        .isEqualTo("0");
  }

  @Test
  void aTableUnchangedInTheWarehouseIsCopiedInsidePostgresql() throws SQLException {
    String pipeline = "kpi_pipeline_quarterly";
    early.registerAll();
    new PostgresPublisher(inSchema("same")).publish(early, List.of(pipeline));
    String asBuilt = published("same", pipeline);
    // A mark on the published copy shows where the next publish takes the table from.
    try (Connection admin = asAdmin();
        Statement s = admin.createStatement()) {
      s.execute("DELETE FROM same." + pipeline);
    }

    new PostgresPublisher(inSchema("same")).publish(early, List.of(pipeline));
    assertThat(published("same", pipeline)).as("copied inside PostgreSQL").isNull();

    // A new version in the warehouse (the same rows) is read from the warehouse again.
    early.overwrite("gold", pipeline, early.read("gold", pipeline).localCheckpoint());
    new PostgresPublisher(inSchema("same")).publish(early, List.of(pipeline));
    assertThat(published("same", pipeline)).isEqualTo(asBuilt);
  }

  private static PublishSettings inSchema(String schema) {
    return new PublishSettings(
        settings.url(),
        settings.user(),
        settings.password(),
        schema,
        settings.biRole(),
        settings.biPassword(),
        settings.embeddedPort(),
        settings.lockTimeoutSeconds(),
        settings.listenAddress());
  }

  /** A published view's rows as sorted text, to compare two publishes. */
  private static String published(String schema, String table) throws SQLException {
    return firstValue(
        "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM "
            + schema
            + "."
            + PostgresPublisher.VIEW_VERSION
            + table
            + " AS t");
  }

  /** The first column of a query's first row, as text, run as the database owner. */
  private static String firstValue(String sql) throws SQLException {
    try (Connection admin = asAdmin();
        Statement s = admin.createStatement()) {
      ResultSet rs = s.executeQuery(sql);
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void everyValueArrivesAsTheWarehouseHoldsIt() throws SQLException {
    Warehouse odd = new Warehouse(spark(), Location.of(work.resolve("odd")));
    odd.overwrite(
        "gold",
        "odd_values",
        sql(
            """
            SELECT * FROM VALUES
              (1, 'say "hi", then\nleave', ' padded ', '', CAST(-12.34 AS DECIMAL(18, 2)),
               0.1D, 1.0E-7D, 9007199254740993L, true, DATE'2026-02-28',
               TIMESTAMP'2026-03-29 01:30:00.123456'),
              (2, NULL, 'naïve € ✓', 'x' || chr(92) || 'y', NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            AS t(id, quoted, spaced, empty_or_escaped, amount, share, tiny, big, flag, day, at)
            """));
    PublishSettings oddSchema = inSchema("odd");
    odd.registerAll();
    assertThat(new PostgresPublisher(oddSchema).publish(odd, List.of("odd_values")))
        .containsEntry("odd_values", 2L);

    try (Connection admin = asAdmin();
        Statement s = admin.createStatement()) {
      ResultSet types =
          s.executeQuery(
              "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)"
                  + " FROM information_schema.columns WHERE table_schema = 'odd'"
                  + " AND table_name = 'odd_values'");
      types.next();
      assertThat(types.getString(1))
          .isEqualTo(
              "id integer, quoted text, spaced text, empty_or_escaped text, amount numeric,"
                  + " share double precision, tiny double precision, big bigint, flag boolean,"
                  + " day date, at timestamp with time zone");
      ResultSet rs = s.executeQuery("SELECT * FROM odd.v1_odd_values ORDER BY id");
      rs.next();
      assertThat(rs.getString("quoted")).isEqualTo("say \"hi\", then\nleave");
      assertThat(rs.getString("spaced")).isEqualTo(" padded ");
      assertThat(rs.getString("empty_or_escaped")).isEmpty();
      assertThat(rs.getBigDecimal("amount")).isEqualByComparingTo("-12.34");
      assertThat(rs.getDouble("share")).isEqualTo(0.1);
      assertThat(rs.getDouble("tiny")).isEqualTo(1.0e-7);
      assertThat(rs.getLong("big")).isEqualTo(9007199254740993L);
      assertThat(rs.getBoolean("flag")).isTrue();
      assertThat(rs.getString("day")).isEqualTo("2026-02-28");
      assertThat(rs.getObject("at", OffsetDateTime.class).toInstant())
          .isEqualTo(Instant.parse("2026-03-29T01:30:00.123456Z"));
      rs.next();
      assertThat(rs.getString("quoted")).isNull();
      assertThat(rs.getString("spaced")).isEqualTo("naïve € ✓");
      assertThat(rs.getString("empty_or_escaped")).isEqualTo("x\\y");
      for (String column : List.of("amount", "share", "tiny", "big", "flag", "day", "at")) {
        assertThat(rs.getObject(column)).as(column).isNull();
      }
    }
  }

  @Test
  void aReaderNeverSeesAMissingTableAnEmptyTableOrAMixOfTwoPublishes() throws Exception {
    publish(early);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> anomalies = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (Connection bi = asBi()) {
                bi.setAutoCommit(false);
                bi.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                while (running.get()) {
                  try (Statement s = bi.createStatement()) {
                    ResultSet rs =
                        s.executeQuery(
                            "SELECT (SELECT count(*) FROM tandem.v1_kpi_funnel_flow_quarterly),"
                                + " (SELECT count(*) FROM tandem.v1_kpi_pipeline_quarterly),"
                                + " (SELECT string_agg(DISTINCT as_of_date::text, ',') FROM tandem.v1_kpi_funnel_flow_quarterly),"
                                + " (SELECT string_agg(DISTINCT as_of_date::text, ',') FROM tandem.v1_kpi_pipeline_quarterly)");
                    rs.next();
                    if (rs.getLong(1) == 0 || rs.getLong(2) == 0) {
                      anomalies.add("empty table");
                    } else if (!rs.getString(3).equals(rs.getString(4))
                        || rs.getString(3).contains(",")) {
                      anomalies.add(
                          "mixed publishes: " + rs.getString(3) + " / " + rs.getString(4));
                    }
                    bi.commit();
                    reads.incrementAndGet();
                  } catch (SQLException e) {
                    anomalies.add(e.getMessage());
                    bi.rollback();
                  }
                }
              } catch (SQLException e) {
                anomalies.add("reader could not connect: " + e.getMessage());
              }
            });
    reader.start();
    for (int i = 0; i < 2; i++) {
      publish(late);
      publish(early);
    }
    running.set(false);
    reader.join();

    assertThat(anomalies).isEmpty();
    assertThat(reads.get()).isGreaterThan(20);
  }
}
