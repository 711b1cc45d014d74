package io.tandem.publish;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;

import io.tandem.config.DefinitionsVersion;
import io.tandem.contracts.TableContract;
import io.tandem.model.BuildState;
import io.tandem.pipeline.HaltPoints;
import io.tandem.spark.SideBySide;
import io.tandem.spark.Warehouse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Publishes the gold tables to a PostgreSQL schema for BI tools. Every table is loaded by COPY into
 * a fresh staging schema; one transaction then swaps the staging schema in for the published one,
 * so a dashboard sees either yesterday's tables or today's, never a half-published or empty state.
 * BI tools read versioned views ({@code <schema>.v1_<table>}) through a read-only role that can
 * reach nothing else.
 */
public final class PostgresPublisher {
  private static final Logger log = LoggerFactory.getLogger(PostgresPublisher.class);
  public static final String VIEW_VERSION = "v1_";
  static final String VERSIONS = "tandem_published_versions";
  private static final int LOCK_ATTEMPT_MS = 200;
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  /**
   * CSV as PostgreSQL's COPY reads it: a quote inside a value doubled, null an empty field, an
   * empty string a quoted one, spaces kept.
   */
  private static final Map<String, String> COPY_CSV =
      Map.of(
          "escape", "\"",
          "ignoreLeadingWhiteSpace", "false",
          "ignoreTrailingWhiteSpace", "false",
          "timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

  private final PublishSettings settings;
  private final Map<String, TableContract> contracts;

  public PostgresPublisher(PublishSettings settings) {
    this(settings, Map.of());
  }

  /**
   * A publisher that also describes each table, its view and their columns ({@code COMMENT ON}) in
   * the words of its contract, so BI tools show readers what a table and a column mean.
   */
  public PostgresPublisher(PublishSettings settings, Map<String, TableContract> contracts) {
    this.settings = settings;
    this.contracts = contracts;
  }

  /** Publishes the tables and returns the rows published per table. */
  public Map<String, Long> publish(Warehouse warehouse, List<String> tables) {
    return publish(warehouse, tables, Set.of(), Map.of());
  }

  /**
   * Publishes {@code tables} from gold, except the {@code held} ones, which keep their last
   * published version (copied inside PostgreSQL into the new schema; a held table never published
   * before stays unpublished), and beside them {@code runTables}, the tables about the run itself.
   * A table whose warehouse version is the one published last is copied inside PostgreSQL too,
   * without reading the warehouse. Returns the rows published per table.
   */
  public Map<String, Long> publish(
      Warehouse warehouse,
      List<String> tables,
      Set<String> held,
      Map<String, Dataset<Row>> runTables) {
    String schema = settings.schema();
    String staging = schema + "_staging";
    Map<String, Long> published = new LinkedHashMap<>();
    try (Connection c = connect()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + staging + " CASCADE");
        s.execute("CREATE SCHEMA " + staging);
      }
      Set<String> previous = publishedTables(c, schema);
      Map<String, String> previousVersions =
          previous.contains(VERSIONS) ? publishedVersions(c, schema) : Map.of();
      Map<String, String> versions = new TreeMap<>();
      Map<String, Supplier<Dataset<Row>>> toCopy = new LinkedHashMap<>();
      int unchanged = 0;
      for (String table : tables) {
        String version = held.contains(table) ? null : version(warehouse, table);
        boolean kept =
            previous.contains(table)
                && (held.contains(table) || version.equals(previousVersions.get(table)));
        if (kept) {
          published.put(table, keep(c, schema + "." + table, staging + "." + table));
          version = previousVersions.get(table);
          unchanged++;
        } else if (!held.contains(table)) {
          published.put(table, 0L); // its place in the order; the copy below gives its rows
          toCopy.put(table, () -> warehouse.read("gold", table));
        }
        if (version != null) {
          versions.put(table, version);
        }
      }
      recordVersions(c, staging, versions);
      log.info("  {} of {} gold tables unchanged since the last publish", unchanged, tables.size());
      runTables.forEach(
          (table, rows) -> {
            published.put(table, 0L);
            toCopy.put(table, () -> rows);
          });
      published.putAll(copyAll(staging, toCopy));
      for (String table : published.keySet()) {
        describe(c, staging + "." + table, table);
      }
      createBiRole(c);
      HaltPoints.reached("publish");
      swapIn(c, staging, List.copyOf(published.keySet()));
      // Readers still inside yesterday's tables keep them until they finish; dropping them waits
      // for that, outside the swap. A drop that times out is retried by the next publish.
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("SET lock_timeout = '" + settings.lockTimeoutSeconds() + "s'");
        s.execute("DROP SCHEMA IF EXISTS " + schema + "_previous CASCADE");
      } catch (SQLException e) {
        log.warn("  yesterday's published tables are still in use; the next publish drops them");
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    log.info("  published {} tables to schema {}", published.size(), schema);
    return published;
  }

