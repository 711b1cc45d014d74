package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * An account with two contacts on one opportunity: one reached the site through a Google ad and
 * logged in (GA4 user_id is the SHA-256 of her e-mail), the other attended a webinar. Both are the
 * opportunity's people; their touches before it are its touchpoints.
 */
class JourneyIT extends JobTestBase {
  @TempDir static Path work;
  static Path warehouse;

  @BeforeAll
  static void runNightly() throws IOException {
    Path landing = work.resolve("landing");
    warehouse = work.resolve("warehouse");
    FileSystemUtils.copyRecursively(TestPaths.fixture("account"), landing);
    Result result = tandem(work.resolve("var"), runArguments("2026-11-10", landing, warehouse));
    assertThat(result.exitCode()).isZero();
  }

  private static String personOf(String identifier) {
    return table(warehouse, "journey", "int_identity_graph")
        .filter("identifier = '" + identifier + "'")
        .first()
        .getAs("person_id");
  }

  @Test
  void aLoggedInVisitorIsStitchedToHerContactThroughTheHashedEmail() {
    String cleo = personOf("crm:003000000000000C01");

    assertThat(personOf("cookie:555.666")).isEqualTo(cleo);
    assertThat(personOf("gclid:GCL1")).isEqualTo(cleo);
    assertThat(personOf("crm:003000000000000C02")).isNotEqualTo(cleo);
    assertThat(personOf("cookie:777.888"))
        .isNotEqualTo(cleo)
        .isNotEqualTo(personOf("crm:003000000000000C02"));
    assertThat(
            table(warehouse, "journey", "int_identity_graph")
                .filter("identifier = 'cookie:777.888'")
                .first()
                .<Boolean>getAs("is_known"))
        .isFalse();
  }

  @Test
  void theOpportunityTakesTheTouchesOfEveryoneAtItsAccount() {
    List<String> touches =
        lines(
            table(warehouse, "journey", "fct_opportunity_touchpoints")
                .orderBy("position")
                .selectExpr(
                    "position",
                    "touch_type",
                    "channel",
                    "touch_at",
                    "is_first",
                    "is_last",
                    "is_last_non_direct",
                    "person_id = '" + personOf("crm:003000000000000C01") + "'"));

    assertThat(touches)
        .containsExactly(
            "1|ad_click|Paid Search|2026-11-03 10:00:00.0|true|false|false|true",
            "2|campaign_response|Events|2026-11-05 00:00:00.0|false|true|true|false");
  }

  @Test
  void theOpportunityIsOnThePrimaryContactsJourneyAndTheAccountsJourney() {
    String cleo = personOf("crm:003000000000000C01");
    assertThat(
            lines(
                table(warehouse, "journey", "fct_journey_events")
                    .filter("person_id = '" + cleo + "'")
                    .orderBy("sequence_number")
                    .selectExpr("sequence_number", "event_type", "channel")))
        .containsExactly(
            "1|lead_created|Direct",
            "2|ad_click|Paid Search",
            "3|web_session|Paid Search",
            "4|opportunity_created|Direct");
    assertThat(
            lines(
                table(warehouse, "journey", "dim_customer_journeys")
                    .filter("grain = 'account'")
                    .selectExpr(
                        "journey_id",
                        "lead_created_at",
                        "opportunity_created_at",
                        "current_stage")))
        .containsExactly(
            "001000000000000A01|2026-10-01 09:00:00.0|2026-11-10 12:00:00.0|opportunity");
  }
}
