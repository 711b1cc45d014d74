package io.tandem.cli;

import io.tandem.jobs.JobRepositoryLocation;
import io.tandem.jobs.NightlyJobConfiguration;
import io.tandem.runs.JobParameterNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem runs}: the job executions, newest first, read with one query from Spring Batch's
 * tables; against the embedded job repository without starting Spring at all.
 */
@Component
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List job executions from the job repository, newest first.")
public class RunsCommand implements Callable<Integer> {
  private static final String EXECUTIONS =
      """
      SELECT e.JOB_EXECUTION_ID, e.STATUS, e.START_TIME, e.END_TIME,
        MAX(CASE WHEN p.PARAMETER_NAME = 'fromDate' THEN p.PARAMETER_VALUE END),
        MAX(CASE WHEN p.PARAMETER_NAME = 'businessDate' THEN p.PARAMETER_VALUE END),
        MAX(CASE WHEN p.PARAMETER_NAME = 'rerun' THEN p.PARAMETER_VALUE END),
        MAX(CASE WHEN p.PARAMETER_NAME = 'warehouse' THEN p.PARAMETER_VALUE END)
      FROM BATCH_JOB_EXECUTION e
      LEFT JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
      WHERE e.JOB_INSTANCE_ID IN (
        SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = ?
        ORDER BY JOB_INSTANCE_ID DESC LIMIT ?)
      GROUP BY e.JOB_INSTANCE_ID, e.JOB_EXECUTION_ID, e.STATUS, e.START_TIME, e.END_TIME
      ORDER BY e.JOB_INSTANCE_ID DESC, e.JOB_EXECUTION_ID DESC
      """;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many job instances to list (default ${DEFAULT-VALUE}).")
  int limit;

  private final DataSource dataSource;

  public RunsCommand(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Integer call() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      print(c);
    }
    return 0;
  }

  /** The listing from the embedded job repository of {@code varDir}, with no Spring context. */
  int callEmbedded(Path varDir) throws SQLException {
    if (!JobRepositoryLocation.embeddedExists(varDir)) {
      System.out.println("No runs yet: no job repository in " + varDir);
      return 0;
    }
    try (Connection c =
        DriverManager.getConnection(JobRepositoryLocation.embeddedUrl(varDir), "sa", "")) {
      print(c);
    }
    return 0;
  }

  private void print(Connection c) throws SQLException {
    String format = "%-22s %-10s %-11s %-11s %5s %-19s %9s  %s%n";
    System.out.printf(
        format, "run id", "status", "from", "as of", "rerun", "started", "seconds", "warehouse");
    try (PreparedStatement query = c.prepareStatement(EXECUTIONS)) {
      query.setString(1, NightlyJobConfiguration.JOB_NAME);
      query.setInt(2, limit);
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          Timestamp started = r.getTimestamp(3);
          Timestamp ended = r.getTimestamp(4);
          String seconds =
              started == null || ended == null
                  ? "-"
                  : String.format(
                      "%.1f",
                      Duration.between(started.toInstant(), ended.toInstant()).toMillis() / 1000.0);
          System.out.printf(
              format,
              JobParameterNames.runId(r.getString(6), r.getLong(1)),
              r.getString(2),
              r.getString(5),
              r.getString(6),
              r.getString(7),
              started == null
                  ? "-"
                  : started.toLocalDateTime().withNano(0).toString().replace('T', ' '),
              seconds,
              r.getString(8));
        }
      }
    }
  }
}