  private IllegalStateException failed(SQLException e) {
    return new IllegalStateException(
        "Cannot publish to PostgreSQL at " + settings.url() + ": " + e.getMessage(), e);
  }

  /**
   * Copies each of {@code tables} into the staging schema; returns the rows of each. Several copy
   * side by side, each on a connection of its own (the staging schema is committed, so every
   * connection sees it): one table's Spark job runs while another's rows stream into PostgreSQL.
   */
  private Map<String, Long> copyAll(String staging, Map<String, Supplier<Dataset<Row>>> tables)
      throws SQLException {
    BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(SideBySide.THREADS);
    Map<String, Long> rows = new ConcurrentHashMap<>();
    try {
      for (int i = 0; i < Math.min(SideBySide.THREADS, tables.size()); i++) {
        Connection c = connect();
        c.setAutoCommit(true);
        connections.add(c);
      }
      SideBySide.run(
          tables.entrySet().stream()
              .<Runnable>map(
                  table ->
                      () -> {
                        Connection c = connections.remove();
                        try {
                          rows.put(
                              table.getKey(),
                              copy(c, staging + "." + table.getKey(), table.getValue().get()));
                        } catch (SQLException e) {
                          throw failed(e);
                        } finally {
                          connections.add(c);
                        }
                      })
              .toList());
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
    return rows;
  }

  /**
   * In one transaction: creates the staging schema's views, renames the published schema away and
   * the staging schema in, and grants the BI role its views. It first locks the published views, so
   * a reader's statement that reads several of them sees one publish, never a mix: a reader already
   * in them finishes first, a reader that comes meanwhile waits and then reads the new ones. Each
   * attempt waits at most {@value #LOCK_ATTEMPT_MS} ms for the locks (less than PostgreSQL's
   * deadlock timeout, so a reader is never the one aborted) and is retried; when readers hold the
   * views longer than {@code lockTimeoutSeconds}, the swap goes ahead without the locks (a
   * statement reading several views at that moment may mix two publishes) and says so.
   */
  private void swapIn(Connection c, String staging, List<String> tables) throws SQLException {
    String schema = settings.schema();
    long deadline = System.nanoTime() + settings.lockTimeoutSeconds() * 1_000_000_000L;
    boolean lockReaders = true;
    c.setAutoCommit(false);
    while (true) {
      try (Statement s = c.createStatement()) {
        if (lockReaders) {
          s.execute("SET LOCAL lock_timeout = '" + LOCK_ATTEMPT_MS + "ms'");
          lockPublishedViews(c, s, schema);
        }
        s.execute("SET LOCAL lock_timeout = '" + settings.lockTimeoutSeconds() + "s'");
        for (String table : tables) {
          s.execute(
              "CREATE VIEW "
                  + staging
                  + "."
                  + VIEW_VERSION
                  + table
                  + " AS SELECT * FROM "
                  + staging
                  + "."
                  + table);
          describe(c, staging + "." + VIEW_VERSION + table, table);
        }
        s.execute("DROP SCHEMA IF EXISTS " + schema + "_previous CASCADE");
        s.execute(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '"
                + schema
                + "') THEN EXECUTE 'ALTER SCHEMA "
                + schema
                + " RENAME TO "
                + schema
                + "_previous'; END IF; END $$");
        s.execute("ALTER SCHEMA " + staging + " RENAME TO " + schema);
        s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + settings.biRole());
        for (String table : tables) {
          s.execute(
              "GRANT SELECT ON "
                  + schema
                  + "."
                  + VIEW_VERSION
                  + table
                  + " TO "
                  + settings.biRole());
        }
        c.commit();
        return;
      } catch (SQLException e) {
        c.rollback();
        if (!lockReaders || !LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          log.warn(
              "  readers held the published views for more than {} s; swapping without waiting"
                  + " for them (tandem.publish.lock-timeout-seconds)",
              settings.lockTimeoutSeconds());
          lockReaders = false;
        }
      }
    }
  }

  /** COMMENT ON a published table or view and its columns, from the table's contract. */
  private void describe(Connection c, String relation, String table) throws SQLException {
    TableContract contract = contracts.get(table);
    if (contract == null) {
      return;
    }
    Set<String> columns = new HashSet<>();
    try (ResultSet r =
        c.getMetaData()
            .getColumns(
                null,
                relation.substring(0, relation.indexOf('.')),
                relation.substring(relation.indexOf('.') + 1),
                null)) {
      while (r.next()) {
        columns.add(r.getString("COLUMN_NAME"));
      }
    }
    try (Statement s = c.createStatement()) {
      String kind = relation.contains("." + VIEW_VERSION) ? "VIEW" : "TABLE";
      // one round trip per table: inside the swap's transaction too
      s.addBatch("COMMENT ON " + kind + " " + relation + " IS " + literal(contract.description()));
      for (TableContract.Column column : contract.columns()) {
        if (columns.contains(column.name())) {
          s.addBatch(
              "COMMENT ON COLUMN "
                  + relation
                  + "."
                  + column.name()
                  + " IS "
                  + literal(column.description()));
        }
      }
      s.executeBatch();
    }
  }

