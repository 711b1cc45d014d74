package io.tandem.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.pipeline.PipelineStep;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.StepOutcome;
import io.tandem.runs.JobParameterNames;
import io.tandem.runs.RunReportWriter;
import io.tandem.spark.SparkWork;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Runs one {@link PipelineStep} as a Spring Batch tasklet: prints it with rows and seconds, and
 * keeps its outcome in the step's execution context for the run report.
 */
final class PipelineTasklet implements Tasklet {
  private static final Logger log = LoggerFactory.getLogger("io.tandem.progress");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PipelineStep step;
  private final Clock clock;
  private final Supplier<SparkWork> work;

  PipelineTasklet(PipelineStep step, Clock clock, Supplier<SparkWork> work) {
    this.step = step;
    this.clock = clock;
    this.work = work;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws Exception {
    StepExecution stepExecution = contribution.getStepExecution();
    RunContext run = JobParameterNames.runContext(stepExecution.getJobExecution(), clock);
    log.info("▶ {} (run {}, as of {})", step.name(), run.runId(), run.businessDate());
    long started = System.nanoTime();
    SparkWork.Tally before = work.get().total();
    StepOutcome outcome = step.execute(run);
    SparkWork.Tally done = work.get().total().since(before);
    double seconds = (System.nanoTime() - started) / 1e9;
    contribution.incrementWriteCount(outcome.rowsOut());
    stepExecution
        .getExecutionContext()
        .putString(
            RunReportWriter.OUTCOME_KEY,
            JSON.writeValueAsString(
                Map.of(
                    "rows_in",
                    outcome.rowsIn(),
                    "rows_out",
                    outcome.rowsOut(),
                    "seconds",
                    Math.round(seconds * 10) / 10.0,
                    "work",
                    done.asMap(),
                    "tables",
                    outcome.tables(),
                    "details",
                    outcome.details(),
                    "notes",
                    outcome.notes())));
    outcome.notes().forEach(note -> log.info("  note: {}", note));
    log.info(
        "✔ {}: rows in {}, rows out {}, {} s; {}",
        step.name(),
        outcome.rowsIn(),
        outcome.rowsOut(),
        String.format("%.1f", seconds),
        done);
    return RepeatStatus.FINISHED;
  }
}
