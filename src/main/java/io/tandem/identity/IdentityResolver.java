package io.tandem.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns identity evidence into people. CRM records and e-mail keys are strong identifiers: they
 * always merge. Browser identifiers (cookies, click ids, GA4 user ids) are weak: a browser — the
 * weak identifiers connected among themselves — joins a person only when it touches at most {@code
 * maxPeoplePerBrowser} strong groups; a shared office computer that touches more stays a person of
 * its own and merges nobody.
 */
public final class IdentityResolver {
  private static final StructType RESOLVED =
      new StructType()
          .add("identifier", DataTypes.StringType)
          .add("identifier_type", DataTypes.StringType)
          .add("component", DataTypes.StringType)
          .add("is_shared", DataTypes.BooleanType, false);

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
    return onDriverIfSmall(evidence, maxPeoplePerBrowser)
        .map(rows -> ConnectedComponents.onDriver(evidence.sparkSession(), rows, RESOLVED))
        .orElseGet(() -> inSpark(evidence, maxPeoplePerBrowser, maxRounds));
  }

  /** {@link #resolve} as Spark work, for a graph too large for the driver. */
  public static Dataset<Row> inSpark(
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

  /**
   * The rows of {@link #resolve} computed on the driver, when the evidence has at most {@value
   * ConnectedComponents#DRIVER_MAX_EDGES_SETTING} distinct edges: the same three components and the
   * same rule for shared browsers, by union-find instead of Spark joins (a second of work instead
   * of tens of Spark jobs).
   */
  public static Optional<List<Row>> onDriverIfSmall(
      Dataset<Row> evidence, int maxPeoplePerBrowser) {
    return ConnectedComponents.collectIfSmall(evidence.select("left_id", "right_id").distinct())
        .map(edges -> onDriver(edges, maxPeoplePerBrowser));
  }

  private static List<Row> onDriver(List<Row> edges, int maxPeoplePerBrowser) {
    UnionFind strongGroups = new UnionFind();
    UnionFind browsers = new UnionFind();
    UnionFind people = new UnionFind();
    List<String[]> crossEdges = new ArrayList<>();
    for (Row edge : edges) {
      String left = edge.getString(0);
      String right = edge.getString(1);
      // an edge with a null side is no link, but its other side is an identifier
      if (left == null || right == null) {
        Stream.of(left, right).filter(Objects::nonNull).forEach(people::add);
        continue;
      }
      boolean leftStrong = isStrong(left);
      if (leftStrong == isStrong(right)) {
        (leftStrong ? strongGroups : browsers).union(left, right);
        people.union(left, right);
      } else {
        String weak = leftStrong ? right : left;
        String strong = leftStrong ? left : right;
        browsers.add(weak);
        strongGroups.add(strong);
        people.add(weak);
        people.add(strong);
        crossEdges.add(new String[] {weak, strong});
      }
    }
    Map<String, Set<String>> groupsPerBrowser = new HashMap<>();
    for (String[] cross : crossEdges) {
      groupsPerBrowser
          .computeIfAbsent(browsers.root(cross[0]), b -> new HashSet<>())
          .add(strongGroups.root(cross[1]));
    }
    Predicate<String> shared =
        node ->
            browsers.contains(node)
                && groupsPerBrowser.getOrDefault(browsers.root(node), Set.of()).size()
                    > maxPeoplePerBrowser;
    crossEdges.stream()
        .filter(cross -> !shared.test(cross[0]))
        .forEach(cross -> people.union(cross[0], cross[1]));
    List<Row> resolved = new ArrayList<>(people.nodes().size());
    for (String node : people.nodes()) {
      int colon = node.indexOf(':');
      resolved.add(
          RowFactory.create(
              node,
              colon < 0 ? node : node.substring(0, colon),
              people.root(node),
              shared.test(node)));
    }
    return resolved;
  }

  private static boolean isStrong(String identifier) {
    return identifier.startsWith("crm:") || identifier.startsWith("email:");
  }

  private static Dataset<Row> selfEdges(Dataset<Row> nodes) {
    String node = nodes.columns()[0];
    return nodes.selectExpr(node + " AS left_id", node + " AS right_id");
  }
}
