/**
 * The job's wiring only: the Spring Batch job configuration, the launcher (which implements {@link
 * io.tandem.pipeline.WarehouseRuns}), the warehouse lock and the var folder.
 */
package io.tandem.jobs;
