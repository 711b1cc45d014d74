package io.tandem.jobs;

import io.tandem.config.ConfValidation;
import io.tandem.config.PrivateFolders;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.errors.TandemErrors;
import io.tandem.ingest.LandingScanner;
import io.tandem.pipeline.WarehouseRuns;
import io.tandem.runs.JobParameterNames;
import io.tandem.runs.RunReportWriter;
import io.tandem.spark.EmailKeys;
import io.tandem.spark.SparkSessionFactory;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

/**
 * Launches the nightly job with the execution semantics of docs/architecture.md: a failed or
 * stopped run of the same dates and warehouse is restarted at its failed step; a completed one is
 * run again as a new instance with the next rerun number.
 */
@Service
public class NightlyLauncher implements WarehouseRuns {
  private static final Logger log = LoggerFactory.getLogger("io.tandem.progress");

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final Job nightly;
  private final TandemSettings settings;
  private Storage storage;

  public NightlyLauncher(
      JobOperator jobOperator, JobRepository jobRepository, Job nightly, TandemSettings settings) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.nightly = nightly;
    this.settings = settings;
  }

  /** The landing's and warehouse's storage, configured from conf/spark without starting Spark. */
  private Storage storage() {
    if (storage == null) {
      storage = new Storage(SparkSessionFactory.hadoopConfiguration(settings.confPath()));
    }
    return storage;
  }

  /**
   * Runs the job as of {@code businessDate}, rebuilding history from {@code fromDate} (and whole
   * when {@code fullRebuild}), holding the warehouse's lock: a second run against the same
   * warehouse is refused.
   */
  public JobExecution run(
      LocalDate fromDate,
      LocalDate businessDate,
      Location landing,
      Location warehouse,
      boolean fullRebuild)
      throws Exception {
    EmailKeys.requireKeyFor(storage(), landing, warehouse);
    return exclusively(
        warehouse,
        "nightly " + fromDate + ".." + businessDate,
        () -> runLocked(fromDate, businessDate, landing, warehouse, fullRebuild));
  }

  /**
   * Does {@code work} holding the warehouse's lock: one writer per warehouse, and one warehouse per
   * var folder ({@link VarFolder}).
   */
  @Override
  public <T> T exclusively(Location warehouse, String what, Callable<T> work) throws Exception {
    VarFolder.bind(settings.varPath(), warehouse);
    PrivateFolders.secureWarehouse(warehouse);
    try (RunLock lock = RunLock.acquire(storage(), warehouse, what)) {
      EmailKeys.checkWarehouse(storage(), warehouse, EmailKeys.configuredKey());
      if (!lock.previousHolder().isEmpty()) {
        // A run that ends clears the lock file; text left in it is from a run that died.
        log.info(
            "Took over the lock of a run that is no longer running ({}).", lock.previousHolder());
      }
      return work.call();
    }
  }

  /**
   * Runs the warehouse's latest completed run again (same dates, same landing folder), so every
   * layer is rebuilt from bronze and republished.
   */
  @Override
  public Optional<String> rebuildLatestLocked(Location warehouse) throws Exception {
    Optional<JobParameters> latest =
        jobRepository.findJobInstances(NightlyJobConfiguration.JOB_NAME).stream()
            .flatMap(instance -> jobRepository.getJobExecutions(instance).stream())
            .filter(e -> e.getStatus() == BatchStatus.COMPLETED)
            .map(JobExecution::getJobParameters)
            .filter(p -> warehouse.toString().equals(p.getString(JobParameterNames.WAREHOUSE)))
            .max(
                Comparator.comparing(
                        (JobParameters p) -> p.getLocalDate(JobParameterNames.BUSINESS_DATE))
                    .thenComparing(p -> p.getLong(JobParameterNames.RERUN)));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    JobParameters p = latest.get();
    JobExecution rebuilt =
        runLocked(
            p.getLocalDate(JobParameterNames.FROM_DATE),
            p.getLocalDate(JobParameterNames.BUSINESS_DATE),
            Location.of(p.getString(JobParameterNames.LANDING)),
            warehouse,
            true);
    return Optional.of(JobParameterNames.runId(rebuilt));
  }

  /**
   * Restarts a failed run of the same dates at its failed step, or starts a new one; {@code
   * fullRebuild} always starts a new one, rebuilding every table whole (an erasure must not resume
   * a failed run whose silver and gold still hold the person).
   */
  private JobExecution runLocked(
      LocalDate fromDate,
      LocalDate businessDate,
      Location landing,
      Location warehouse,
      boolean fullRebuild)
      throws Exception {
    ConfValidation.check(settings.confPath(), settings.schemasPath(), settings.sqlPath());
    List<SourceContract> contracts = SourceContract.loadAll(settings.schemasPath());
    if (!new LandingScanner(storage(), landing).hasAnyFile(contracts, businessDate)) {
      throw TandemErrors.noLandingFiles(landing, businessDate.toString());
    }
    Optional<JobExecution> previous = lastExecution(fromDate, businessDate, warehouse);
    JobExecution execution;
    if (previous.isPresent() && previous.get().getStatus().isRunning()) {
      // This process holds the warehouse lock, so no live run owns that execution.
      log.info(
          "Execution {} of {} was left {} by a process that died; marking it FAILED.",
          previous.get().getId(),
          businessDate,
          previous.get().getStatus());
      markFailed(previous.get());
    }
    if (!fullRebuild
        && previous.isPresent()
        && previous.get().getStatus() != BatchStatus.COMPLETED) {
      JobExecution failed = previous.get();
      log.info("Restarting execution {} of {} at its failed step.", failed.getId(), businessDate);
      execution = jobOperator.restart(failed);
    } else {
      long rerun =
          previous.map(e -> e.getJobParameters().getLong(JobParameterNames.RERUN) + 1).orElse(0L);
      JobParameters parameters =
          new JobParametersBuilder()
              .addLocalDate(JobParameterNames.BUSINESS_DATE, businessDate, true)
              .addLocalDate(JobParameterNames.FROM_DATE, fromDate, true)
              .addString(JobParameterNames.WAREHOUSE, warehouse.toString(), true)
              .addLong(JobParameterNames.RERUN, rerun, true)
              .addString(JobParameterNames.LANDING, landing.toString(), false)
              .addString(JobParameterNames.VAR_DIR, settings.varPath().toString(), false)
              .addString(JobParameterNames.FULL_REBUILD, String.valueOf(fullRebuild), false)
              .toJobParameters();
      execution = jobOperator.start(nightly, parameters);
    }
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      StepExecution failedStep =
          execution.getStepExecutions().stream()
              .filter(s -> s.getStatus() != BatchStatus.COMPLETED)
              .findFirst()
              .orElse(null);
      String reason =
          execution.getAllFailureExceptions().stream()
              .findFirst()
              .map(TandemErrors::userMessage)
              .orElse(execution.getExitStatus().getExitDescription());
      throw TandemErrors.jobFailed(
          JobParameterNames.runId(execution),
          failedStep == null ? "?" : failedStep.getStepName(),
          reason,
          RunReportWriter.reportFile(execution));
    }
    return execution;
  }

  private Optional<JobExecution> lastExecution(
      LocalDate fromDate, LocalDate businessDate, Location warehouse) {
    return jobRepository.findJobInstances(NightlyJobConfiguration.JOB_NAME).stream()
        .sorted(Comparator.comparingLong(JobInstance::getInstanceId).reversed())
        .map(jobRepository::getLastJobExecution)
        .filter(Objects::nonNull)
        .filter(e -> sameRun(e.getJobParameters(), fromDate, businessDate, warehouse))
        .findFirst();
  }

  private static boolean sameRun(
      JobParameters p, LocalDate fromDate, LocalDate businessDate, Location warehouse) {
    return businessDate.equals(p.getLocalDate(JobParameterNames.BUSINESS_DATE))
        && fromDate.equals(p.getLocalDate(JobParameterNames.FROM_DATE))
        && warehouse.toString().equals(p.getString(JobParameterNames.WAREHOUSE));
  }

  private void markFailed(JobExecution execution) {
    // in the zone Spring Batch stamps its executions in
    LocalDateTime now = LocalDateTime.now(ZoneId.systemDefault());
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStatus().isRunning()) {
        step.setStatus(BatchStatus.FAILED);
        step.setEndTime(now);
        jobRepository.update(step);
      }
    }
    execution.setStatus(BatchStatus.FAILED);
    execution.setEndTime(now);
    jobRepository.update(execution);
  }
}