  private static String literal(String text) {
    return text == null ? "NULL" : "'" + text.strip().replace("'", "''") + "'";
  }

  /**
   * What a published table was copied from: the gold table's Delta version, its contract and the
   * code that copied it. A table whose version is the one published last is copied inside
   * PostgreSQL instead of read from the warehouse again.
   */
  private String version(Warehouse warehouse, String table) {
    TableContract contract = contracts.get(table);
    return warehouse.versionId("gold", table)
        + " contract "
        + (contract == null
            ? "none"
            : DefinitionsVersion.sha256(contract.toString()).substring(0, 12))
        + " code "
        + BuildState.code();
  }

  private static Map<String, String> publishedVersions(Connection c, String schema)
      throws SQLException {
    Map<String, String> versions = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT table_name, copied_from FROM " + schema + "." + VERSIONS)) {
      while (rs.next()) {
        versions.put(rs.getString(1), rs.getString(2));
      }
    }
    return versions;
  }

  /** The versions the staged tables hold, in a table of the schema the BI role is not granted. */
  private static void recordVersions(Connection c, String staging, Map<String, String> versions)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + staging
              + "."
              + VERSIONS
              + " (table_name text PRIMARY KEY, copied_from text NOT NULL)");
    }
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + staging + "." + VERSIONS + " VALUES (?, ?)")) {
      for (Map.Entry<String, String> version : versions.entrySet()) {
        insert.setString(1, version.getKey());
        insert.setString(2, version.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Set<String> publishedTables(Connection c, String schema) throws SQLException {
    return new HashSet<>(
        namesInSchema(c, "SELECT tablename FROM pg_tables WHERE schemaname = ?", schema));
  }

  /** The first column of {@code query}, which takes the schema name as its one parameter. */
  private static List<String> namesInSchema(Connection c, String query, String schema)
      throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(query)) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  /** Copies a published table into the staging schema as it is; returns its rows. */
  private static long keep(Connection c, String published, String staged) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate("CREATE TABLE " + staged + " AS TABLE " + published);
    }
  }

  private static void lockPublishedViews(Connection c, Statement s, String schema)
      throws SQLException {
    List<String> views =
        namesInSchema(
            c,
            "SELECT format('%I.%I', schemaname, viewname) FROM pg_views WHERE schemaname = ?"
                + " ORDER BY viewname",
            schema);
    if (!views.isEmpty()) {
      s.execute("LOCK TABLE " + String.join(", ", views) + " IN ACCESS EXCLUSIVE MODE");
    }
  }

  /**
   * Creates {@code qualifiedTable} with the column types Spark's PostgreSQL dialect gives the
   * table's schema and loads its rows with one COPY: one Spark job per table, streamed partition by
   * partition, instead of batched INSERTs. Timestamps are written as UTC wall-clock time (the
   * warehouse's session time zone) whatever the JVM's zone. Returns the rows loaded.
   */
  private long copy(Connection c, String qualifiedTable, Dataset<Row> data) throws SQLException {
    String columns =
        JdbcUtils.schemaString(
            JdbcDialects.get(settings.url()), data.schema(), false, Option.empty());
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + qualifiedTable + " (" + columns + ")");
    }
    Iterator<String> lines =
        data.select(
                to_csv(
                    struct(
                        Arrays.stream(data.columns()).map(functions::col).toArray(Column[]::new)),
                    COPY_CSV))
            .as(Encoders.STRING())
            .toLocalIterator();
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + qualifiedTable + " FROM STDIN (FORMAT csv)");
    try {
      ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
      while (lines.hasNext()) {
        chunk.writeBytes((lines.next() + "\n").getBytes(StandardCharsets.UTF_8));
        if (chunk.size() >= 1 << 16 || !lines.hasNext()) {
          copy.writeToCopy(chunk.toByteArray(), 0, chunk.size());
          chunk.reset();
        }
      }
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /**
   * The read-only role BI tools log in with; it sees the published views and nothing else. Its
   * password is set on every publish (hashed here: the statement never carries it), so a rotated
   * one works after the next run.
   */
  private void createBiRole(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + settings.biRole()
              + "') THEN CREATE ROLE "
              + settings.biRole()
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
      // PostgreSQL before 15 lets every role create tables in the public schema.
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
    c.unwrap(PGConnection.class)
        .alterUserPassword(settings.biRole(), settings.biPassword().toCharArray(), "scram-sha-256");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(settings.url(), properties());
  }

  private Properties properties() {
    Properties p = new Properties();
    if (settings.user() != null) {
      p.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      p.setProperty("password", settings.password());
    }
    p.setProperty("driver", "org.postgresql.Driver");
    return p;
  }
}
