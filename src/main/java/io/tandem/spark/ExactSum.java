package io.tandem.spark;

import java.math.BigDecimal;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code exact_sum(x)}: the sum of doubles, added exactly and rounded once, so the result does not
 * depend on the order Spark adds them in (the partitions, the cores, a cluster): the same credits
 * give the same published number, to the last bit, however the work was split. Null when every
 * value is null, as {@code sum}. The running sum travels as the exact decimal's text.
 */
final class ExactSum extends Aggregator<Double, String, Double> {
  private static final String NONE = "";

  @Override
  public String zero() {
    return NONE;
  }

  @Override
  public String reduce(String sum, Double value) {
    return value == null ? sum : add(sum, new BigDecimal(value));
  }

  @Override
  public String merge(String a, String b) {
    return b.isEmpty() ? a : add(a, new BigDecimal(b));
  }

  @Override
  public Double finish(String sum) {
    return sum.isEmpty() ? null : new BigDecimal(sum).doubleValue();
  }

  private static String add(String sum, BigDecimal value) {
    return (sum.isEmpty() ? value : new BigDecimal(sum).add(value)).toString();
  }

  @Override
  public Encoder<String> bufferEncoder() {
    return Encoders.STRING();
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }
}
