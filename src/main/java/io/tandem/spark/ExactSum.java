package io.tandem.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code exact_sum(x)}: the sum of doubles, added exactly and rounded once, so the result does not
 * depend on the order Spark adds them in (the partitions, the cores, a cluster): the same credits
 * give the same published number, to the last bit, however the work was split. Null when every
 * value is null, as {@code sum}; NaN and infinities give what {@code sum} gives.
 *
 * <p>The running sum is a few non-overlapping doubles whose sum is exactly the sum so far
 * (Shewchuk's partials, as Python's {@code math.fsum} keeps them): adding a value costs a few
 * floating-point operations per partial, usually one or two. Only the result is rounded, once, from
 * the exact decimal of the partials.
 */
final class ExactSum extends Aggregator<Double, ExactSum.Partials, Double> {

  /**
   * A value at least this large goes to an exact decimal instead: partials below it cannot overflow
   * however many values are added (their sum stays below 2^1023 for 2^63 values).
   */
  private static final double LARGE = 0x1p960;

  /** The sum so far: mutable, as Spark keeps one per group while it reads a partition. */
  public static final class Partials implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[] partials = new double[4];
    private int size;
    private boolean seen;
    private BigDecimal large = BigDecimal.ZERO;
    private double nonFinite;
    private boolean anyNonFinite;

    void add(double value) {
      seen = true;
      if (!Double.isFinite(value)) {
        nonFinite += value;
        anyNonFinite = true;
      } else if (Math.abs(value) >= LARGE) {
        large = large.add(new BigDecimal(value));
      } else {
        addPartial(value);
      }
    }

    /** Shewchuk's exact addition: {@code hi + lo == x + y} exactly, and only non-zero lows stay. */
    private void addPartial(double value) {
      double x = value;
      int kept = 0;
      for (int j = 0; j < size; j++) {
        double y = partials[j];
        if (Math.abs(x) < Math.abs(y)) {
          double swap = x;
          x = y;
          y = swap;
        }
        double hi = x + y;
        double lo = y - (hi - x);
        if (lo != 0.0) {
          partials[kept++] = lo;
        }
        x = hi;
      }
      if (kept == partials.length) {
        partials = Arrays.copyOf(partials, kept * 2);
      }
      partials[kept++] = x;
      size = kept;
    }

    void addAll(Partials other) {
      seen |= other.seen;
      for (int j = 0; j < other.size; j++) {
        addPartial(other.partials[j]);
      }
      large = large.add(other.large);
      nonFinite += other.nonFinite;
      anyNonFinite |= other.anyNonFinite;
    }

    Double value() {
      if (!seen) {
        return null;
      }
      if (anyNonFinite) {
        return nonFinite;
      }
      BigDecimal exact = large;
      for (int j = 0; j < size; j++) {
        exact = exact.add(new BigDecimal(partials[j]));
      }
      return exact.doubleValue();
    }
  }

  @Override
  public Partials zero() {
    return new Partials();
  }

  @Override
  public Partials reduce(Partials sum, Double value) {
    if (value != null) {
      sum.add(value);
    }
    return sum;
  }

  @Override
  public Partials merge(Partials a, Partials b) {
    a.addAll(b);
    return a;
  }

  @Override
  public Double finish(Partials sum) {
    return sum.value();
  }

  @Override
  public Encoder<Partials> bufferEncoder() {
    return Encoders.kryo(Partials.class);
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }
}
