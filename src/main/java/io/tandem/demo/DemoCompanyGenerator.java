package io.tandem.demo;

import static io.tandem.demo.DemoCatalog.ACCOUNT_EXECUTIVES;
import static io.tandem.demo.DemoCatalog.WEB_CHANNELS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.demo.DemoCatalog.Market;
import io.tandem.demo.DemoCatalog.User;
import io.tandem.demo.DemoCatalog.WebChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a synthetic B2B company's extracts in the vendors' formats with identities that agree
 * across sources: an ad click's gclid lands on the website, the GA4 cookie is stored on the lead
 * ({@code GA_Client_ID__c}), the lead converts to a contact, account and opportunity that is won or
 * lost. Deterministic: the same spec gives byte-identical files. The true journey of every lead is
 * written to {@code <landing>/_ground_truth/}.
 */
public final class DemoCompanyGenerator {
  private static final DateTimeFormatter SALESFORCE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final ZoneId ADS_ZONE = ZoneId.of("America/New_York");
  private static final double LEADS_PER_YEAR_AT_SF1 = 20_000;
  private static final double WEB_LEAD_SHARE = 0.82;
  private static final int MQL_SCORE = 65;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoSpec spec;
  private final Path landing;
  private final Rng rng;
  private final Instant end;
  private final Extracts out = new Extracts();
  private final List<Campaign> campaigns = new ArrayList<>();
  private final TreeMap<LocalDate, Map<Campaign, AdDay>> adDays = new TreeMap<>();
  private final List<String> truthLeads = new ArrayList<>();
  private long ids;
  private long leads;
  private long opportunities;

