package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.SparkTestBase;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.Test;

class QuerySizeTest extends SparkTestBase {
  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  private static final String PARTITIONS = "spark.sql.shuffle.partitions";

  /** A step sized for its own reads gives the next step the settings it found, also on failure. */
  @Test
  void duringPutsTheSessionsSizingBackAfterTheWork() {
    RuntimeConfig session = spark().conf();
    // The outer call returns the shared session to the other tests as this one found it.
    QuerySize.during(
        spark(),
        0,
        () -> {
          assertThat(session.get(ADAPTIVE)).isEqualTo("false");
          assertThat(session.get(PARTITIONS)).isEqualTo("1");
          String[] inside = new String[2];
          QuerySize.during(
              spark(),
              Long.MAX_VALUE,
              () -> {
                inside[0] = session.get(ADAPTIVE);
                inside[1] = session.get(PARTITIONS);
              });
          assertThat(inside[0]).isNotEqualTo("false");
          assertThat(inside[1]).isNotEqualTo("1");
          assertThat(session.get(ADAPTIVE)).isEqualTo("false");
          assertThat(session.get(PARTITIONS)).isEqualTo("1");

          assertThatThrownBy(
                  () ->
                      QuerySize.during(
                          spark(),
                          Long.MAX_VALUE,
                          () -> {
                            throw new IllegalStateException("the step failed");
                          }))
              .hasMessage("the step failed");
          assertThat(session.get(ADAPTIVE)).isEqualTo("false");
          assertThat(session.get(PARTITIONS)).isEqualTo("1");
        });
  }
}
