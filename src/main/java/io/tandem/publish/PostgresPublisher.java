package io.tandem.publish;

import io.tandem.jobs.HaltPoints;
import io.tandem.spark.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gold tables to a PostgreSQL schema for BI tools. Spark loads every table into a
 * fresh staging schema; one transaction then swaps the staging schema in for the published one, so
 * a dashboard sees either yesterday's tables or today's, never a half-published or empty state. BI
 * tools read versioned views ({@code <schema>.v1_<table>}) through a read-only role that can reach
 * nothing else.
 */
public final class PostgresPublisher {
  private static final Logger log = LoggerFactory.getLogger(PostgresPublisher.class);
  public static final String VIEW_VERSION = "v1_";

  private final PublishSettings settings;

  public PostgresPublisher(PublishSettings settings) {
    this.settings = settings;
  }

  /** Publishes the tables and returns the rows published per table. */
  public Map<String, Long> publish(Warehouse warehouse, List<String> tables) {
    String schema = settings.schema();
    String staging = schema + "_staging";
    Map<String, Long> published = new LinkedHashMap<>();
    try (Connection c = connect()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + staging + " CASCADE");
        s.execute("CREATE SCHEMA " + staging);
      }
      for (String table : tables) {
        var data = warehouse.read("gold", table);
        data.write()
            .mode(SaveMode.Overwrite)
            .option("truncate", "false")
            .jdbc(settings.url(), staging + "." + table, properties());
        published.put(table, data.count());
      }
      createBiRole(c);
      HaltPoints.reached("publish");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
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
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
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
      throw new IllegalStateException(
          "Cannot publish to PostgreSQL at " + settings.url() + ": " + e.getMessage(), e);
    }
    log.info("  published {} tables to schema {}", tables.size(), schema);
    return published;
  }

  /** The read-only role BI tools log in with; it sees the published views and nothing else. */
  private void createBiRole(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + settings.biRole()
              + "') THEN CREATE ROLE "
              + settings.biRole()
              + " LOGIN PASSWORD '"
              + settings.biPassword().replace("'", "''")
              + "' NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
      // PostgreSQL before 15 lets every role create tables in the public schema.
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
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
