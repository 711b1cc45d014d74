package io.tandem.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;

import java.sql.Date;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
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

  /**
   * What the history records for a date: the rows of {@code graph} that are new or differ from
   * {@code previous} in any column, and for each identifier of {@code previous} that is no longer
   * in the graph a row with only its identifier and type (no person). Applying a date's changes to
   * the graph as of the date before gives the date's graph, row for row.
   */
  public static Dataset<Row> changes(Dataset<Row> graph, Dataset<Row> previous) {
    Dataset<Row> now = graph.alias("now");
    Dataset<Row> before = previous.alias("before");
    Column same =
        Stream.of("identifier_type", "person_id", "is_shared", "is_known")
            .map(c -> col("now." + c).eqNullSafe(col("before." + c)))
            .reduce(Column::and)
            .orElseThrow();
    return now.join(before, col("now.identifier").equalTo(col("before.identifier")), "full_outer")
        .filter(not(same))
        .select(
            coalesce(col("now.identifier"), col("before.identifier")).as("identifier"),
            coalesce(col("now.identifier_type"), col("before.identifier_type"))
                .as("identifier_type"),
            col("now.person_id"),
            col("now.is_shared"),
            col("now.is_known"));
  }

  /**
   * The graph as of the latest date before {@code date}, from the {@link #changes} of each date in
   * {@code history}: each identifier's latest row before that date, unless that row records that it
   * left the graph.
   */
  public static Dataset<Row> graphBefore(Dataset<Row> history, Date date) {
    return history
        .filter(col("as_of_date").lt(date))
        .groupBy("identifier")
        .agg(
            expr("max_by(named_struct('identifier_type', identifier_type, 'person_id', person_id,"
                    + " 'is_shared', is_shared, 'is_known', is_known), as_of_date)")
                .as("latest"))
        .select("identifier", "latest.*")
        .filter(col("person_id").isNotNull());
  }
}
