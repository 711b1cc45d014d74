package io.tandem.pipeline;

/** One step of the nightly pipeline; the job configuration wraps each in a restartable step. */
public interface PipelineStep {
  String name();

  StepOutcome execute(RunContext run);
}
