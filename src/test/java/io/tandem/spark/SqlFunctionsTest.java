package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlFunctionsTest {
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
