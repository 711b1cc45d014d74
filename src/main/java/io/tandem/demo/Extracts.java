package io.tandem.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo company's extract files, with the headers each vendor or connector writes. */
final class Extracts {
  final DailyExtract user =
      DailyExtract.csv("salesforce", "User", "Id", "Name", "Email", "Department", "IsActive");
  final DailyExtract lead =
      DailyExtract.csv(
          "salesforce",
          "Lead",
          "Id",
          "CreatedDate",
          "SystemModstamp",
          "IsDeleted",
          "Email",
          "FirstName",
          "LastName",
          "Company",
          "LeadSource",
          "Status",
          "Rating",
          "Lead_Score__c",
          "MQL_Date__c",
          "IsConverted",
          "ConvertedDate",
          "ConvertedContactId",
          "ConvertedAccountId",
          "ConvertedOpportunityId",
          "OwnerId",
          "Country",
          "Industry",
          "GCLID__c",
          "GA_Client_ID__c",
          "UTM_Source__c",
          "UTM_Medium__c",
          "UTM_Campaign__c");
  final DailyExtract leadHistory =
      DailyExtract.csv(
          "salesforce",
          "LeadHistory",
          "Id",
          "LeadId",
          "CreatedDate",
          "Field",
          "OldValue",
          "NewValue");
  final DailyExtract task =
      DailyExtract.csv(
          "salesforce",
          "Task",
          "Id",
          "WhoId",
          "WhatId",
          "OwnerId",
          "Subject",
          "Type",
          "TaskSubtype",
          "ActivityDate",
          "CreatedDate",
          "Status");
  final DailyExtract account =
      DailyExtract.csv(
          "salesforce",
          "Account",
          "Id",
          "Name",
          "Type",
          "Industry",
          "CreatedDate",
          "IsDeleted",
          "SystemModstamp");
  final DailyExtract contact =
      DailyExtract.csv(
          "salesforce",
          "Contact",
          "Id",
          "AccountId",
          "Email",
          "CreatedDate",
          "LeadSource",
          "OwnerId",
          "IsDeleted",
          "SystemModstamp");
  final DailyExtract opportunity =
      DailyExtract.csv(
          "salesforce",
          "Opportunity",
          "Id",
          "AccountId",
          "Name",
          "StageName",
          "Amount",
          "CurrencyIsoCode",
          "CloseDate",
          "CreatedDate",
          "IsClosed",
          "IsWon",
          "Type",
          "LeadSource",
          "CampaignId",
          "OwnerId",
          "Probability",
          "IsDeleted",
          "SystemModstamp");
  final DailyExtract opportunityHistory =
      DailyExtract.csv(
          "salesforce",
          "OpportunityHistory",
          "Id",
          "OpportunityId",
          "CreatedDate",
          "StageName",
          "Amount",
          "CloseDate",
          "Probability");
  final DailyExtract googleAds =
      DailyExtract.csv(
          "google_ads",
          "campaign_performance",
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
  final DailyExtract metaAds =
      DailyExtract.csv(
          "meta_ads",
          "ads_insights",
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
  final DailyExtract linkedinAds =
      new DailyExtract(
          "linkedin_ads",
          "ad_analytics",
          "ad_analytics.json",
          DailyExtract.Format.JSON_ELEMENTS,
          List.of());
  final DailyExtract ga4 =
      new DailyExtract(
          "ga4", "events", "events_{yyyymmdd}.ndjson.gz", DailyExtract.Format.NDJSON_GZ, List.of());

  private List<DailyExtract> all() {
    return List.of(
        user,
        lead,
        leadHistory,
        task,
        account,
        contact,
        opportunity,
        opportunityHistory,
        googleAds,
        metaAds,
        linkedinAds,
        ga4);
  }

  void flushAll(Path landing, LocalDate through) throws IOException {
    for (DailyExtract extract : all()) {
      extract.flushThrough(landing, through);
    }
  }

  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    all().forEach(e -> counts.put(e.name(), e.records()));
    return counts;
  }
}