  private DemoCompanyGenerator(DemoSpec spec, Path landing) {
    this.spec = spec;
    this.landing = landing;
    this.rng = new Rng(spec.seed());
    this.end = spec.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public static Summary generate(DemoSpec spec, Path landing) throws IOException {
    return new DemoCompanyGenerator(spec, landing).run();
  }

  /** What was written, for the console. */
  public record Summary(Map<String, Long> recordsPerObject, long leads, long opportunities) {
    public String describe(Path landing) {
      StringBuilder text = new StringBuilder("Demo extracts written to " + landing + ":\n");
      recordsPerObject.forEach(
          (k, v) -> text.append(String.format("  %-36s %,10d records%n", k, v)));
      return text.append(String.format("  %,d leads, %,d opportunities", leads, opportunities))
          .toString();
    }
  }

  private Summary run() throws IOException {
    createCampaigns();
    writeUsers();
    for (LocalDate day = spec.from(); !day.isAfter(spec.to()); day = day.plusDays(1)) {
      simulateDay(day);
      out.ga4.flushThrough(
          landing, day.minusDays(15)); // later sessions of earlier visitors are done
    }
    writeAdPerformance();
    out.flushAll(landing, spec.to());
    writeTruth();
    return new Summary(out.counts(), leads, opportunities);
  }

  // ---- the cast ---------------------------------------------------------------------------

  private record Campaign(
      String platform, String id, String name, String channelType, double costPerClick) {}

  private static final class AdDay {
    long clicks;
    long leads;
  }

  private void createCampaigns() {
    int perPlatform = Math.max(2, (int) Math.round(50 * spec.scale()));
    String[][] themes = {
      {"google_ads", "GS - Brand", "SEARCH"},
      {"google_ads", "GS - Generic - Data Warehouse", "SEARCH"},
      {"google_ads", "GS - Competitor", "SEARCH"},
      {"google_ads", "GD - Retargeting", "DISPLAY"},
      {"meta_ads", "FB - Lead Gen - Ebook", ""},
      {"meta_ads", "FB - Retargeting - Demo", ""},
      {"linkedin_ads", "LI - ABM - Enterprise", ""},
      {"linkedin_ads", "LI - Thought Leadership", ""}
    };
    for (String platform : List.of("google_ads", "meta_ads", "linkedin_ads")) {
      List<String[]> platformThemes = new ArrayList<>();
      for (String[] theme : themes) {
        if (theme[0].equals(platform)) {
          platformThemes.add(theme);
        }
      }
      for (int i = 0; i < perPlatform; i++) {
        String[] theme = platformThemes.get(i % platformThemes.size());
        String id =
            switch (platform) {
              case "google_ads" -> Long.toString(21_000_000_000L + i * 7919L);
              case "meta_ads" -> Long.toString(120_200_000_000_000L + i * 104_729L);
              default -> Long.toString(310_000_000L + i * 613L);
            };
        String name =
            theme[1] + (i < platformThemes.size() ? "" : " #" + (i / platformThemes.size() + 1));
        campaigns.add(new Campaign(platform, id, name, theme[2], rng.uniform(1.5, 9.0)));
      }
    }
  }

  private void writeUsers() {
    LocalDate first = spec.from();
    List<User> everyone = new ArrayList<>(DemoCatalog.SDRS);
    everyone.addAll(ACCOUNT_EXECUTIVES);
    everyone.add(DemoCatalog.MARKETING_OPS);
    for (User user : everyone) {
      String email = user.name().toLowerCase(Locale.ROOT).replace(' ', '.') + "@tandem-demo.com";
      out.user.row(
          first, user.id(), List.of(user.id(), user.name(), email, user.department(), "true"));
    }
  }

  // ---- one day of the company -------------------------------------------------------------

  private void simulateDay(LocalDate day) {
    double leadsToday = LEADS_PER_YEAR_AT_SF1 * spec.scale() / 365 * seasonality(day);
    double meanConversion =
        WEB_CHANNELS.stream().mapToDouble(c -> c.visitorShare() * c.conversion()).sum();
    int visitors = rng.poisson(leadsToday * WEB_LEAD_SHARE / meanConversion);
    double[] shares = WEB_CHANNELS.stream().mapToDouble(WebChannel::visitorShare).toArray();
    for (int v = 0; v < visitors; v++) {
      visit(day, WEB_CHANNELS.get(rng.weighted(shares)));
    }
    int outbound = rng.poisson(leadsToday * 0.12);
    for (int i = 0; i < outbound; i++) {
      Lead lead =
          newLead(day, at(day), DemoCatalog.OUTBOUND, "Sales Outbound", rng.between(15, 45));
      lead.owner = rng.pick(DemoCatalog.SDRS);
      lifecycle(lead);
    }
    if (rng.chance(0.03 * Math.max(1, spec.scale() * 10))) {
      Lead lead = newLead(day, at(day), DemoCatalog.PARTNER, "Partner", rng.between(60, 90));
      lifecycle(lead);
    }
    if (day.getDayOfMonth() == 15 && day.getMonthValue() % 3 == 0) { // a trade show each quarter
      int attendees = rng.poisson(leadsToday * 6);
      for (int i = 0; i < attendees; i++) {
        Lead lead = newLead(day, at(day), DemoCatalog.EVENTS, "Events", rng.between(35, 85));
        lead.owner = DemoCatalog.MARKETING_OPS;
        lifecycle(lead);
      }
    }
  }

  private double seasonality(LocalDate day) {
    double weekly =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
            ? 0.35
            : 1.26;
    double yearly = 1 + 0.2 * Math.sin(2 * Math.PI * (day.getDayOfYear() - 80) / 365.0);
    double growth = 1 + 0.15 * ChronoUnit.DAYS.between(DemoSpec.DEFAULT_FROM, day) / 365.0;
    return weekly * yearly * growth;
  }

  private Instant at(LocalDate day) {
    int hour =
        rng.weighted(
            new double[] {
              1, 1, 1, 1, 1, 1, 2, 3, 6, 9, 10, 10, 9, 9, 10, 10, 9, 7, 5, 4, 3, 2, 2, 1
            });
    return day.atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .plusSeconds(hour * 3600L + rng.between(0, 3599));
  }

  /** A website visitor: one to three sessions; may fill in the form in the last one. */
  private void visit(LocalDate day, WebChannel channel) {
    String cookie =
        rng.between(100_000_000, 2_000_000_000)
            + "."
            + day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    Campaign campaign = channel.platform() == null ? null : pickCampaign(channel.platform());
    String clickId = campaign == null ? null : clickId(campaign.platform());
    int sessions = rng.weighted(new double[] {0.6, 0.28, 0.12}) + 1;
    Instant time = at(day);
    boolean converts = rng.chance(channel.conversion());
    String email = null;
    Lead lead = null;
    for (int s = 1; s <= sessions; s++) {
      boolean last = s == sessions;
      boolean paidSession = s == 1 && campaign != null;
      if (paidSession) {
        adDay(time, campaign).clicks++;
      }
      if (last && converts && time.isBefore(end)) {
        lead =
            newLead(
                day,
                time.plusSeconds(240),
                channel.leadSource(),
                channel.channel(),
                channel.baseScore() + rng.between(-25, 35));
        lead.cookie = cookie;
        lead.utm = channel;
        lead.campaignName = campaign == null ? null : campaign.name();
        lead.gclid = campaign != null && campaign.platform().equals("google_ads") ? clickId : null;
        email = lead.email;
        if (campaign != null) {
          adDay(time, campaign).leads++;
        }
      }
      session(
          time,
          cookie,
          s,
          channel,
          paidSession ? campaign : null,
          paidSession ? clickId : null,
          email);
      time = time.plus(rng.between(1, 14 * 24), ChronoUnit.HOURS);
    }
    if (lead != null) {
      lifecycle(lead);
    }
  }

  private Campaign pickCampaign(String platform) {
    List<Campaign> own = campaigns.stream().filter(c -> c.platform().equals(platform)).toList();
    return own.get(
        Math.min(
            own.size() - 1,
            (int) Math.floor(Math.abs(rng.uniform(0, 1) * rng.uniform(0, 1)) * own.size())));
  }

  private String clickId(String platform) {
    String random = Long.toHexString(rng.nextLong()) + Long.toHexString(rng.nextLong());
    return switch (platform) {
      case "google_ads" -> "Cj0KCQ" + random;
      case "meta_ads" -> "IwAR" + random;
      default -> "li-" + random;
    };
  }

  private AdDay adDay(Instant time, Campaign campaign) {
    LocalDate accountDay =
        time.atZone(campaign.platform().equals("linkedin_ads") ? ZoneOffset.UTC : ADS_ZONE)
            .toLocalDate();
    return adDays
        .computeIfAbsent(accountDay, d -> new LinkedHashMap<>())
        .computeIfAbsent(campaign, c -> new AdDay());
  }

  // ---- GA4 ---------------------------------------------------------------------------------

  private void session(
      Instant start,
      String cookie,
      int number,
      WebChannel channel,
      Campaign campaign,
      String clickId,
      String email) {
    if (!start.isBefore(end)) {
      return;
    }
    long sessionId = start.getEpochSecond();
    int pages = rng.between(1, 5);
    Instant time = start;
    String landingPage = DemoCatalog.SITE + rng.pick(DemoCatalog.PAGES);
    if (campaign != null) {
      String param =
          switch (campaign.platform()) {
            case "google_ads" -> "gclid";
            case "meta_ads" -> "fbclid";
            default -> "li_fat_id";
          };
      landingPage +=
          "?utm_source="
              + channel.utmSource()
              + "&utm_medium="
              + channel.utmMedium()
              + "&"
              + param
              + "="
              + clickId;
    }
    String source = number == 1 ? channel.utmSource() : "(direct)";
    String medium = number == 1 ? channel.utmMedium() : "(none)";
    ga4Event(
        time,
        "session_start",
        cookie,
        sessionId,
        number,
        landingPage,
        source,
        medium,
        campaign,
        clickId,
        channel,
        null);
    for (int p = 0; p < pages; p++) {
      String page = p == 0 ? landingPage : DemoCatalog.SITE + rng.pick(DemoCatalog.PAGES);
      ga4Event(
          time,
          "page_view",
          cookie,
          sessionId,
          number,
          page,
          source,
          medium,
          campaign,
          clickId,
          channel,
          null);
      time = time.plusSeconds(rng.between(5, 120));
    }
    if (email != null) {
      String userId = sha256(email.toLowerCase(Locale.ROOT));
      String form = DemoCatalog.SITE + "/demo";
      ga4Event(
          time,
          "form_submit",
          cookie,
          sessionId,
          number,
          form,
          source,
          medium,
          campaign,
          clickId,
          channel,
          userId);
      ga4Event(
          time.plusSeconds(1),
          "generate_lead",
          cookie,
          sessionId,
          number,
          form,
          source,
          medium,
          campaign,
          clickId,
          channel,
          userId);
    }
  }

  private void ga4Event(
      Instant time,
      String name,
      String cookie,
      long sessionId,
      int sessionNumber,
      String page,
      String source,
      String medium,
      Campaign campaign,
      String clickId,
      WebChannel firstTouch,
      String userId) {
    Map<String, Object> event = new LinkedHashMap<>();
    LocalDate day = time.atZone(ZoneOffset.UTC).toLocalDate();
    event.put("event_date", day.toString().replace("-", ""));
    event.put("event_timestamp", time.getEpochSecond() * 1_000_000 + rng.between(0, 999_999));
    event.put("event_name", name);
    List<Map<String, Object>> params = new ArrayList<>();
    params.add(param("ga_session_id", "int_value", sessionId));
    params.add(param("ga_session_number", "int_value", sessionNumber));
    params.add(param("page_location", "string_value", page));
    if (name.equals("session_start")) {
      params.add(param("source", "string_value", source));
      params.add(param("medium", "string_value", medium));
      if (campaign != null) {
        params.add(param("campaign", "string_value", campaign.name()));
      }
    }
    event.put("event_params", params);
    event.put("user_pseudo_id", cookie);
    event.put("user_id", userId);
    event.put(
        "traffic_source",
        ordered(
            "source",
            firstTouch.utmSource(),
            "medium",
            firstTouch.utmMedium(),
            "name",
            "(not set)"));
    Map<String, Object> collected = new LinkedHashMap<>();
    collected.put("manual_source", source);
    collected.put("manual_medium", medium);
    collected.put("manual_campaign_name", campaign == null ? null : campaign.name());
    collected.put(
        "gclid", campaign != null && campaign.platform().equals("google_ads") ? clickId : null);
    event.put("collected_traffic_source", collected);
    event.put("device", Map.of("category", sessionId % 3 == 0 ? "mobile" : "desktop"));
    event.put("geo", Map.of("country", "United States"));
    out.ga4.json(day, toJson(event));
  }

  private static Map<String, Object> param(String key, String type, Object value) {
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put(type, value);
    Map<String, Object> param = new LinkedHashMap<>();
    param.put("key", key);
    param.put("value", wrapped);
    return param;
  }

  // ---- CRM -----------------------------------------------------------------------------------

  /** A lead and the moments its record changes. */
  private static final class Lead {
    String id;
    String email;
    String first;
    String last;
    String company;
    String leadSource;
    String channel;
    Market market;
    String industry;
    User owner;
    String cookie;
    String gclid;
    WebChannel utm;
    String campaignName;
    int score;
    Instant created;
    Instant mql;
    Instant touched;
    Instant accepted;
    Instant rejected;
    Instant recycled;
    Instant converted;
    String contactId;
    String accountId;
    String opportunityId;
  }

  private Lead newLead(
      LocalDate day, Instant created, String leadSource, String channel, int score) {
    Lead lead = new Lead();
    lead.id = id("00Q");
    lead.first = rng.pick(DemoCatalog.FIRST_NAMES);
    lead.last = rng.pick(DemoCatalog.LAST_NAMES);
    lead.company =
        rng.pick(DemoCatalog.COMPANY_WORDS)
            + " "
            + rng.pick(DemoCatalog.COMPANY_WORDS)
            + " "
            + rng.pick(DemoCatalog.COMPANY_SUFFIXES);
    lead.email =
        (lead.first + "." + lead.last.replaceAll("[^A-Za-z]", "") + "+" + leads)
                .toLowerCase(Locale.ROOT)
            + "@"
            + lead.company.split(" ")[0].toLowerCase(Locale.ROOT)
            + ".example";
    lead.leadSource = leadSource;
    lead.channel = channel;
    double[] marketShares = DemoCatalog.MARKETS.stream().mapToDouble(Market::share).toArray();
    lead.market = DemoCatalog.MARKETS.get(rng.weighted(marketShares));
    lead.industry = rng.pick(DemoCatalog.INDUSTRIES);
    lead.owner = rng.pick(DemoCatalog.SDRS);
    lead.score = Math.max(0, Math.min(100, score));
    lead.created = created;
    leads++;
    return lead;
  }

  /** Decides the lead's fate, then writes every version of its record and its side records. */
  private void lifecycle(Lead lead) {
    boolean outbound = lead.leadSource.equals(DemoCatalog.OUTBOUND);
    if (lead.score >= MQL_SCORE && !outbound) {
      lead.mql = lead.created.plus(rng.between(0, 20 * 60), ChronoUnit.MINUTES);
    }
    boolean worked = outbound || lead.mql != null || rng.chance(0.08);
    if (worked) {
      Instant from = lead.mql != null ? lead.mql : lead.created;
      double hours = outbound ? rng.uniform(0, 2) : rng.logNormal(5, 1.4);
      lead.touched = from.plusSeconds((long) (hours * 3600));
      if (rng.chance(outbound ? 0.95 : 0.8)) {
        lead.accepted = lead.touched.plus(rng.between(0, 24 * 60), ChronoUnit.MINUTES);
        if (rng.chance(outbound ? 0.3 : 0.45)) {
          lead.converted = lead.accepted.plus(rng.between(2 * 24, 20 * 24), ChronoUnit.HOURS);
        } else {
          lead.recycled = lead.accepted.plus(rng.between(15, 45), ChronoUnit.DAYS);
        }
      } else {
        lead.rejected = lead.touched.plus(rng.between(1, 72), ChronoUnit.HOURS);
      }
    }
    if (lead.converted != null && lead.converted.isBefore(end)) {
      convert(lead);
    }
    writeLead(lead);
  }

  private void writeLead(Lead lead) {
    List<Instant> changes = new ArrayList<>(List.of(lead.created));
    for (Instant change :
        new Instant[] {lead.mql, lead.accepted, lead.rejected, lead.recycled, lead.converted}) {
      if (change != null && change.isBefore(end)) {
        changes.add(change);
      }
    }
    String previousStatus = null;
    for (Instant change : changes) {
      String status = status(lead, change);
      LocalDate day = day(change);
      out.lead.row(day, lead.id, leadRow(lead, change, status));
      if (previousStatus == null || !previousStatus.equals(status)) {
        String historyId = id("017");
        boolean created = previousStatus == null;
        out.leadHistory.row(
            day,
            historyId,
            List.of(
                historyId,
                lead.id,
                ts(change),
                created ? "created" : "Status",
                created ? "" : previousStatus,
                created ? "" : status));
      }
      previousStatus = status;
    }
    if (lead.touched != null && lead.touched.isBefore(end)) {
      String taskId = id("00T");
      out.task.row(
          day(lead.touched),
          taskId,
          List.of(
              taskId,
              lead.id,
              "",
              lead.owner.id(),
              "Call: intro",
              "Call",
              "Call",
              day(lead.touched).toString(),
              ts(lead.touched),
              "Completed"));
    }
    truthLeads.add(
        String.join(
            ",",
            lead.id,
            lead.channel,
            String.valueOf(lead.cookie == null ? "" : lead.cookie),
            ts(lead.created),
            tsOrEmpty(lead.mql),
            tsOrEmpty(lead.accepted),
            tsOrEmpty(lead.converted),
            nullToEmpty(lead.opportunityId)));
  }

  private String id(String prefix) {
    return String.format("%s%015d", prefix, ++ids);
  }

  private static String status(Lead lead, Instant asOf) {
    if (reached(lead.converted, asOf)) {
      return "Qualified";
    }
    if (reached(lead.rejected, asOf)) {
      return "Unqualified";
    }
    if (reached(lead.recycled, asOf)) {
      return "Nurture";
    }
    if (reached(lead.accepted, asOf)) {
      return "Working - Contacted";
    }
    return "Open - Not Contacted";
  }

  private static boolean reached(Instant moment, Instant asOf) {
    return moment != null && !moment.isAfter(asOf);
  }

  private List<String> leadRow(Lead lead, Instant asOf, String status) {
    boolean converted = reached(lead.converted, asOf);
    String rating = lead.score >= 80 ? "Hot" : lead.score >= 60 ? "Warm" : "Cold";
    return List.of(
        lead.id,
        ts(lead.created),
        ts(asOf),
        "false",
        lead.email,
        lead.first,
        lead.last,
        lead.company,
        lead.leadSource,
        status,
        rating,
        Integer.toString(lead.score),
        reached(lead.mql, asOf) ? ts(lead.mql) : "",
        Boolean.toString(converted),
        converted ? day(lead.converted).toString() : "",
        converted ? lead.contactId : "",
        converted ? lead.accountId : "",
        converted ? nullToEmpty(lead.opportunityId) : "",
        lead.owner.id(),
        lead.market.country(),
        lead.industry,
        nullToEmpty(lead.gclid),
        nullToEmpty(lead.cookie),
        lead.utm == null ? "" : lead.utm.utmSource(),
        lead.utm == null ? "" : lead.utm.utmMedium(),
        nullToEmpty(lead.campaignName));
  }

  private void convert(Lead lead) {
    lead.contactId = id("003");
    lead.accountId = id("001");
    LocalDate day = day(lead.converted);
    out.account.row(
        day,
        lead.accountId,
        List.of(
            lead.accountId,
            lead.company,
            "Prospect",
            lead.industry,
            ts(lead.converted),
            "false",
            ts(lead.converted)));
    out.contact.row(
        day,
        lead.contactId,
        List.of(
            lead.contactId,
            lead.accountId,
            lead.email,
            ts(lead.converted),
            lead.leadSource,
            lead.owner.id(),
            "false",
            ts(lead.converted)));
    lead.opportunityId =
        opportunity(lead, lead.converted, "New Business", rng.logNormal(24_000, 0.6), 0);
  }

  private static final String[] STAGES = {
    "Prospecting", "Qualification", "Proposal", "Negotiation"
  };
  private static final int[] PROBABILITY = {10, 20, 50, 75};

  /** Creates an opportunity, walks it through the stages and writes each version; renews wins. */
  private String opportunity(
      Lead lead, Instant created, String type, double rawAmount, int renewals) {
    String id = id("006");
    User owner = rng.pick(ACCOUNT_EXECUTIVES);
    String currency = lead.market.currency();
    long amount = Math.round(rawAmount / 100) * 100;
    List<Instant> times = new ArrayList<>(List.of(created));
    List<String> stages = new ArrayList<>(List.of(STAGES[0]));
    Instant time = created;
    boolean won = false;
    for (int s = 1; s <= STAGES.length; s++) {
      time = time.plus(rng.between(2 * 24, 25 * 24), ChronoUnit.HOURS);
      double loseChance = type.equals("Renewal") ? 0.04 : 0.14;
      if (rng.chance(loseChance)) {
        stages.add("Closed Lost");
        times.add(time);
        break;
      }
      if (s == STAGES.length) {
        won = rng.chance(type.equals("Renewal") ? 0.9 : 0.62);
        stages.add(won ? "Closed Won" : "Closed Lost");
      } else {
        stages.add(STAGES[s]);
      }
      times.add(time);
    }
    Instant closed = times.get(times.size() - 1);
    LocalDate expectedClose = day(created).plusDays(90);
    for (int i = 0; i < stages.size(); i++) {
      Instant at = times.get(i);
      if (!at.isBefore(end)) {
        break;
      }
      String stage = stages.get(i);
      boolean isClosed = stage.startsWith("Closed");
      boolean isWon = stage.equals("Closed Won");
      String closeDate = isClosed ? day(at).toString() : expectedClose.toString();
      int probability =
          isWon ? 100 : isClosed ? 0 : PROBABILITY[Math.min(i, PROBABILITY.length - 1)];
      out.opportunity.row(
          day(at),
          id,
          List.of(
              id,
              lead.accountId,
              lead.company + " - " + type,
              stage,
              Long.toString(amount),
              currency,
              closeDate,
              ts(created),
              Boolean.toString(isClosed),
              Boolean.toString(isWon),
              type,
              lead.leadSource,
              "",
              owner.id(),
              Integer.toString(probability),
              "false",
              ts(at)));
      String historyId = id("008");
      out.opportunityHistory.row(
          day(at),
          historyId,
          List.of(
              historyId,
              id,
              ts(at),
              stage,
              Long.toString(amount),
              closeDate,
              Integer.toString(probability)));
    }
    opportunities++;
    if (won && renewals < 3) {
      Instant renewalOpen = closed.plus(365 - 60, ChronoUnit.DAYS);
      if (renewalOpen.isBefore(end)) {
        opportunity(lead, renewalOpen, "Renewal", amount * 1.05, renewals + 1);
      }
    }
    return id;
  }

  // ---- ad platforms ------------------------------------------------------------------------

  private void writeAdPerformance() {
    for (var day : adDays.entrySet()) {
      if (day.getKey().isBefore(spec.from()) || day.getKey().isAfter(spec.to())) {
        continue;
      }
      for (var entry : day.getValue().entrySet()) {
        Campaign c = entry.getKey();
        AdDay counts = entry.getValue();
        long clicks = counts.clicks + rng.poisson(counts.clicks * 0.25 + 0.5);
        long impressions = Math.round(clicks * rng.uniform(18, 45));
        double cost = clicks * c.costPerClick() * rng.uniform(0.85, 1.15);
        adRow(day.getKey(), c, clicks, impressions, cost, counts.leads);
      }
    }
  }

  private void adRow(
      LocalDate day, Campaign c, long clicks, long impressions, double costUsd, long leads) {
    String date = day.toString();
    switch (c.platform()) {
      case "google_ads" ->
          out.googleAds.row(
              day,
              c.id(),
              List.of(
                  date,
                  "1234567890",
                  "USD",
                  ADS_ZONE.getId(),
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
            toJson(
                List.of(
                    ordered("action_type", "link_click", "value", Long.toString(clicks)),
                    ordered("action_type", "lead", "value", Long.toString(leads))));
        out.metaAds.row(
            day,
            c.id(),
            List.of(
                date,
                date,
                "act_5550001",
                "EUR",
                c.id(),
                c.name(),
                c.id() + "01",
                c.id() + "0101",
                Long.toString(impressions),
                Long.toString(clicks),
                String.format(Locale.ROOT, "%.2f", costUsd / 1.08),
                actions));
      }
      default -> {
        Map<String, Object> element = new LinkedHashMap<>();
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("year", day.getYear());
        start.put("month", day.getMonthValue());
        start.put("day", day.getDayOfMonth());
        element.put("dateRange", ordered("start", start, "end", start));
        element.put("pivotValues", List.of("urn:li:sponsoredCampaign:" + c.id()));
        element.put("impressions", impressions);
        element.put("clicks", clicks);
        element.put("costInLocalCurrency", String.format(Locale.ROOT, "%.2f", costUsd));
        element.put("costInUsd", String.format(Locale.ROOT, "%.2f", costUsd));
        element.put("externalWebsiteConversions", leads);
        element.put("oneClickLeads", 0);
        out.linkedinAds.json(day, toJson(element));
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void writeTruth() throws IOException {
    Path dir = landing.resolve("_ground_truth");
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    lines.add(
        "lead_id,channel,ga_client_id,created_at,mql_at,accepted_at,converted_at,opportunity_id");
    lines.addAll(truthLeads);
    Files.write(dir.resolve("leads.csv"), lines, StandardCharsets.UTF_8);
  }

  private static LocalDate day(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static String ts(Instant instant) {
    return SALESFORCE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String tsOrEmpty(Instant instant) {
    return instant == null ? "" : ts(instant);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  /** A map that keeps its keys in the order given, so JSON output is reproducible. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
