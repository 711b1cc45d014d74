package io.tandem.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Connected components of an undirected graph. A graph of at most {@value
 * #DRIVER_MAX_EDGES_SETTING} edges (default {@value #DEFAULT_DRIVER_MAX_EDGES}) is collected and
 * solved on the driver with union-find: one Spark job. A larger one is solved as Spark work by
 * label propagation: every node starts with itself as label and takes the smallest label among its
 * neighbours until no label changes, the rounds bounded by the graph's diameter, each round a join
 * over all edges. Both give every node the smallest node of its component.
 */
public final class ConnectedComponents {
  public static final String DRIVER_MAX_EDGES_SETTING = "spark.tandem.identity.driverMaxEdges";
  static final long DEFAULT_DRIVER_MAX_EDGES = 1_000_000;
  private static final StructType COMPONENTS =
      new StructType().add("node", DataTypes.StringType).add("component", DataTypes.StringType);

  private ConnectedComponents() {}

  /**
   * The connected components of a graph.
   *
   * @param edges columns {@code left_id}, {@code right_id}; a node paired with itself is a node
   *     without neighbours; null ids are no nodes
   * @return one row per node: {@code node}, {@code component} (the smallest node of its component)
   */
  public static Dataset<Row> of(Dataset<Row> edges, int maxRounds) {
    Dataset<Row> links =
        edges
            .selectExpr("left_id AS src", "right_id AS dst")
            .filter("src IS NOT NULL AND dst IS NOT NULL");
    Optional<List<Row>> few = collectIfSmall(links);
    if (few.isPresent()) {
      UnionFind components = new UnionFind();
      few.get().forEach(link -> components.union(link.getString(0), link.getString(1)));
      List<Row> rows = new ArrayList<>(components.nodes().size());
      for (String node : components.nodes()) {
        rows.add(RowFactory.create(node, components.root(node)));
      }
      return onDriver(edges.sparkSession(), rows, COMPONENTS);
    }
    return labelPropagation(links, maxRounds);
  }

  /**
   * The rows of {@code graph} when they are at most {@value #DRIVER_MAX_EDGES_SETTING}: a graph
   * that small is solved on the driver.
   */
  static Optional<List<Row>> collectIfSmall(Dataset<Row> graph) {
    long driverMaxEdges =
        Long.parseLong(
            graph
                .sparkSession()
                .conf()
                .get(DRIVER_MAX_EDGES_SETTING, String.valueOf(DEFAULT_DRIVER_MAX_EDGES)));
    List<Row> few =
        graph.limit((int) Math.min(Integer.MAX_VALUE - 1, driverMaxEdges + 1)).collectAsList();
    return few.size() <= driverMaxEdges ? Optional.of(few) : Optional.empty();
  }

  /** Rows the driver computed, as a dataset the next queries read without copying them again. */
  static Dataset<Row> onDriver(SparkSession spark, List<Row> rows, StructType schema) {
    // From an RDD, not a local relation: a plan that carries every row is copied and compared each
    // time Spark plans the queries that read it (seconds per query for a large graph). Checkpointed
    // once, so each query reads the rows from memory instead of shipping them in its tasks.
    return spark
        .createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows), schema)
        .localCheckpoint();
  }

  private static Dataset<Row> labelPropagation(Dataset<Row> edges, int maxRounds) {
    Dataset<Row> links =
        edges.union(edges.selectExpr("dst AS src", "src AS dst")).distinct().localCheckpoint();
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
