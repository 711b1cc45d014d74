package io.tandem.attribution;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Data-driven attribution over journeys {@code (channels array<string>, converted boolean)}: the
 * Markov-chain removal effect and the Shapley value of each channel (docs/kpis.md). Spark does the
 * work that grows with the data (transition and channel-set counts, the coalitions); the driver
 * only sees aggregates whose size depends on the number of channels.
 */
public final class DataDrivenAttribution {
  static final String START = "(start)";
  static final String CONVERSION = "(conversion)";
  static final String NULL = "(null)";
  static final String OTHER = "(other)";

  /** A channel's value: the raw measure and its share of the conversions. */
  public record ChannelValue(String channel, double raw, double value) {}

  private DataDrivenAttribution() {}

  /**
   * First-order Markov chain over start → channels → conversion or null. The removal effect of a
   * channel is 1 − P(conversion without it) ÷ P(conversion); the effects are scaled so the values
   * add up to the conversions.
   */
  public static List<ChannelValue> markov(Dataset<Row> journeys) {
    Dataset<Row> withChannels = journeys.where("size(channels) > 0");
    long conversions = withChannels.where(col("converted")).count();
    Dataset<Row> states =
        withChannels.select(
            expr("concat(array('"
                    + START
                    + "'), channels, array(IF(converted, '"
                    + CONVERSION
                    + "', '"
                    + NULL
                    + "')))")
                .as("states"));
    List<Row> counts =
        states
            .select(
                expr(
                    "explode(transform(sequence(1, size(states) - 1), i -> named_struct("
                        + "'from', element_at(states, i), 'to', element_at(states, i + 1)))) AS step"))
            .select(col("step.from").as("from"), col("step.to").as("to"))
            .groupBy("from", "to")
            .agg(count(lit(1)).as("n"))
            .collectAsList();
    // Sorted, not in the order Spark returned them: the elimination below then adds its terms in
    // the same order however the counts were computed, and gives the same value to the last bit.
    Map<String, Map<String, Long>> transitions = new TreeMap<>();
    for (Row r : counts) {
      transitions
          .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    if (transitions.isEmpty()) {
      return List.of();
    }
    List<String> channels =
        transitions.keySet().stream().filter(s -> !s.equals(START)).sorted().toList();
    double base = conversionProbability(transitions, null);
    Map<String, Double> effects = new LinkedHashMap<>();
    for (String channel : channels) {
      double without = conversionProbability(transitions, channel);
      effects.put(channel, base == 0 ? 0 : 1 - without / base);
    }
    return scaled(effects, conversions);
  }

  /**
   * P(reaching conversion from start), with {@code removed} (if any) turned into the null state.
   * Solves p(s) = Σ P(s,t)·p(t) over the transientStates states by Gaussian elimination.
   */
  static double conversionProbability(Map<String, Map<String, Long>> transitions, String removed) {
    List<String> transientStates = new ArrayList<>(transitions.keySet());
    transientStates.remove(removed);
    int n = transientStates.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(transientStates.get(i), i);
    }
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      Map<String, Long> out = transitions.get(transientStates.get(i));
      double total = out.values().stream().mapToLong(Long::longValue).sum();
      a[i][i] = 1;
      for (Map.Entry<String, Long> t : out.entrySet()) {
        double p = t.getValue() / total;
        if (t.getKey().equals(CONVERSION)) {
          a[i][n] += p;
        } else if (index.containsKey(t.getKey())) {
          a[i][index.get(t.getKey())] -= p;
        }
      }
    }
    double[] p = solve(a);
    return p[index.get(START)];
  }

  private static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      if (Math.abs(a[col][col]) < 1e-15) {
        // A loop no journey leaves except through itself: it never converts.
        a[col][col] = 1;
        continue;
      }
      for (int r = 0; r < n; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c <= n; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }

  /**
   * Shapley values (Dalessandro et al. 2012): the value of a channel set S is the conversion rate
   * of the journeys whose set of channels is exactly S (0 where none is). Exact over every
   * coalition of up to {@code maxChannels} channels; rarer channels are pooled as '(other)'.
   * Negative values are clipped to 0, then scaled so the values add up to the conversions.
   */
  public static List<ChannelValue> shapley(
      SparkSession spark, Dataset<Row> journeys, int maxChannels) {
    Dataset<Row> withChannels = journeys.where("size(channels) > 0");
    long conversions = withChannels.where(col("converted")).count();
    List<String> slots = slots(withChannels, maxChannels);
    int n = slots.size();
    if (n == 0) {
      return List.of();
    }
    StringBuilder maskOf =
        new StringBuilder("aggregate(array_distinct(transform(channels, c -> CASE");
    for (int i = 0; i < n; i++) {
      if (!slots.get(i).equals(OTHER)) {
        maskOf
            .append(" WHEN c = '")
            .append(slots.get(i).replace("'", "''"))
            .append("' THEN ")
            .append(1L << i);
      }
    }
    maskOf
        .append(" ELSE ")
        .append(slots.contains(OTHER) ? 1L << slots.indexOf(OTHER) : 0L)
        .append(" END)), 0L, (acc, b) -> acc | b)");
    Dataset<Row> coalitionValues =
        withChannels
            .select(expr(maskOf.toString()).as("mask"), col("converted"))
            .groupBy("mask")
            .agg(sum(when(col("converted"), 1).otherwise(0)).divide(count(lit(1))).as("v"));

    List<Row> channelRows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      channelRows.add(RowFactory.create(i, 1L << i));
    }
    Dataset<Row> channelBits =
        spark.createDataFrame(channelRows, StructType.fromDDL("i INT, bit BIGINT"));
    List<Row> weightRows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      weightRows.add(RowFactory.create(k, shapleyWeight(k, n)));
    }
    Dataset<Row> weights = spark.createDataFrame(weightRows, StructType.fromDDL("k INT, w DOUBLE"));

    Dataset<Row> marginal =
        spark
            .range(0, 1L << n)
            .toDF("s")
            .crossJoin(channelBits)
            .where("(s & bit) = 0")
            .withColumn("with_i", expr("s | bit"))
            .withColumn("k", expr("bit_count(s)"))
            .join(coalitionValues.toDF("s", "v_s"), "s", "left")
            .join(coalitionValues.toDF("with_i", "v_with_i"), "with_i", "left")
            .join(weights, "k")
            .groupBy("i")
            .agg(
                call_function(
                        "exact_sum",
                        col("w")
                            .multiply(
                                coalesce(col("v_with_i"), lit(0.0))
                                    .minus(coalesce(col("v_s"), lit(0.0)))))
                    .as("phi"));
    Map<String, Double> raw = new LinkedHashMap<>();
    for (Row r : marginal.collectAsList()) {
      raw.put(slots.get(r.getInt(0)), r.getDouble(1));
    }
    Map<String, Double> clipped = new LinkedHashMap<>();
    slots.forEach(s -> clipped.put(s, Math.max(0, raw.getOrDefault(s, 0.0))));
    List<ChannelValue> scaled = scaled(clipped, conversions);
    return scaled.stream()
        .map(v -> new ChannelValue(v.channel(), raw.getOrDefault(v.channel(), 0.0), v.value()))
        .toList();
  }

  /** |S|!(n−|S|−1)!/n!: the share of orderings in which a coalition of size k precedes a player. */
  static double shapleyWeight(int k, int n) {
    double w = 1.0 / n;
    // 1 / (n · C(n−1, k)), as a product that never overflows
    for (int j = 1; j <= k; j++) {
      w *= (double) j / (n - 1 - k + j);
    }
    return w;
  }

  /**
   * The channels that get their own coalition slot, most frequent first; the rest share '(other)'.
   */
  private static List<String> slots(Dataset<Row> journeys, int maxChannels) {
    List<String> byFrequency =
        journeys
            .select(explode(expr("array_distinct(channels)")).as("channel"))
            .groupBy("channel")
            .count()
            .orderBy(col("count").desc(), col("channel"))
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    if (byFrequency.size() <= maxChannels) {
      return byFrequency;
    }
    List<String> slots = new ArrayList<>(byFrequency.subList(0, maxChannels - 1));
    slots.add(OTHER);
    return slots;
  }

  private static List<ChannelValue> scaled(Map<String, Double> raw, long conversions) {
    double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
    List<ChannelValue> values = new ArrayList<>();
    raw.forEach(
        (channel, r) ->
            values.add(new ChannelValue(channel, r, total == 0 ? 0 : r / total * conversions)));
    return values;
  }
}
