/**
 * The contract between the nightly job and its steps: {@link io.tandem.pipeline.PipelineStep},
 * {@link io.tandem.pipeline.RunContext}, {@link io.tandem.pipeline.StepOutcome}, {@link
 * io.tandem.pipeline.HaltPoints}, and {@link io.tandem.pipeline.WarehouseRuns} for commands outside
 * the job. Steps depend on this package, never on the job's wiring.
 */
package io.tandem.pipeline;
