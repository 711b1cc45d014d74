package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlFunctionsTest {
  /** The same credits give the same total to the last bit, in whatever order Spark adds them. */
  @Test
  void exactSumDoesNotDependOnTheOrderOfTheValues() {
    java.util.List<Double> values = new java.util.ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      values.add(1.0 / i);
      values.add(i * 1e12 / 7);
    }
    ExactSum sum = new ExactSum();
    String forward = sum.zero();
    for (Double v : values) {
      forward = sum.reduce(forward, v);
    }
    java.util.Collections.shuffle(values, new java.util.Random(7));
    String left = sum.zero();
    String right = sum.zero();
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

    assertThat(sum.finish(sum.merge(right, left))).isEqualTo(sum.finish(forward));
    assertThat(sum.finish(forward))
        .isCloseTo(naive, org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(sum.finish(sum.reduce(sum.zero(), null))).isNull();
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
