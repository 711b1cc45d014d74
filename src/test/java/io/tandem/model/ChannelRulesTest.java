package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The channel rules as SQL's {@code channel_of}: first rule by priority, LIKE as SQL has it. */
class ChannelRulesTest {
  private final ChannelRules rules =
      new ChannelRules(
          List.of(
              new ChannelRules.Rule(20, "lead_source", "facebook%", "Paid Social", "marketing"),
              new ChannelRules.Rule(10, "utm", "%/cpc", "Paid Search", "marketing"),
              new ChannelRules.Rule(16, "utm", "(direct)/(none)", "Direct", "marketing"),
              new ChannelRules.Rule(30, "lead_source", "%", "Other", "sales"),
              new ChannelRules.Rule(30, "lead_source", "_vent", "Events", "marketing")));

  @Test
  void theLowestPriorityThatMatchesWinsAcrossFields() {
    assertThat(channel(Map.of("utm", "google/cpc", "lead_source", "facebook ads")))
        .isEqualTo("Paid Search/marketing");
    assertThat(channel(Map.of("utm", "google/organic", "lead_source", "facebook ads")))
        .isEqualTo("Paid Social/marketing");
  }

  @Test
  void equalPrioritiesAreOrderedByPatternThenChannel() {
    // '%' sorts before '_vent': the catch-all wins a tie, as ORDER BY priority, pattern did
    assertThat(channel(Map.of("lead_source", "event"))).isEqualTo("Other/sales");
  }

  @Test
  void patternsAreSqlLikeAndMatchTheWholeValue() {
    assertThat(channel(Map.of("utm", "(direct)/(none)"))).isEqualTo("Direct/marketing");
    assertThat(channel(Map.of("utm", "(direct)/(none)x"))).isNull();
    assertThat(ChannelRules.like("a_c%").matcher("abcdef").matches()).isTrue();
    assertThat(ChannelRules.like("a_c%").matcher("ac").matches()).isFalse();
    assertThat(ChannelRules.like("100\\%").matcher("100%").matches()).isTrue();
    assertThat(ChannelRules.like("100\\%").matcher("1000").matches()).isFalse();
  }

  @Test
  void aMissingOrNullValueMatchesNoRule() {
    Map<String, String> nullUtm = new HashMap<>();
    nullUtm.put("utm", null);
    assertThat(channel(nullUtm)).isNull();
    assertThat(channel(Map.of("campaign_type", "webinar"))).isNull();
  }

  private String channel(Map<String, String> values) {
    Row row = rules.first(values);
    return row == null ? null : row.getString(0) + "/" + row.getString(1);
  }
}
