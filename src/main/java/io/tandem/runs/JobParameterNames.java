package io.tandem.runs;

import io.tandem.pipeline.RunContext;
import io.tandem.storage.Location;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/** The nightly job's parameters, and how a step turns them into its {@link RunContext}. */
public final class JobParameterNames {
  public static final String BUSINESS_DATE = "businessDate";
  public static final String FROM_DATE = "fromDate";
  public static final String WAREHOUSE = "warehouse";
  public static final String RERUN = "rerun";
  public static final String LANDING = "landing";
  public static final String VAR_DIR = "varDir";

  /** "true" when the run rebuilds every table whole (not identifying: a restart keeps it). */
  public static final String FULL_REBUILD = "fullRebuild";

  private JobParameterNames() {}

  public static RunContext runContext(JobExecution execution, Clock clock) {
    JobParameters p = execution.getJobParameters();
    String runId = runId(execution);
    return new RunContext(
        runId,
        p.getLocalDate(BUSINESS_DATE),
        p.getLocalDate(FROM_DATE),
        Location.of(p.getString(LANDING)),
        Location.of(p.getString(WAREHOUSE)),
        runDir(execution),
        clock,
        Boolean.parseBoolean(p.getString(FULL_REBUILD, "false")));
  }

  /** A run id people can read: the business date and the job execution number. */
  public static String runId(JobExecution execution) {
    return runId(
        String.valueOf(execution.getJobParameters().getLocalDate(BUSINESS_DATE)),
        execution.getId());
  }

  public static String runId(String businessDate, long executionId) {
    return businessDate + "-e" + executionId;
  }

  public static Path runDir(JobExecution execution) {
    return Path.of(execution.getJobParameters().getString(VAR_DIR))
        .resolve("runs")
        .resolve(runId(execution));
  }
}
