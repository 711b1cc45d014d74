package io.tandem.jobs;

/** A step of the pipeline whose work is not built yet: it says so instead of pretending. */
final class NotBuiltStep implements PipelineStep {
  private final String name;
  private final String why;

  NotBuiltStep(String name, String why) {
    this.name = name;
    this.why = why;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StepOutcome execute(RunContext run) {
    return StepOutcome.noWork(why);
  }
}
