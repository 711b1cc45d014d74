package io.tandem.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DataDrivenAttributionTest extends SparkTestBase {
  private static final StructType JOURNEYS =
      StructType.fromDDL("channels ARRAY<STRING>, converted BOOLEAN");

  /** "A B > 1" is a journey A → B that converted; "× 3" repeats it. */
  private static Dataset<Row> journeys(String... specs) {
    List<Row> rows = new ArrayList<>();
    for (String spec : specs) {
      String[] times = spec.split(" × ");
      String[] parts = times[0].split(" > ");
      int repeat = times.length > 1 ? Integer.parseInt(times[1]) : 1;
      for (int i = 0; i < repeat; i++) {
        rows.add(RowFactory.create(List.of(parts[0].split(" ")), parts[1].equals("1")));
      }
    }
    return spark().createDataFrame(rows, JOURNEYS);
  }

  private static Map<String, DataDrivenAttribution.ChannelValue> byChannel(
      List<DataDrivenAttribution.ChannelValue> values) {
    return values.stream()
        .collect(Collectors.toMap(DataDrivenAttribution.ChannelValue::channel, v -> v));
  }

  @Test
  void markovRemovalEffectsOfTheThreeChannelTextbookExample() {
    // Paths C1→C2→C3→conversion, C1→null, C2→C3→null. Transitions: start→C1 2/3, start→C2 1/3,
    // C1→C2 1/2, C1→null 1/2, C2→C3 1, C3→conversion 1/2, C3→null 1/2.
    // P(conversion) = 2/3·1/2·1·1/2 + 1/3·1·1/2 = 1/3.
    // Without C1: 1/3·1/2 = 1/6, removal effect 1/2. Without C2 or C3: 0, removal effect 1.
    // One conversion, shared 0.5 : 1 : 1 → 0.2, 0.4, 0.4.
    Map<String, DataDrivenAttribution.ChannelValue> v =
        byChannel(DataDrivenAttribution.markov(journeys("C1 C2 C3 > 1", "C1 > 0", "C2 C3 > 0")));

    assertThat(v.get("C1").raw()).isCloseTo(0.5, within(1e-12));
    assertThat(v.get("C2").raw()).isCloseTo(1.0, within(1e-12));
    assertThat(v.get("C3").raw()).isCloseTo(1.0, within(1e-12));
    assertThat(v.get("C1").value()).isCloseTo(0.2, within(1e-12));
    assertThat(v.get("C2").value()).isCloseTo(0.4, within(1e-12));
    assertThat(v.get("C3").value()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void shapleyValuesOfThreeChannelsByHand() {
    // Conversion rate by exact channel set: {A} 2/4, {B} 1/4, {A,B} 3/4, {C} 0/2, {A,C} 1/2;
    // {B,C} and {A,B,C} have no journeys: 0; 7 journeys converted. With v(∅) = 0 and the weights
    // 1/3 (0 or 2 others before the player) and 1/6 (1 other):
    // φA = 1/3·(v{A}−0) + 1/6·(v{AB}−v{B}) + 1/6·(v{AC}−v{C}) + 1/3·(v{ABC}−v{BC})
    //    = 1/3·0.5 + 1/6·0.5 + 1/6·0.5 + 1/3·0 = 1/3
    // φB = 1/3·0.25 + 1/6·(0.75−0.5) + 1/6·(0−0) + 1/3·(0−0.5) = 1/12 + 1/24 − 1/6 = −1/24
    // φC = 1/3·0 + 1/6·(0.5−0.5) + 1/6·(0−0.25) + 1/3·(0−0.75) = −1/24 − 1/4 = −7/24
    // Clipped: A 1/3, B 0, C 0; scaled to the 7 conversions: A 7.
    Dataset<Row> journeys =
        journeys(
            "A > 1 × 2",
            "A > 0 × 2",
            "B > 1",
            "B > 0 × 3",
            "A B > 1 × 3",
            "A B > 0",
            "C > 0 × 2",
            "A C > 1",
            "C A > 0");
    Map<String, DataDrivenAttribution.ChannelValue> v =
        byChannel(DataDrivenAttribution.shapley(spark(), journeys, 15));

    assertThat(v.get("A").raw()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(v.get("B").raw()).isCloseTo(-1.0 / 24, within(1e-12));
    assertThat(v.get("C").raw()).isCloseTo(-7.0 / 24, within(1e-12));
    assertThat(v.get("A").value()).isCloseTo(7.0, within(1e-12));
    assertThat(v.get("B").value()).isZero();
    assertThat(v.values().stream().mapToDouble(DataDrivenAttribution.ChannelValue::value).sum())
        .isCloseTo(7.0, within(1e-9));
  }

  @Test
  void shapleyValuesSumToTheConversionsAndRareChannelsArePooled() {
    Dataset<Row> journeys =
        journeys("A B > 1 × 3", "A > 0", "B C > 1", "C > 0", "D > 1", "E A > 0", "A D > 1");
    List<DataDrivenAttribution.ChannelValue> values =
        DataDrivenAttribution.shapley(spark(), journeys, 3);

    // Five channels, three slots: the two most frequent (A, then B) and '(other)'.
    assertThat(values)
        .extracting(DataDrivenAttribution.ChannelValue::channel)
        .containsExactlyInAnyOrder("A", "B", "(other)");
    assertThat(values.stream().mapToDouble(DataDrivenAttribution.ChannelValue::value).sum())
        .isCloseTo(6.0, within(1e-9));
  }

  @Test
  void shapleyWeightsAreTheShareOfOrderings() {
    // n = 3: a coalition of 0 or 2 others precedes the player in 1/3 of orderings, of 1 in 1/6.
    assertThat(DataDrivenAttribution.shapleyWeight(0, 3)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(DataDrivenAttribution.shapleyWeight(1, 3)).isCloseTo(1.0 / 6, within(1e-15));
    assertThat(DataDrivenAttribution.shapleyWeight(2, 3)).isCloseTo(1.0 / 3, within(1e-15));
    double total = 0;
    for (int k = 0; k < 15; k++) {
      long subsets = binomial(14, k);
      total += subsets * DataDrivenAttribution.shapleyWeight(k, 15);
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
  }

  private static long binomial(int n, int k) {
    long b = 1;
    for (int i = 1; i <= k; i++) {
      b = b * (n - k + i) / i;
    }
    return b;
  }
}
