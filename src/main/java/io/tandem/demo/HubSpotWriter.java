package io.tandem.demo;

import static io.tandem.demo.DemoFormats.day;
import static io.tandem.demo.DemoFormats.isoTime;
import static io.tandem.demo.DemoFormats.json;
import static io.tandem.demo.DemoFormats.ordered;

import io.tandem.demo.DemoCatalog.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HubSpot CRM v3 API exports as NDJSON: contacts (with {@code propertiesWithHistory} for the lead
 * status), companies, deals with their contact and company associations, and call engagements.
 * HubSpot has no lead object: the contact is the record from the first form fill on. Lifecycle
 * stage dates are written as epoch milliseconds, as older exports do; other times as ISO text.
 */
final class HubSpotWriter implements CrmWriter {
  private final DailyExtract contacts = ndjson("contacts");
  private final DailyExtract companies = ndjson("companies");
  private final DailyExtract deals = ndjson("deals");
  private final DailyExtract engagements = ndjson("engagements");

  private static DailyExtract ndjson(String object) {
    return DailyExtract.json("hubspot", object, object + ".ndjson", DailyExtract.Format.NDJSON);
  }

  @Override
  public void users(LocalDate day, List<User> users) {
    // HubSpot exports carry owner ids only; owners are mapped to teams in conf.
  }

  @Override
  public void eventCampaign(String id, String name, LocalDate day, double cost) {
    // Trade-show contacts carry the event in their original source; HubSpot campaigns are not
    // exported.
  }

  @Override
  public void lead(DemoLead l, Instant end) {
    List<Instant> changes = new ArrayList<>(l.changes(end));
    Instant won = wonAt(l);
    if (won != null && won.isBefore(end)) {
      changes.add(won);
    }
    List<Map<String, Object>> statusHistory = new ArrayList<>();
    String previousStatus = null;
    for (Instant change : changes) {
      String status = leadStatus(l.phase(change));
      if (!status.equals(previousStatus)) {
        statusHistory.add(
            0, ordered("value", status, "timestamp", isoTime(change), "sourceType", "CRM_UI"));
      }
      previousStatus = status;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", number(l.id));
      record.put("properties", contactProperties(l, change, status, won));
      record.put("propertiesWithHistory", ordered("hs_lead_status", List.copyOf(statusHistory)));
      record.put("createdAt", isoTime(l.created));
      record.put("updatedAt", isoTime(change));
      record.put("archived", false);
      contacts.json(day(change), l.id, json(record));
    }
    if (l.touched != null && l.touched.isBefore(end)) {
      String id = number(l.id) + "01";
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("id", id);
      call.put(
          "properties",
          ordered(
              "hs_timestamp",
              isoTime(l.touched),
              "hubspot_owner_id",
              owner(l.owner),
              "hs_engagement_type",
              "CALL"));
      call.put("associations", associations("contacts", number(l.id), "call_to_contact"));
      engagements.json(day(l.touched), id, json(call));
    }
    if (l.converted != null && l.converted.isBefore(end)) {
      Map<String, Object> company = new LinkedHashMap<>();
      company.put("id", number(l.accountId));
      company.put(
          "properties",
          ordered(
              "name",
              l.company,
              "domain",
              l.email.substring(l.email.indexOf('@') + 1),
              "createdate",
              isoTime(l.converted),
              "lifecyclestage",
              "opportunity"));
      companies.json(day(l.converted), l.accountId, json(company));
    }
  }

  private static Instant wonAt(DemoLead l) {
    DemoOpportunity o = l.opportunity;
    if (o == null || !DemoOpportunity.isWon(o.stages().get(o.stages().size() - 1))) {
      return null;
    }
    return o.stageTimes().get(o.stageTimes().size() - 1);
  }

