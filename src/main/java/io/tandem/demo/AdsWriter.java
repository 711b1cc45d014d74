package io.tandem.demo;

import static io.tandem.demo.DemoFormats.json;
import static io.tandem.demo.DemoFormats.ordered;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three ad platforms' daily exports: Google Ads GAQL report rows (CSV) and click_view rows,
 * Meta Ads Insights (CSV with the {@code actions} JSON array) and ad creatives with {@code
 * url_tags}, LinkedIn adAnalytics (JSON with {@code elements} and a nested {@code dateRange}) and
 * campaigns. Google Ads and Meta accounts run in New York time; LinkedIn reports in UTC.
 */
final class AdsWriter {
  static final ZoneId ACCOUNT_ZONE = ZoneId.of("America/New_York");
  static final String GOOGLE_CUSTOMER = "1234567890";
  static final String META_ACCOUNT = "act_5550001";
  static final String LINKEDIN_ACCOUNT = "urn:li:sponsoredAccount:508000";

  /** The Meta account bills in euros; the demo converts its USD-based costs at this rate. */
  private static final double EUR_PER_USD = 1 / 1.08;

  record Campaign(
      String platform, String id, String name, String channelType, double costPerClick) {
    /**
     * The UTM campaign its ads are tagged with: the name, except that the thought-leadership ads
     * carry a typo, as real tracking templates do, for the tagging list to find.
     */
    String utmCampaign() {
      return name.replace("Thought Leadership", "Thougth Leadership");
    }
  }

  private final DailyExtract googleAds;
  private final DailyExtract clickView;
  private final DailyExtract metaInsights;
  private final DailyExtract metaCreatives;
  private final DailyExtract linkedinAnalytics =
      DailyExtract.json(
          "linkedin_ads", "ad_analytics", "ad_analytics.json", DailyExtract.Format.JSON_ELEMENTS);
  private final DailyExtract linkedinCampaigns =
      DailyExtract.json(
          "linkedin_ads", "campaigns", "campaigns.json", DailyExtract.Format.JSON_ELEMENTS);

  AdsWriter(HeaderStyle style) {
    googleAds =
        DailyExtract.csv(
            "google_ads",
            "campaign_performance",
            style,
            "segments.date",
            "customer.id",
            "customer.currency_code",
            "customer.time_zone",
            "campaign.id",
            "campaign.name",
            "campaign.advertising_channel_type",
            "metrics.impressions",
            "metrics.clicks",
            "metrics.cost_micros",
            "metrics.conversions",
            "metrics.conversions_value");
    clickView =
        DailyExtract.csv(
            "google_ads",
            "click_view",
            style,
            "click_view.gclid",
            "segments.date",
            "customer.id",
            "campaign.id",
            "ad_group.id");
    metaInsights =
        DailyExtract.csv(
            "meta_ads",
            "ads_insights",
            style,
            "date_start",
            "date_stop",
            "account_id",
            "account_currency",
            "campaign_id",
            "campaign_name",
            "adset_id",
            "ad_id",
            "impressions",
            "clicks",
            "spend",
            "actions");
    metaCreatives =
        DailyExtract.csv(
            "meta_ads",
            "ad_creatives",
            style,
            "id",
            "account_id",
            "campaign_id",
            "ad_id",
            "name",
            "url_tags");
  }

  List<DailyExtract> extracts() {
    return List.of(
        googleAds, clickView, metaInsights, metaCreatives, linkedinAnalytics, linkedinCampaigns);
  }

  /** The campaign's set-up records, written on its first day. */
  void campaignCreated(LocalDate day, Campaign c) {
    switch (c.platform()) {
      case "meta_ads" -> {
        String adId = c.id() + "0101";
        String tags =
            "utm_source=facebook&utm_medium=paid_social&utm_campaign="
                + c.utmCampaign().replace(' ', '+');
        metaCreatives.row(
            day,
            adId,
            List.of(c.id() + "9", META_ACCOUNT, c.id(), adId, c.name() + " - creative", tags));
      }
      case "linkedin_ads" -> {
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("id", Long.parseLong(c.id()));
        campaign.put("account", LINKEDIN_ACCOUNT);
        campaign.put("name", c.name());
        campaign.put("status", "ACTIVE");
        campaign.put("costType", "CPC");
        campaign.put("objectiveType", "LEAD_GENERATION");
        linkedinCampaigns.json(day, c.id(), json(campaign));
      }
      default -> {}
    }
  }

  void click(LocalDate accountDay, Campaign c, String gclid) {
    if (c.platform().equals("google_ads")) {
      clickView.row(
          accountDay,
          gclid,
          List.of(gclid, accountDay.toString(), GOOGLE_CUSTOMER, c.id(), c.id() + "01"));
    }
  }

  void performance(
      LocalDate day, Campaign c, long clicks, long impressions, double costUsd, long leads) {
    String date = day.toString();
    switch (c.platform()) {
      case "google_ads" ->
          googleAds.row(
              day,
              c.id(),
              List.of(
                  date,
                  GOOGLE_CUSTOMER,
                  "USD",
                  ACCOUNT_ZONE.getId(),
                  c.id(),
                  c.name(),
                  c.channelType(),
                  Long.toString(impressions),
                  Long.toString(clicks),
                  Long.toString(Math.round(costUsd * 1_000_000)),
                  String.format(Locale.ROOT, "%.2f", (double) leads),
                  "0.00"));
      case "meta_ads" -> {
        String actions =
            json(
                List.of(
                    ordered("action_type", "link_click", "value", Long.toString(clicks)),
                    ordered("action_type", "lead", "value", Long.toString(leads)),
                    ordered(
                        "action_type",
                        "offsite_conversion.fb_pixel_lead",
                        "value",
                        Long.toString(leads))));
        metaInsights.row(
            day,
            c.id(),
            List.of(
                date,
                date,
                META_ACCOUNT,
                "EUR",
                c.id(),
                c.name(),
                c.id() + "01",
                c.id() + "0101",
                Long.toString(impressions),
                Long.toString(clicks),
                String.format(Locale.ROOT, "%.2f", costUsd * EUR_PER_USD),
                actions));
      }
      default -> {
        Map<String, Object> start =
            ordered(
                "year", day.getYear(), "month", day.getMonthValue(), "day", day.getDayOfMonth());
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("dateRange", ordered("start", start, "end", start));
        element.put("pivotValues", List.of("urn:li:sponsoredCampaign:" + c.id()));
        element.put("impressions", impressions);
        element.put("clicks", clicks);
        element.put("costInLocalCurrency", String.format(Locale.ROOT, "%.2f", costUsd));
        element.put("costInUsd", String.format(Locale.ROOT, "%.2f", costUsd));
        element.put("externalWebsiteConversions", leads);
        element.put("oneClickLeads", 0);
        linkedinAnalytics.json(day, json(element));
      }
    }
  }
}
