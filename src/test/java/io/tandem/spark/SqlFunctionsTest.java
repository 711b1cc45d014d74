package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SqlFunctionsTest {
  /** The same credits give the same total to the last bit, in whatever order Spark adds them. */
  @Test
  void exactSumDoesNotDependOnTheOrderOfTheValues() {
    java.util.List<Double> values = new java.util.ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      values.add(1.0 / i);
      values.add(i * 1e12 / 7);
      values.add(-i * 1e-9 / 3);
    }
    values.add(0x1p1000); // kept apart from the partials, which it would overflow
    values.add(-0x1p1000);
    BigDecimal exact = BigDecimal.ZERO;
    for (Double v : values) {
      exact = exact.add(new BigDecimal(v));
    }
    ExactSum sum = new ExactSum();
    ExactSum.Partials forward = sum.zero();
    for (Double v : values) {
      forward = sum.reduce(forward, v);
    }
    java.util.Collections.shuffle(values, new java.util.Random(7));
    ExactSum.Partials left = sum.zero();
    ExactSum.Partials right = sum.zero();
    for (int i = 0; i < values.size(); i++) {
      if (i % 3 == 0) {
        left = sum.reduce(left, values.get(i));
      } else {
        right = sum.reduce(right, values.get(i));
      }
    }
    double naive = 0;
    for (Double v : values) {
      naive += v;
    }

    // the exact sum, rounded once
    assertThat(sum.finish(forward)).isEqualTo(exact.doubleValue());
    assertThat(sum.finish(sum.merge(right, left))).isEqualTo(sum.finish(forward));
    assertThat(sum.finish(forward)).isNotEqualTo(naive);
    // 0.1 + 0.2 - 0.3 is exactly 2^-55 in doubles, not 2^-54 as added left to right
    assertThat(sum.finish(sum.reduce(sum.reduce(sum.reduce(sum.zero(), 0.1), 0.2), -0.3)))
        .isEqualTo(0x1p-55)
        .isNotEqualTo(0.1 + 0.2 - 0.3);
    assertThat(sum.finish(sum.reduce(sum.zero(), null))).isNull();
    assertThat(sum.finish(sum.reduce(sum.reduce(sum.zero(), 1.0), Double.POSITIVE_INFINITY)))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  /** Erasure finds a person in a quarantined row's raw text by these tokens. */
  @Test
  void addressesWithApostrophesAndAccentsAreOneToken() {
    assertThat(
            SqlFunctions.idTokens(
                "00Q1,\"O'Brien\",o'brien@example.ie;zoë@exämple.de {\"id\":\"003X\"}"
                    + " see 'ann@acme.example'. ?gclid=Cj0abc&x=1"))
        .contains(
            "00Q1",
            "o'brien@example.ie",
            "zoë@exämple.de",
            "003X",
            "ann@acme.example",
            "'ann@acme.example'.",
            "Cj0abc");
  }

  @Test
  void campaignValuesAreComparedWithoutCaseSpacesOrUrlEncoding() {
    assertThat(SqlFunctions.campaignTag("  Spring   Webinar ")).isEqualTo("spring webinar");
    assertThat(SqlFunctions.campaignTag("Spring+Webinar")).isEqualTo("spring webinar");
    assertThat(SqlFunctions.campaignTag("Spring%20Webinar")).isEqualTo("spring webinar");
    // a '%' that starts no escape is part of the name
    assertThat(SqlFunctions.campaignTag("50% off")).isEqualTo("50% off");
    assertThat(SqlFunctions.campaignTag("GS - Brand")).isEqualTo("gs - brand");
  }

  @Test
  void emptyValuesAndGa4PlaceholdersNameNoCampaign() {
    assertThat(SqlFunctions.campaignTag(null)).isNull();
    assertThat(SqlFunctions.campaignTag("  ")).isNull();
    assertThat(SqlFunctions.campaignTag("(not set)")).isNull();
    assertThat(SqlFunctions.campaignTag("(organic)")).isNull();
    assertThat(SqlFunctions.campaignTag("(direct)")).isNull();
  }
}
