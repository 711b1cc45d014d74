package io.tandem.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns identity evidence into people. CRM records and e-mail keys are strong identifiers: they
 * always merge. Browser identifiers (cookies, click ids, GA4 user ids) are weak: a browser — the
 * weak identifiers connected among themselves — joins a person only when it touches at most {@code
 * maxPeoplePerBrowser} strong groups; a shared office computer that touches more stays a person of
 * its own and merges nobody.
 */
public final class IdentityResolver {
  private IdentityResolver() {}

  static Column isStrong(Column identifier) {
    return identifier.startsWith("crm:").or(identifier.startsWith("email:"));
  }

  /**
   * The people an evidence graph resolves to.
   *
   * @param evidence {@code left_id}, {@code right_id}
   * @return {@code identifier}, {@code identifier_type}, {@code component}, {@code is_shared}
   */
  public static Dataset<Row> resolve(
      Dataset<Row> evidence, int maxPeoplePerBrowser, int maxRounds) {
    Dataset<Row> edges = evidence.select("left_id", "right_id").distinct().localCheckpoint();
    Column leftStrong = isStrong(col("left_id"));
    Column rightStrong = isStrong(col("right_id"));
    Dataset<Row> strongEdges = edges.filter(leftStrong.and(rightStrong));
    Dataset<Row> weakEdges = edges.filter(leftStrong.or(rightStrong).unary_$bang());
    Dataset<Row> crossEdges =
        edges
            .filter(leftStrong.notEqual(rightStrong))
            .selectExpr(
                "CASE WHEN left_id LIKE 'crm:%' OR left_id LIKE 'email:%' THEN right_id ELSE left_id END AS weak",
                "CASE WHEN left_id LIKE 'crm:%' OR left_id LIKE 'email:%' THEN left_id ELSE right_id END AS strong");

    Dataset<Row> strongGroups =
        ConnectedComponents.of(strongEdges.union(selfEdges(crossEdges.select("strong"))), maxRounds)
            .withColumnRenamed("component", "strong_group");
    Dataset<Row> browsers =
        ConnectedComponents.of(weakEdges.union(selfEdges(crossEdges.select("weak"))), maxRounds)
            .withColumnRenamed("component", "browser");
    Dataset<Row> sharedBrowsers =
        crossEdges
            .join(browsers.withColumnRenamed("node", "weak"), "weak")
            .join(strongGroups.withColumnRenamed("node", "strong"), "strong")
            .groupBy("browser")
            .agg(countDistinct("strong_group").as("people"))
            .filter(col("people").gt(maxPeoplePerBrowser))
            .select("browser");
    Dataset<Row> sharedIdentifiers =
        browsers.join(sharedBrowsers, "browser").select(col("node").as("identifier"));
    Dataset<Row> keptCross =
        crossEdges
            .join(
                sharedIdentifiers,
                crossEdges.col("weak").equalTo(sharedIdentifiers.col("identifier")),
                "left_anti")
            .selectExpr("weak AS left_id", "strong AS right_id");

    Dataset<Row> people =
        ConnectedComponents.of(
            strongEdges
                .union(weakEdges)
                .union(keptCross)
                .union(
                    selfEdges(edges.select("left_id").union(edges.select("right_id")).distinct())),
            maxRounds);
    return people
        .join(
            sharedIdentifiers.withColumn("is_shared", lit(true)),
            people.col("node").equalTo(sharedIdentifiers.col("identifier")),
            "left")
        .selectExpr(
            "node AS identifier",
            "substring_index(node, ':', 1) AS identifier_type",
            "component",
            "coalesce(is_shared, false) AS is_shared");
  }

  private static Dataset<Row> selfEdges(Dataset<Row> nodes) {
    String node = nodes.columns()[0];
    return nodes.selectExpr(node + " AS left_id", node + " AS right_id");
  }
}
