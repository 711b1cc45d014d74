package io.tandem.identity;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gives each person an id that survives runs: a person keeps the id its identifiers had in the
 * previous snapshot; when identifiers of several earlier people now form one person, the smallest
 * earlier id survives and the others are recorded as merged into it. A person with no earlier
 * identifier gets an id derived from its smallest identifier.
 */
public final class StableIds {
  private StableIds() {}

  /**
   * Ids for {@code resolved} ({@code identifier}, {@code component}, …) given the last snapshot.
   */
  public static Dataset<Row> assign(Dataset<Row> resolved, Dataset<Row> previous) {
    Dataset<Row> earlier =
        resolved
            .join(
                previous.selectExpr("identifier", "person_id AS previous_person_id"), "identifier")
            .groupBy("component")
            .agg(
                org.apache.spark.sql.functions.min("previous_person_id").as("surviving_person_id"));
    return resolved
        .join(earlier, "component", "left")
        .withColumn(
            "person_id",
            org.apache.spark.sql.functions.coalesce(
                col("surviving_person_id"),
                org.apache.spark.sql.functions.expr(
                    "concat('P', substring(sha2(component, 256), 1, 16))")))
        .drop("surviving_person_id");
  }

  /**
   * Earlier people whose identifiers now belong to another person: {@code merged_person_id}, {@code
   * surviving_person_id}.
   */
  public static Dataset<Row> merges(Dataset<Row> assigned, Dataset<Row> previous) {
    return assigned
        .join(previous.selectExpr("identifier", "person_id AS merged_person_id"), "identifier")
        .filter(col("merged_person_id").notEqual(col("person_id")))
        .selectExpr("merged_person_id", "person_id AS surviving_person_id")
        .distinct();
  }
}
