package io.tandem.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;

import io.tandem.config.DefinitionsVersion;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Gives each person an id that survives runs: a person keeps the id its identifiers had in the
 * previous snapshot; when identifiers of several earlier people now form one person, the smallest
 * earlier id survives and the others are recorded as merged into it. A person with no earlier
 * identifier gets an id derived from its smallest identifier.
 */
public final class StableIds {
  static final StructType GRAPH =
      new StructType()
          .add("identifier", DataTypes.StringType)
          .add("identifier_type", DataTypes.StringType)
          .add("person_id", DataTypes.StringType)
          .add("is_shared", DataTypes.BooleanType)
          .add("is_known", DataTypes.BooleanType);
  private static final StructType MERGES =
      new StructType()
          .add("merged_person_id", DataTypes.StringType)
          .add("surviving_person_id", DataTypes.StringType);

  private StableIds() {}

  /**
   * A date's people: the graph ({@code identifier}, {@code identifier_type}, {@code person_id},
   * {@code is_shared}, {@code is_known}), its {@link #changes} against the previous graph and its
   * {@link #merges}.
   */
  public record Snapshot(Dataset<Row> graph, Dataset<Row> changes, Dataset<Row> merges) {}

  /** The snapshot of {@code resolved} ({@link IdentityResolver#resolve}) given the last graph. */
  public static Snapshot inSpark(Dataset<Row> resolved, Dataset<Row> previous) {
    Dataset<Row> graph =
        assign(resolved, previous)
            .selectExpr(
                "identifier",
                "identifier_type",
                "person_id",
                "is_shared",
                "max(CASE WHEN identifier_type = 'crm' THEN 1 ELSE 0 END) OVER (PARTITION BY person_id) = 1 AS is_known")
            .localCheckpoint();
    return new Snapshot(graph, changes(graph, previous), merges(graph, previous));
  }

  /**
   * {@link #inSpark} of rows on the driver ({@link IdentityResolver#onDriverIfSmall} and the last
   * graph collected): the same ids, changes and merges by hash maps instead of Spark joins.
   */
  public static Snapshot onDriver(SparkSession spark, List<Row> resolved, List<Row> previous) {
    Map<String, Row> before = new HashMap<>();
    previous.forEach(row -> before.put(row.getString(0), row));
    Map<String, String> personOfComponent = new HashMap<>();
    for (Row row : resolved) {
      Row earlier = before.get(row.getString(0));
      if (earlier != null) {
        personOfComponent.merge(row.getString(2), earlier.getString(2), StableIds::smaller);
      }
    }
    List<Identifier> people = new ArrayList<>(resolved.size());
    Set<String> known = new HashSet<>();
    for (Row row : resolved) {
      String person =
          personOfComponent.computeIfAbsent(
              row.getString(2),
              component -> "P" + DefinitionsVersion.sha256(component).substring(0, 16));
      people.add(new Identifier(row.getString(0), row.getString(1), person, row.getBoolean(3)));
      if ("crm".equals(row.getString(1))) {
        known.add(person);
      }
    }
    // a person's identifiers side by side, as the journey reads them (and compresses best)
    people.sort(Comparator.comparing(Identifier::person).thenComparing(Identifier::identifier));
    List<Row> graph = new ArrayList<>(people.size());
    List<Row> changes = new ArrayList<>();
    Set<Row> merges = new LinkedHashSet<>();
    for (Identifier now : people) {
      boolean isKnown = known.contains(now.person());
      graph.add(
          RowFactory.create(now.identifier(), now.type(), now.person(), now.isShared(), isKnown));
      // what is left in `before` afterwards has left the graph
      Row earlier = before.remove(now.identifier());
      if (earlier == null || !now.sameAs(earlier, isKnown)) {
        changes.add(graph.get(graph.size() - 1));
      }
      if (earlier != null && !earlier.getString(2).equals(now.person())) {
        merges.add(RowFactory.create(earlier.getString(2), now.person()));
      }
    }
    for (Row earlier : previous) {
      if (before.containsKey(earlier.getString(0))) {
        changes.add(
            RowFactory.create(earlier.getString(0), earlier.getString(1), null, null, null));
      }
    }
    return new Snapshot(
        ConnectedComponents.onDriver(spark, graph, GRAPH),
        ConnectedComponents.onDriver(spark, changes, GRAPH),
        ConnectedComponents.onDriver(spark, List.copyOf(merges), MERGES));
  }

  /** An identifier of the graph being built, with its person. */
  private record Identifier(String identifier, String type, String person, boolean isShared) {
    /** Whether the previous graph's row for this identifier holds the same values. */
    boolean sameAs(Row earlier, boolean isKnown) {
      return Objects.equals(type, earlier.get(1))
          && Objects.equals(person, earlier.get(2))
          && Objects.equals(isShared, earlier.get(3))
          && Objects.equals(isKnown, earlier.get(4));
    }
  }

  private static String smaller(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

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
