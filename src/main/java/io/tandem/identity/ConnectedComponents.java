package io.tandem.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph by label propagation, as Spark work: every node
 * starts with itself as label and takes the smallest label among its neighbours until no label
 * changes. The rounds are bounded by the graph's diameter, each round a join over all edges.
 */
public final class ConnectedComponents {
  private ConnectedComponents() {}

  /**
   * @param edges columns {@code left_id}, {@code right_id}; a node paired with itself is a node
   *     without neighbours
   * @return one row per node: {@code node}, {@code component} (the smallest node of its component)
   */
  public static Dataset<Row> of(Dataset<Row> edges, int maxRounds) {
    Dataset<Row> links =
        edges
            .selectExpr("left_id AS src", "right_id AS dst")
            .union(edges.selectExpr("right_id AS src", "left_id AS dst"))
            .distinct()
            .localCheckpoint();
    Dataset<Row> labels =
        links.selectExpr("src AS node", "src AS label").distinct().localCheckpoint();
    for (int round = 0; round < maxRounds; round++) {
      // Joins by column name on renamed copies: the inputs share lineage, so column references
      // would be ambiguous.
      Dataset<Row> offered =
          links
              .join(labels.withColumnRenamed("node", "src"), "src")
              .groupBy("dst")
              .agg(min("label").as("offered"))
              .withColumnRenamed("dst", "node");
      Dataset<Row> next =
          labels
              .join(offered, "node", "left")
              .select(col("node"), least(col("label"), col("offered")).as("label"))
              .localCheckpoint();
      long changed =
          next.join(labels.withColumnRenamed("label", "old_label"), "node")
              .filter(col("label").notEqual(col("old_label")))
              .count();
      labels = next;
      if (changed == 0) {
        return labels.select(col("node"), col("label").as("component"));
      }
    }
    throw new IllegalStateException(
        "identity graph did not settle in " + maxRounds + " rounds; raise identity.max_rounds");
  }
}
