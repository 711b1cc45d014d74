package io.tandem.demo;

import static io.tandem.demo.DemoFormats.day;
import static io.tandem.demo.DemoFormats.emptyIfNull;
import static io.tandem.demo.DemoFormats.salesforceTime;

import io.tandem.demo.DemoCatalog.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Salesforce objects as Bulk API CSV exports (or connector tables, by header style). */
final class SalesforceWriter implements CrmWriter {
  private final DailyExtract user;
  private final DailyExtract lead;
  private final DailyExtract leadHistory;
  private final DailyExtract task;
  private final DailyExtract account;
  private final DailyExtract contact;
  private final DailyExtract opportunity;
  private final DailyExtract opportunityHistory;
  private final DailyExtract campaign;
  private final DailyExtract campaignMember;
  private final Function<String, String> ids;

  SalesforceWriter(HeaderStyle style, Function<String, String> ids) {
    this.ids = ids;
    user =
        DailyExtract.csv(
            "salesforce", "User", style, "Id", "Name", "Email", "Department", "IsActive");
    lead =
        DailyExtract.csv(
            "salesforce",
            "Lead",
            style,
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
    leadHistory =
        DailyExtract.csv(
            "salesforce",
            "LeadHistory",
            style,
            "Id",
            "LeadId",
            "CreatedDate",
            "Field",
            "OldValue",
            "NewValue");
    task =
        DailyExtract.csv(
            "salesforce",
            "Task",
            style,
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
    account =
        DailyExtract.csv(
            "salesforce",
            "Account",
            style,
            "Id",
            "Name",
            "Type",
            "Industry",
            "CreatedDate",
            "IsDeleted",
            "SystemModstamp");
    contact =
        DailyExtract.csv(
            "salesforce",
            "Contact",
            style,
            "Id",
            "AccountId",
            "Email",
            "CreatedDate",
            "LeadSource",
            "OwnerId",
            "IsDeleted",
            "SystemModstamp");
    opportunity =
        DailyExtract.csv(
            "salesforce",
            "Opportunity",
            style,
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
    opportunityHistory =
        DailyExtract.csv(
            "salesforce",
            "OpportunityHistory",
            style,
            "Id",
            "OpportunityId",
            "CreatedDate",
            "StageName",
            "Amount",
            "CloseDate",
            "Probability");
    campaign =
        DailyExtract.csv(
            "salesforce",
            "Campaign",
            style,
            "Id",
            "Name",
            "Type",
            "Status",
            "StartDate",
            "EndDate",
            "ActualCost",
            "BudgetedCost");
    campaignMember =
        DailyExtract.csv(
            "salesforce",
            "CampaignMember",
            style,
            "Id",
            "CampaignId",
            "LeadId",
            "ContactId",
            "Status",
            "HasResponded",
            "FirstRespondedDate",
            "CreatedDate");
  }

  @Override
  public void users(LocalDate day, List<User> users) {
    for (User u : users) {
      String email = u.name().toLowerCase(Locale.ROOT).replace(' ', '.') + "@tandem-demo.com";
      user.row(day, u.id(), List.of(u.id(), u.name(), email, u.department(), "true"));
    }
  }

  @Override
  public void eventCampaign(String id, String name, LocalDate day, double cost) {
    String amount = String.format(Locale.ROOT, "%.2f", cost);
    campaign.row(
        day,
        id,
        List.of(
            id, name, "Trade Show", "Completed", day.toString(), day.toString(), amount, amount));
  }

  @Override
  public void lead(DemoLead l, Instant end) {
    String previousStatus = null;
    for (Instant change : l.changes(end)) {
      String status = status(l.phase(change));
      LocalDate day = day(change);
      lead.row(day, l.id, leadRow(l, change, status));
      if (!status.equals(previousStatus)) {
        String historyId = ids.apply("017");
        boolean created = previousStatus == null;
        leadHistory.row(
            day,
            historyId,
            List.of(
                historyId,
                l.id,
                salesforceTime(change),
                created ? "created" : "Status",
                created ? "" : previousStatus,
                created ? "" : status));
      }
      previousStatus = status;
    }
    if (l.touched != null && l.touched.isBefore(end)) {
      String taskId = ids.apply("00T");
      LocalDate day = day(l.touched);
      task.row(
          day,
          taskId,
          List.of(
              taskId,
              l.id,
              "",
              l.owner.id(),
              "Call: intro",
              "Call",
              "Call",
              day.toString(),
              salesforceTime(l.touched),
              "Completed"));
    }
    if (l.eventCampaignId != null) {
      String memberId = ids.apply("00v");
      String created = salesforceTime(l.created);
      campaignMember.row(
          day(l.created),
          memberId,
          List.of(
              memberId,
              l.eventCampaignId,
              l.id,
              "",
              "Attended",
              "true",
              day(l.created).toString(),
              created));
    }
    if (l.converted != null && l.converted.isBefore(end)) {
      String at = salesforceTime(l.converted);
      LocalDate day = day(l.converted);
      account.row(
          day,
          l.accountId,
          List.of(l.accountId, l.company, "Prospect", l.industry, at, "false", at));
      contact.row(
          day,
          l.contactId,
          List.of(l.contactId, l.accountId, l.email, at, l.leadSource, l.owner.id(), "false", at));
    }
  }

  private static String status(DemoLead.Phase phase) {
    return switch (phase) {
      case OPEN -> "Open - Not Contacted";
      case WORKING -> "Working - Contacted";
      case REJECTED -> "Unqualified";
      case RECYCLED -> "Nurture";
      case CONVERTED -> "Qualified";
    };
  }

  private static List<String> leadRow(DemoLead l, Instant asOf, String status) {
    boolean converted = DemoLead.reached(l.converted, asOf);
    return List.of(
        l.id,
        salesforceTime(l.created),
        salesforceTime(asOf),
        "false",
        l.email,
        l.first,
        l.last,
        l.company,
        l.leadSource,
        status,
        l.rating(),
        Integer.toString(l.score),
        DemoLead.reached(l.mql, asOf) ? salesforceTime(l.mql) : "",
        Boolean.toString(converted),
        converted ? day(l.converted).toString() : "",
        converted ? l.contactId : "",
        converted ? l.accountId : "",
        converted && l.opportunity != null ? l.opportunity.id() : "",
        l.owner.id(),
        l.market.country(),
        l.industry,
        emptyIfNull(l.gclid),
        emptyIfNull(l.cookie),
        l.utm == null ? "" : l.utm.utmSource(),
        l.utm == null ? "" : l.utm.utmMedium(),
        emptyIfNull(l.campaignName));
  }

  @Override
  public void opportunity(DemoOpportunity o, Instant end) {
    for (int i = 0; i < o.stages().size() && o.stageTimes().get(i).isBefore(end); i++) {
      Instant at = o.stageTimes().get(i);
      String stage = o.stages().get(i);
      String closeDate =
          DemoOpportunity.isClosed(stage) ? day(at).toString() : o.expectedClose().toString();
      String probability = Integer.toString(DemoOpportunity.probability(stage));
      opportunity.row(
          day(at),
          o.id(),
          List.of(
              o.id(),
              o.lead().accountId,
              o.lead().company + " - " + o.type(),
              stage,
              Long.toString(o.amount()),
              o.currency(),
              closeDate,
              salesforceTime(o.created()),
              Boolean.toString(DemoOpportunity.isClosed(stage)),
              Boolean.toString(DemoOpportunity.isWon(stage)),
              o.type(),
              o.lead().leadSource,
              "",
              o.owner().id(),
              probability,
              "false",
              salesforceTime(at)));
      String historyId = ids.apply("008");
      opportunityHistory.row(
          day(at),
          historyId,
          List.of(
              historyId,
              o.id(),
              salesforceTime(at),
              stage,
              Long.toString(o.amount()),
              closeDate,
              probability));
    }
  }

  @Override
  public List<DailyExtract> extracts() {
    return List.of(
        user,
        lead,
        leadHistory,
        task,
        account,
        contact,
        opportunity,
        opportunityHistory,
        campaign,
        campaignMember);
  }
}
