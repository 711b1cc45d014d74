package io.tandem.jobs;

/** silver → journey.int_identity_graph. Stitching is not built yet; the step says so. */
final class IdentityStep implements PipelineStep {
  @Override
  public String name() {
    return "identity";
  }

  @Override
  public StepOutcome execute(RunContext run) {
    return StepOutcome.noWork("identity stitching is not built yet; funnel KPIs count CRM leads");
  }
}
