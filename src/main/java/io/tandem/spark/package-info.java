/**
 * Spark and Delta: the session and its settings, the warehouse of Delta tables ({@link
 * io.tandem.spark.Warehouse}), the SQL functions every model may call, and the count of Spark jobs
 * and Delta commits per step.
 */
package io.tandem.spark;
