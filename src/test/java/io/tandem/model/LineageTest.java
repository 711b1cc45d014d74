package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineageTest {
  private final Lineage lineage = Lineage.of(TestPaths.home().resolve("sql"));

  @Test
  void adSpendFeedsTheSpendAndEfficiencyKpisButNotTheFunnel() {
    Set<String> fed = lineage.downstreamOf(List.of("bronze.raw_linkedin_ads_ad_analytics"));
    assertThat(fed)
        .contains(
            "silver.stg_linkedin_ads_ad_analytics",
            "silver.ads_daily_performance",
            "gold.kpi_spend_daily",
            "gold.kpi_efficiency_quarterly",
            "gold.kpi_alignment_scorecard_quarterly")
        .doesNotContain("gold.kpi_funnel_flow_weekly", "journey.int_identity_graph");
    // Google Ads campaign names also name the ad clicks of the journey, so they feed attribution
    assertThat(lineage.downstreamOf(List.of("bronze.raw_google_ads_campaign_performance")))
        .contains(
            "silver.ads_clicks", "journey.fct_journey_events", "gold.fct_attribution_credits");
  }

  @Test
  void crmLeadsFeedTheIdentityGraphAndSoTheJourneyAndAttribution() {
    Set<String> fed = lineage.downstreamOf(List.of("bronze.raw_salesforce_lead"));
    assertThat(fed)
        .contains(
            "journey.int_identity_graph",
            "journey.fct_journey_events",
            "gold.attribution_channel_values",
            "gold.fct_attribution_credits",
            "gold.kpi_funnel_flow_weekly");
  }
}