  private static Map<String, Object> contactProperties(
      DemoLead l, Instant asOf, String status, Instant won) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("email", l.email);
    p.put("firstname", l.first);
    p.put("lastname", l.last);
    p.put("company", l.company);
    p.put("createdate", isoTime(l.created));
    p.put("lastmodifieddate", isoTime(asOf));
    p.put("hs_lead_status", status);
    p.put("hubspotscore", Integer.toString(l.score));
    p.put("hubspot_owner_id", owner(l.owner));
    p.put("hs_analytics_source", analyticsSource(l));
    p.put("hs_analytics_source_data_1", l.utm == null ? offlineSourceDetail(l) : l.utm.utmSource());
    p.put("hs_analytics_source_data_2", l.campaignName);
    p.put("country", l.market.country());
    p.put("industry", l.industry);
    p.put("hs_google_click_id", l.gclid);
    p.put("ga_client_id", l.cookie);
    boolean converted = DemoLead.reached(l.converted, asOf);
    p.put("associatedcompanyid", converted ? number(l.accountId) : null);
    String stage = "lead";
    p.put("hs_lifecyclestage_lead_date", epochMillis(l.created));
    if (DemoLead.reached(l.mql, asOf)) {
      stage = "marketingqualifiedlead";
      p.put("hs_lifecyclestage_marketingqualifiedlead_date", epochMillis(l.mql));
    }
    if (converted) {
      stage = "opportunity";
      p.put("hs_lifecyclestage_salesqualifiedlead_date", epochMillis(l.converted));
      p.put("hs_lifecyclestage_opportunity_date", epochMillis(l.converted));
    }
    if (DemoLead.reached(won, asOf)) {
      stage = "customer";
      p.put("hs_lifecyclestage_customer_date", epochMillis(won));
    }
    p.put("lifecyclestage", stage);
    return p;
  }

  private static String analyticsSource(DemoLead l) {
    return switch (l.channel) {
      case "Paid Search" -> "PAID_SEARCH";
      case "Paid Social" -> "PAID_SOCIAL";
      case "Organic Search" -> "ORGANIC_SEARCH";
      case "Email" -> "EMAIL_MARKETING";
      case "Referral" -> "REFERRALS";
      case "Direct" -> "DIRECT_TRAFFIC";
      default -> "OFFLINE";
    };
  }

  /** HubSpot's drill-down for records not created by a website visit. */
  private static String offlineSourceDetail(DemoLead l) {
    return switch (l.channel) {
      case "Events" -> "IMPORT";
      case "Partner" -> "INTEGRATION";
      default -> "CRM_UI";
    };
  }

  private static String leadStatus(DemoLead.Phase phase) {
    return switch (phase) {
      case OPEN -> "NEW";
      case WORKING -> "IN_PROGRESS";
      case REJECTED -> "UNQUALIFIED";
      case RECYCLED -> "BAD_TIMING";
      case CONVERTED -> "OPEN_DEAL";
    };
  }

  @Override
  public void opportunity(DemoOpportunity o, Instant end) {
    Map<String, Object> entered = new LinkedHashMap<>();
    for (int i = 0; i < o.stages().size() && o.stageTimes().get(i).isBefore(end); i++) {
      Instant at = o.stageTimes().get(i);
      String stage = dealStage(o.stages().get(i));
      entered.put("hs_date_entered_" + stage, isoTime(at));
      boolean closed = DemoOpportunity.isClosed(o.stages().get(i));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("dealname", o.lead().company + " - " + o.type());
      p.put("amount", Long.toString(o.amount()));
      p.put("deal_currency_code", o.currency());
      p.put("dealstage", stage);
      p.put("pipeline", "default");
      p.put("dealtype", o.type().equals("New Business") ? "newbusiness" : "existingbusiness");
      p.put("createdate", isoTime(o.created()));
      p.put("closedate", closed ? isoTime(at) : o.expectedClose() + "T00:00:00.000Z");
      p.put("hs_is_closed", Boolean.toString(closed));
      p.put("hs_is_closed_won", Boolean.toString(DemoOpportunity.isWon(o.stages().get(i))));
      p.put("hubspot_owner_id", owner(o.owner()));
      p.put("hs_lastmodifieddate", isoTime(at));
      p.putAll(entered);
      Map<String, Object> deal = new LinkedHashMap<>();
      deal.put("id", number(o.id()));
      deal.put("properties", p);
      Map<String, Object> links = new LinkedHashMap<>();
      links.putAll(associations("contacts", number(o.lead().id), "deal_to_contact"));
      links.putAll(associations("companies", number(o.lead().accountId), "deal_to_company"));
      deal.put("associations", links);
      deal.put("createdAt", isoTime(o.created()));
      deal.put("updatedAt", isoTime(at));
      deal.put("archived", false);
      deals.json(day(at), o.id(), json(deal));
    }
  }

  private static String dealStage(String stage) {
    return switch (stage) {
      case "Prospecting" -> "appointmentscheduled";
      case "Qualification" -> "qualifiedtobuy";
      case "Proposal" -> "presentationscheduled";
      case "Negotiation" -> "contractsent";
      case "Closed Won" -> "closedwon";
      default -> "closedlost";
    };
  }

  private static Map<String, Object> associations(String object, String id, String type) {
    return ordered(object, ordered("results", List.of(ordered("id", id, "type", type))));
  }

  /** HubSpot ids are numbers: the demo's Salesforce-style id without prefix and zeros. */
  private static String number(String salesforceStyleId) {
    return Long.toString(Long.parseLong(salesforceStyleId.substring(3)));
  }

  private static String owner(User user) {
    return "7" + user.id().substring(user.id().length() - 4);
  }

  private static String epochMillis(Instant instant) {
    return Long.toString(instant.toEpochMilli());
  }

  @Override
  public List<DailyExtract> extracts() {
    return List.of(contacts, companies, deals, engagements);
  }
}
