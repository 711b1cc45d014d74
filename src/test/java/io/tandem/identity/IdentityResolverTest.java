package io.tandem.identity;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import java.sql.Date;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class IdentityResolverTest extends SparkTestBase {
  private static final StructType EDGES =
      new StructType().add("left_id", DataTypes.StringType).add("right_id", DataTypes.StringType);

  private static Dataset<Row> edges(String... pairs) {
    List<Row> rows =
        Arrays.stream(pairs)
            .map(p -> p.split(" "))
            .map(p -> RowFactory.create(p[0], p[1]))
            .toList();
    return spark().createDataFrame(rows, EDGES);
  }

  /** identifier → component, and identifier → shared. */
  private static Map<String, String> people(Dataset<Row> edges) {
    Map<String, String> people = new HashMap<>();
    for (Row r : IdentityResolver.resolve(edges, 1, 30).collectAsList()) {
      people.put(r.getString(0), r.getString(2) + (r.getBoolean(3) ? " shared" : ""));
    }
    return people;
  }

  @Test
  void onTheDriverAndInSparkTheResolverFindsTheSamePeople() {
    List<String> pairs =
        randomEdges(
            new java.util.Random(11), 120, 40, "crm:", "email:", "cookie:", "gclid:", "userid:");
    Dataset<Row> graph = edges(pairs.toArray(String[]::new));

    // union-find on the driver; label propagation in Spark when the graph is too large for it
    List<String> onDriver =
        onDriverAndInSpark(
            () ->
                IdentityResolver.resolve(graph, 1, 50).collectAsList().stream()
                    .map(r -> r.getString(0) + " " + r.getString(2) + " " + r.getBoolean(3))
                    .sorted()
                    .toList());
    // one row per identifier, each person's id its smallest identifier; some browsers are shared
    long identifiers = pairs.stream().flatMap(p -> Arrays.stream(p.split(" "))).distinct().count();
    assertThat(onDriver).hasSize((int) identifiers);
    assertThat(onDriver).allMatch(line -> line.split(" ")[1].compareTo(line.split(" ")[0]) <= 0);
    assertThat(onDriver).anyMatch(line -> line.endsWith(" true"));
    assertThat(onDriver).anyMatch(line -> line.endsWith(" false"));
  }

  @Test
  void onTheDriverAndInSparkIdsChangesAndMergesAreTheSame() {
    java.util.Random random = new java.util.Random(3);
    List<String> day1 = randomEdges(random, 60, 30, "crm:", "email:", "cookie:");
    // the next day some evidence is gone and more has come: people split, merge and appear
    List<String> day2 = new java.util.ArrayList<>(day1.subList(10, day1.size()));
    day2.addAll(randomEdges(random, 30, 40, "crm:", "email:", "cookie:"));
    Dataset<Row> empty = graph("x crm P false false").limit(0);
    Dataset<Row> before =
        StableIds.inSpark(
                IdentityResolver.resolve(edges(day1.toArray(String[]::new)), 1, 30), empty)
            .graph();
    Dataset<Row> evidence = edges(day2.toArray(String[]::new));

    StableIds.Snapshot inSpark =
        StableIds.inSpark(IdentityResolver.inSpark(evidence, 1, 30), before);
    StableIds.Snapshot onDriver =
        StableIds.onDriver(
            spark(),
            IdentityResolver.onDriverIfSmall(evidence, 1).orElseThrow(),
            before.collectAsList());

    assertThat(sorted(onDriver.graph())).isEqualTo(sorted(inSpark.graph()));
    assertThat(sorted(onDriver.changes())).isEqualTo(sorted(inSpark.changes())).isNotEmpty();
    assertThat(sorted(onDriver.merges())).isEqualTo(sorted(inSpark.merges())).isNotEmpty();
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /**
   * {@code count} edges "left right" between identifiers of the types, each with one of {@code ids}
   * values.
   */
  private static List<String> randomEdges(
      java.util.Random random, int count, int ids, String... types) {
    List<String> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      pairs.add(
          types[random.nextInt(types.length)]
              + random.nextInt(ids)
              + " "
              + types[random.nextInt(types.length)]
              + random.nextInt(ids));
    }
    return pairs;
  }

  /** {@code solve} with graphs solved on the driver, and equal when solved in Spark. */
  private static List<String> onDriverAndInSpark(Supplier<List<String>> solve) {
    List<String> onDriver = solve.get();
    String setting = ConnectedComponents.DRIVER_MAX_EDGES_SETTING;
    spark().conf().set(setting, "0");
    try {
      assertThat(solve.get()).isEqualTo(onDriver);
    } finally {
      spark().conf().unset(setting);
    }
    return onDriver;
  }

  @Test
  void cookieFormLeadConversionContactAndClickAreOnePerson() {
    Map<String, String> p =
        people(
            edges(
                "cookie:c1 cookie:c1",
                "cookie:c1 gclid:g1",
                "crm:L1 email:e1",
                "crm:L1 cookie:c1",
                "crm:L1 crm:C1",
                "crm:C1 email:e1"));

    assertThat(p).hasSize(5);
    assertThat(p.values()).containsOnly(p.get("crm:L1"));
  }

  @Test
  void twoCookiesOfOnePersonAndDuplicateLeadsMerge() {
    Map<String, String> p =
        people(
            edges(
                "crm:L1 email:e1",
                "crm:L2 email:e1",
                "crm:L1 cookie:c1",
                "crm:L2 cookie:c2",
                "cookie:c3 cookie:c3"));

    assertThat(p.get("cookie:c1"))
        .isEqualTo(p.get("cookie:c2"))
        .isEqualTo(p.get("crm:L2"))
        .isEqualTo(p.get("crm:L1"));
    assertThat(p.get("cookie:c3")).isNotEqualTo(p.get("crm:L1"));
  }

  @Test
  void aSharedCookieMergesNobody() {
    Map<String, String> p =
        people(
            edges(
                "crm:L1 email:e1",
                "crm:L2 email:e2",
                "crm:L1 cookie:office",
                "crm:L2 cookie:office",
                "cookie:office gclid:g9",
                "crm:L1 cookie:home1"));

    assertThat(p.get("crm:L1")).isNotEqualTo(p.get("crm:L2"));
    assertThat(p.get("cookie:office")).endsWith("shared").isNotEqualTo(p.get("crm:L1"));
    assertThat(p.get("gclid:g9")).isEqualTo(p.get("cookie:office"));
    assertThat(p.get("cookie:home1")).isEqualTo(p.get("crm:L1"));
  }

  @Test
  void aLeadWithNoWebHistoryIsAPersonOfItsOwn() {
    Map<String, String> p =
        people(edges("crm:L1 crm:L1", "crm:L1 email:e1", "cookie:c1 cookie:c1"));

    assertThat(p.get("crm:L1")).isEqualTo(p.get("email:e1")).isNotEqualTo(p.get("cookie:c1"));
  }

  @Test
  void idsSurviveRunsAndMergesAreRecorded() {
    StructType graph =
        new StructType()
            .add("identifier", DataTypes.StringType)
            .add("person_id", DataTypes.StringType);
    Dataset<Row> previous =
        spark()
            .createDataFrame(
                List.of(
                    RowFactory.create("crm:L1", "P-old-1"),
                    RowFactory.create("cookie:c1", "P-old-1"),
                    RowFactory.create("crm:L2", "P-old-2")),
                graph);
    Dataset<Row> resolved =
        IdentityResolver.resolve(
            edges("crm:L1 email:e1", "crm:L2 email:e1", "crm:L1 cookie:c1", "cookie:c9 cookie:c9"),
            1,
            30);

    Dataset<Row> assigned = StableIds.assign(resolved, previous);
    Map<String, String> ids = new HashMap<>();
    assigned.collectAsList().forEach(r -> ids.put(r.getAs("identifier"), r.getAs("person_id")));

    assertThat(ids.get("crm:L2")).isEqualTo("P-old-1");
    assertThat(ids.get("email:e1")).isEqualTo("P-old-1");
    assertThat(ids.get("cookie:c9")).startsWith("P").hasSize(17);
    assertThat(StableIds.merges(assigned, previous).collectAsList())
        .extracting(r -> r.getString(0) + ">" + r.getString(1))
        .containsExactly("P-old-2>P-old-1");
  }

  @Test
  void theHistoryRecordsWhatChangedAndGivesBackEachDatesGraph() {
    Dataset<Row> first =
        graph(
            "crm:L1 crm P1 false true",
            "cookie:c1 cookie P2 false false",
            "cookie:c2 cookie P3 false false");
    // c1 turns out to be L1's cookie, c2 leaves the graph, c3 is new
    Dataset<Row> second =
        graph(
            "crm:L1 crm P1 false true",
            "cookie:c1 cookie P1 false true",
            "cookie:c3 cookie P4 false false");
    Date day1 = Date.valueOf("2026-11-01");
    Date day2 = Date.valueOf("2026-11-02");

    Dataset<Row> history =
        StableIds.changes(
                first,
                StableIds.graphBefore(first.withColumn("as_of_date", lit(day1)).limit(0), day1))
            .withColumn("as_of_date", lit(day1))
            .union(StableIds.changes(second, first).withColumn("as_of_date", lit(day2)));

    assertThat(history.collectAsList())
        .extracting(Row::toString)
        .containsExactlyInAnyOrder(
            "[crm:L1,crm,P1,false,true,2026-11-01]",
            "[cookie:c1,cookie,P2,false,false,2026-11-01]",
            "[cookie:c2,cookie,P3,false,false,2026-11-01]",
            "[cookie:c1,cookie,P1,false,true,2026-11-02]",
            "[cookie:c2,cookie,null,null,null,2026-11-02]",
            "[cookie:c3,cookie,P4,false,false,2026-11-02]");
    assertThat(StableIds.graphBefore(history, day2).collectAsList())
        .containsExactlyInAnyOrderElementsOf(first.collectAsList());
    assertThat(StableIds.graphBefore(history, Date.valueOf("2026-11-03")).collectAsList())
        .containsExactlyInAnyOrderElementsOf(second.collectAsList());
  }

  /** Identity graph rows, each "identifier type person is_shared is_known". */
  private static Dataset<Row> graph(String... rows) {
    return spark()
        .createDataFrame(
            Arrays.stream(rows)
                .map(r -> r.split(" "))
                .map(
                    p ->
                        RowFactory.create(
                            p[0],
                            p[1],
                            p[2],
                            Boolean.parseBoolean(p[3]),
                            Boolean.parseBoolean(p[4])))
                .toList(),
            StableIds.GRAPH);
  }
}
