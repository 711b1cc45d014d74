package io.tandem.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tandem.catalogue.Catalogue;
import io.tandem.config.TandemSettings;
import io.tandem.errors.TandemErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Writes {@code <var>/runs/<run-id>/report.json} when a run ends, successful or not: parameters,
 * status, and per step its status, rows in and out, seconds, tables written and notes.
 */
@Component
public class RunReportWriter implements JobExecutionListener {
  /** Where the job's tasklet keeps a step's outcome, as JSON, in the step's execution context. */
  public static final String OUTCOME_KEY = "tandem.outcome";

  private static final Logger log = LoggerFactory.getLogger(RunReportWriter.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

  private final TandemSettings settings;

  public RunReportWriter(TandemSettings settings) {
    this.settings = settings;
  }

  @Override
  public void afterJob(JobExecution execution) {
    Path file = JobParameterNames.runDir(execution).resolve("report.json");
    try {
      Files.createDirectories(file.getParent());
      JSON.writeValue(file.toFile(), report(execution));
      writeStackTraces(execution, file.resolveSibling("errors.txt"));
    } catch (IOException e) {
      throw TandemErrors.cannotWrite(file, e);
    }
    writeCatalogue(file.getParent().getParent());
  }

  /**
   * The data catalogue beside the reports, with this run's row counts. A page that cannot be
   * written is logged: the run's tables and report stand.
   */
  private void writeCatalogue(Path runs) {
    Path page = runs.resolveSibling("reports").resolve(Catalogue.FILE);
    try {
      new Catalogue(settings).write(page, runs);
    } catch (RuntimeException e) {
      log.warn("Cannot write the data catalogue {}: {}", page, TandemErrors.userMessage(e));
    }
  }

  /** Full stack traces of a failed run, for whoever debugs it; the report keeps the message. */
  private static void writeStackTraces(JobExecution execution, Path file) throws IOException {
    List<Throwable> failures = execution.getAllFailureExceptions();
    if (failures.isEmpty()) {
      return;
    }
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      failures.forEach(f -> f.printStackTrace(out));
    }
    Files.writeString(file, text.toString());
  }

  public static Path reportFile(JobExecution execution) {
    return JobParameterNames.runDir(execution).resolve("report.json");
  }

  /** The report's fields: what {@code report.json} holds. */
  public static Map<String, Object> report(JobExecution execution) {
    try {
      return fields(execution);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Object> fields(JobExecution execution) throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    var p = execution.getJobParameters();
    report.put("run_id", JobParameterNames.runId(execution));
    report.put("job", execution.getJobInstance().getJobName());
    report.put("job_execution_id", execution.getId());
    report.put("business_date", String.valueOf(p.getLocalDate(JobParameterNames.BUSINESS_DATE)));
    report.put("from_date", String.valueOf(p.getLocalDate(JobParameterNames.FROM_DATE)));
    report.put("rerun", p.getLong(JobParameterNames.RERUN));
    report.put("landing", p.getString(JobParameterNames.LANDING));
    report.put("warehouse", p.getString(JobParameterNames.WAREHOUSE));
    report.put("status", execution.getStatus().toString());
    report.put("started_at", String.valueOf(execution.getStartTime()));
    LocalDateTime end =
        execution.getEndTime() != null
            ? execution.getEndTime()
            : LocalDateTime.now(ZoneId.systemDefault()); // Spring Batch's zone
    report.put("seconds", seconds(execution.getStartTime(), end));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (StepExecution step : execution.getStepExecutions()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("step", step.getStepName());
      entry.put("status", step.getStatus().toString());
      entry.putAll(outcome(step));
      if (!step.getFailureExceptions().isEmpty()) {
        entry.put("error", TandemErrors.userMessage(step.getFailureExceptions().get(0)));
      }
      steps.add(entry);
    }
    report.put("steps", steps);
    return report;
  }

  /**
   * What a step's tasklet recorded: rows in and out, seconds, work, {@code tables} (rows per table
   * written), details and notes; empty before the step has finished.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> outcome(StepExecution step) {
    String outcome = step.getExecutionContext().getString(OUTCOME_KEY, null);
    try {
      return outcome == null ? Map.of() : JSON.readValue(outcome, Map.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double seconds(LocalDateTime start, LocalDateTime end) {
    if (start == null) {
      return 0;
    }
    return Duration.between(start, end).toMillis() / 1000.0;
  }
}
