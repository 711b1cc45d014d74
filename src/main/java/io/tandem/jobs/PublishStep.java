package io.tandem.jobs;

/** gold → PostgreSQL and the scorecard page. Not built yet; the step says so. */
final class PublishStep implements PipelineStep {
  @Override
  public String name() {
    return "publish";
  }

  @Override
  public StepOutcome execute(RunContext run) {
    return StepOutcome.noWork(
        "no publish target is built yet; BI reads gold tables from the warehouse (bin/tandem sql)");
  }
}
