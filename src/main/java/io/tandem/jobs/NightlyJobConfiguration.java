package io.tandem.jobs;

import io.tandem.checks.QualityGateStep;
import io.tandem.config.TandemSettings;
import io.tandem.identity.IdentityStep;
import io.tandem.ingest.IngestStep;
import io.tandem.kpi.KpiStep;
import io.tandem.lineage.OpenLineageEmitter;
import io.tandem.model.LayerStep;
import io.tandem.notify.RunNotifier;
import io.tandem.pipeline.PipelineStep;
import io.tandem.privacy.PurgeStep;
import io.tandem.publish.PublishStep;
import io.tandem.runs.RunReportWriter;
import io.tandem.spark.SparkWork;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The nightly job: landing → bronze → silver → journey → gold → checks → publish → purge, one
 * restartable step each, in the order they run. Identifying parameters: businessDate, fromDate,
 * warehouse and a rerun counter (see {@link NightlyLauncher}).
 */
@Configuration
public class NightlyJobConfiguration {
  public static final String JOB_NAME = "nightly";

  private final JobRepository jobRepository;
  private final Clock clock;
  private final OpenLineageEmitter lineage;

  public NightlyJobConfiguration(
      JobRepository jobRepository, Clock clock, OpenLineageEmitter lineage) {
    this.jobRepository = jobRepository;
    this.clock = clock;
    this.lineage = lineage;
  }

  @Bean
  public Job nightly(
      IngestStep ingest,
      IdentityStep identity,
      KpiStep kpis,
      PublishStep publish,
      PurgeStep purge,
      @Lazy SparkSession spark,
      TandemSettings settings,
      RunReportWriter reportWriter,
      RunNotifier notifier) {
    return new JobBuilder(JOB_NAME, jobRepository)
        .listener(lineage)
        .listener(reportWriter)
        .listener(notifier)
        .start(step(ingest, spark))
        .next(step(new LayerStep("conform", "silver", spark, settings), spark))
        .next(step(identity, spark))
        .next(step(new LayerStep("journey", "journey", spark, settings), spark))
        .next(step(kpis, spark))
        .next(step(new QualityGateStep(spark, settings), spark))
        .next(step(publish, spark))
        .next(step(purge, spark))
        .build();
  }

  private Step step(PipelineStep pipelineStep, SparkSession spark) {
    // Spark writes are not JDBC work: holding a repository transaction open for them buys nothing.
    return new StepBuilder(pipelineStep.name(), jobRepository)
        .tasklet(
            new PipelineTasklet(pipelineStep, clock, () -> SparkWork.of(spark)),
            new ResourcelessTransactionManager())
        .listener(lineage)
        .build();
  }
}
