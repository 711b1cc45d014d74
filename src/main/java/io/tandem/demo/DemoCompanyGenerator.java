package io.tandem.demo;

import static io.tandem.demo.DemoCatalog.ACCOUNT_EXECUTIVES;
import static io.tandem.demo.DemoCatalog.WEB_CHANNELS;

import io.tandem.demo.AdsWriter.Campaign;
import io.tandem.demo.DemoCatalog.Market;
import io.tandem.demo.DemoCatalog.User;
import io.tandem.demo.DemoCatalog.WebChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Simulates a B2B company day by day and writes its extracts in the vendors' formats, with
 * identities that agree across sources: an ad click's gclid lands on the website, the GA4 cookie is
 * stored on the lead ({@code GA_Client_ID__c}), the lead converts to a contact, account and
 * opportunity that is won or lost, and wins renew a year later. Deterministic: the same spec gives
 * byte-identical files. The true journey of every lead is written to {@code
 * <landing>/_ground_truth/}.
 */
public final class DemoCompanyGenerator {
  private static final double LEADS_PER_YEAR_AT_SF1 = 20_000;
  private static final double WEB_LEAD_SHARE = 0.82;
  // Planted effect: one SDR follows up MQLs this many times slower than the others.
  private static final double SLOW_SDR_DELAY = 8;
  private static final int MQL_SCORE = 65;

  private final DemoSpec spec;
  private final Path landing;
  private final Rng rng;
  private final Instant end;
  private final CrmWriter crm;
  private final Ga4Writer ga4;
  private final AdsWriter ads;
  private final List<Campaign> campaigns = new ArrayList<>();
  private final TreeMap<LocalDate, Map<Campaign, long[]>> adDays = new TreeMap<>();
  private final Writer truth;
  private long ids;
  private long leads;
  private long opportunities;

  private DemoCompanyGenerator(DemoSpec spec, Path landing) throws IOException {
    this.spec = spec;
    this.landing = landing;
    this.rng = new Rng(spec.seed());
    this.end = spec.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    this.crm =
        spec.crm() == DemoSpec.Crm.HUBSPOT
            ? new HubSpotWriter()
            : new SalesforceWriter(spec.headers(), this::id);
    this.ga4 = new Ga4Writer(rng);
    this.ads = new AdsWriter(spec.headers());
    Path truthDir = landing.resolve("_ground_truth");
    Files.createDirectories(truthDir);
    this.truth = Files.newBufferedWriter(truthDir.resolve("leads.csv"), StandardCharsets.UTF_8);
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
    List<User> everyone = new ArrayList<>(DemoCatalog.SDRS);
    everyone.addAll(ACCOUNT_EXECUTIVES);
    everyone.add(DemoCatalog.MARKETING_OPS);
    crm.users(spec.from(), everyone);
    List<DailyExtract> extracts = new ArrayList<>(crm.extracts());
    extracts.addAll(ads.extracts());
    extracts.add(ga4.extract());
    try (truth) {
      truth.write(
          "lead_id,channel,ga_client_id,created_at,mql_at,accepted_at,converted_at,opportunity_id\n");
      for (LocalDate day = spec.from(); !day.isAfter(spec.to()); day = day.plusDays(1)) {
        simulateDay(day);
        // What a day starts happens on that day or later (in an ad account's time zone, from the
        // day before), so days older than yesterday are complete: memory stays bounded.
        for (DailyExtract extract : extracts) {
          extract.flushThrough(landing, day.minusDays(2));
        }
      }
    }
    writeAdPerformance();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DailyExtract extract : extracts) {
      extract.flushThrough(landing, spec.to());
      counts.put(extract.name(), extract.records());
    }
    return new Summary(counts, leads, opportunities);
  }

  private String id(String prefix) {
    return String.format("%s%015d", prefix, ++ids);
  }

  private void createCampaigns() {
    // A bigger company has more people and traffic, not more campaigns than 50 per platform.
    int perPlatform = Math.max(2, (int) Math.round(50 * Math.min(1, spec.scale())));
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
      List<String[]> own = new ArrayList<>();
      for (String[] theme : themes) {
        if (theme[0].equals(platform)) {
          own.add(theme);
        }
      }
      for (int i = 0; i < perPlatform; i++) {
        String[] theme = own.get(i % own.size());
        String id =
            switch (platform) {
              case "google_ads" -> Long.toString(21_000_000_000L + i * 7919L);
              case "meta_ads" -> Long.toString(120_200_000_000_000L + i * 104_729L);
              default -> Long.toString(310_000_000L + i * 613L);
            };
        String name = theme[1] + (i < own.size() ? "" : " #" + (i / own.size() + 1));
        Campaign campaign = new Campaign(platform, id, name, theme[2], rng.uniform(1.5, 9.0));
        campaigns.add(campaign);
        ads.campaignCreated(spec.from(), campaign);
      }
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
      DemoLead lead = newLead(at(day), DemoCatalog.OUTBOUND, "Sales Outbound", rng.between(15, 45));
      lifecycle(lead);
    }
    if (rng.chance(0.03 * Math.max(1, spec.scale() * 10))) {
      lifecycle(newLead(at(day), DemoCatalog.PARTNER, "Partner", rng.between(60, 90)));
    }
    if (day.getDayOfMonth() == 15 && day.getMonthValue() % 3 == 0) {
      tradeShow(day, leadsToday);
    }
  }

  /** A trade show each quarter: a CRM campaign and a list of attendees imported as leads. */
  private void tradeShow(LocalDate day, double leadsToday) {
    String campaignId = id("701");
    crm.eventCampaign(
        campaignId,
        "Trade Show " + day.getYear() + "-Q" + ((day.getMonthValue() + 2) / 3),
        day,
        15_000 * Math.max(spec.scale() * 10, 0.2));
    int attendees = rng.poisson(leadsToday * 6);
    for (int i = 0; i < attendees; i++) {
      DemoLead lead = newLead(at(day), DemoCatalog.EVENTS, "Events", rng.between(35, 85));
      lead.owner = DemoCatalog.MARKETING_OPS;
      lead.eventCampaignId = campaignId;
      lifecycle(lead);
    }
  }

  private double seasonality(LocalDate day) {
    boolean weekend =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    double weekly = weekend ? 0.35 : 1.26;
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
    boolean converts = rng.chance(channel.conversion());
    Market market = pickMarket();
    Instant time = at(day);
    DemoLead lead = null;
    for (int s = 1; s <= sessions && time.isBefore(end); s++) {
      boolean paid = s == 1 && campaign != null;
      if (paid) {
        LocalDate accountDay = accountDay(time, campaign);
        adDay(accountDay, campaign)[0]++;
        ads.click(accountDay, campaign, clickId);
      }
      if (s == sessions && converts) {
        lead =
            newLead(
                time.plusSeconds(240),
                channel.leadSource(),
                channel.channel(),
                channel.baseScore() + rng.between(-25, 35));
        lead.market = market;
        lead.cookie = cookie;
        lead.utm = channel;
        lead.campaignName = campaign == null ? null : campaign.utmCampaign();
        lead.gclid = campaign != null && campaign.platform().equals("google_ads") ? clickId : null;
        if (campaign != null) {
          adDay(accountDay(time, campaign), campaign)[1]++;
        }
      }
      String gclid = paid && campaign.platform().equals("google_ads") ? clickId : null;
      Ga4Writer.Session session =
          new Ga4Writer.Session(
              cookie,
              time.getEpochSecond(),
              s,
              s == 1 ? channel.utmSource() : "(direct)",
              s == 1 ? channel.utmMedium() : "(none)",
              paid ? campaign.utmCampaign() : null,
              gclid,
              channel,
              market.country());
      browse(time, session, paid ? campaign : null, clickId, lead == null ? null : lead.email);
      time = time.plus(rng.between(1, 14 * 24), ChronoUnit.HOURS);
    }
    if (lead != null) {
      lifecycle(lead);
    }
  }

  private void browse(
      Instant start, Ga4Writer.Session session, Campaign campaign, String clickId, String email) {
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
              + session.source()
              + "&utm_medium="
              + session.medium()
              + "&"
              + param
              + "="
              + clickId;
    }
    Instant time = start;
    ga4.event(time, "session_start", session, landingPage, null);
    int pages = rng.between(1, 5);
    for (int p = 0; p < pages; p++) {
      ga4.event(
          time,
          "page_view",
          session,
          p == 0 ? landingPage : DemoCatalog.SITE + rng.pick(DemoCatalog.PAGES),
          null);
      time = time.plusSeconds(rng.between(5, 120));
    }
    if (email != null) {
      String userId = io.tandem.spark.EmailKeys.sha256(email);
      ga4.event(time, "form_submit", session, DemoCatalog.SITE + "/demo", userId);
      ga4.event(time.plusSeconds(1), "generate_lead", session, DemoCatalog.SITE + "/demo", userId);
    }
  }

  private Campaign pickCampaign(String platform) {
    List<Campaign> own = campaigns.stream().filter(c -> c.platform().equals(platform)).toList();
    // a few campaigns take most of the budget
    double skewed = rng.uniform(0, 1) * rng.uniform(0, 1);
    return own.get(Math.min(own.size() - 1, (int) Math.floor(skewed * own.size())));
  }

  private String clickId(String platform) {
    String random = Long.toHexString(rng.nextLong()) + Long.toHexString(rng.nextLong());
    return switch (platform) {
      case "google_ads" -> "Cj0KCQ" + random;
      case "meta_ads" -> "IwAR" + random;
      default -> "li-" + random;
    };
  }

  private static LocalDate accountDay(Instant time, Campaign campaign) {
    return time.atZone(
            campaign.platform().equals("linkedin_ads") ? ZoneOffset.UTC : AdsWriter.ACCOUNT_ZONE)
        .toLocalDate();
  }

  /** Clicks [0] and leads [1] of a campaign on an account day. */
  private long[] adDay(LocalDate accountDay, Campaign campaign) {
    return adDays
        .computeIfAbsent(accountDay, d -> new LinkedHashMap<>())
        .computeIfAbsent(campaign, c -> new long[2]);
  }

  private void writeAdPerformance() {
    for (var day : adDays.subMap(spec.from(), true, spec.to(), true).entrySet()) {
      for (var entry : day.getValue().entrySet()) {
        Campaign c = entry.getKey();
        long visits = entry.getValue()[0];
        long clicks = visits + rng.poisson(visits * 0.25 + 0.5);
        long impressions = Math.round(clicks * rng.uniform(18, 45));
        double cost = clicks * c.costPerClick() * rng.uniform(0.85, 1.15);
        ads.performance(day.getKey(), c, clicks, impressions, cost, entry.getValue()[1]);
      }
    }
  }

  // ---- CRM -----------------------------------------------------------------------------------

  private Market pickMarket() {
    double[] shares = DemoCatalog.MARKETS.stream().mapToDouble(Market::share).toArray();
    return DemoCatalog.MARKETS.get(rng.weighted(shares));
  }

  private DemoLead newLead(Instant created, String leadSource, String channel, int score) {
    DemoLead lead = new DemoLead();
    lead.id = id("00Q");
    lead.number = ++leads;
    lead.first = rng.pick(DemoCatalog.FIRST_NAMES);
    lead.last = rng.pick(DemoCatalog.LAST_NAMES);
    lead.company =
        rng.pick(DemoCatalog.COMPANY_WORDS)
            + " "
            + rng.pick(DemoCatalog.COMPANY_WORDS)
            + " "
            + rng.pick(DemoCatalog.COMPANY_SUFFIXES);
    String domain = lead.company.split(" ")[0].toLowerCase(Locale.ROOT) + ".example";
    lead.email =
        (lead.first + "." + lead.last.replaceAll("[^A-Za-z]", "") + "+" + lead.number)
                .toLowerCase(Locale.ROOT)
            + "@"
            + domain;
    lead.leadSource = leadSource;
    lead.channel = channel;
    lead.market = pickMarket();
    lead.industry = rng.pick(DemoCatalog.INDUSTRIES);
    lead.owner = rng.pick(DemoCatalog.SDRS);
    lead.score = Math.max(0, Math.min(100, score));
    lead.created = created;
    return lead;
  }

  /** Decides the lead's fate, then writes every version of its record and its side records. */
  private void lifecycle(DemoLead lead) {
    boolean outbound = lead.leadSource.equals(DemoCatalog.OUTBOUND);
    if (lead.score >= MQL_SCORE && !outbound) {
      lead.mql = lead.created.plus(rng.between(0, 20 * 60), ChronoUnit.MINUTES);
    }
    if (outbound || lead.mql != null || rng.chance(0.08)) {
      Instant from = lead.mql != null ? lead.mql : lead.created;
      double hours = outbound ? rng.uniform(0, 2) : rng.logNormal(5, 1.4);
      if (lead.owner.equals(DemoCatalog.SLOW_SDR)) {
        hours *= SLOW_SDR_DELAY;
      }
      lead.touched = from.plusSeconds((long) (hours * 3600));
      if (rng.chance(outbound ? 0.95 : 0.8)) {
        lead.accepted = lead.touched.plus(rng.between(0, 24 * 60), ChronoUnit.MINUTES);
        double qualifies = outbound ? 0.3 : 0.45;
        if (lead.channel.equals(DemoCatalog.STRONG_CHANNEL)) {
          qualifies *= 2;
        }
        if (rng.chance(qualifies)) {
          lead.converted = lead.accepted.plus(rng.between(2 * 24, 20 * 24), ChronoUnit.HOURS);
        } else {
          lead.recycled = lead.accepted.plus(rng.between(15, 45), ChronoUnit.DAYS);
        }
      } else {
        lead.rejected = lead.touched.plus(rng.between(1, 72), ChronoUnit.HOURS);
      }
    }
    if (lead.converted != null && lead.converted.isBefore(end)) {
      lead.contactId = id("003");
      lead.accountId = id("001");
      lead.opportunity =
          opportunity(lead, lead.converted, "New Business", rng.logNormal(24_000, 0.6), 0);
    }
    crm.lead(lead, end);
    DemoOpportunity o = lead.opportunity;
    writeTruth(
        String.join(
            ",",
            lead.id,
            lead.channel,
            DemoFormats.emptyIfNull(lead.cookie),
            time(lead.created),
            time(lead.mql),
            time(lead.accepted),
            time(lead.converted),
            o == null ? "" : o.id()));
  }

  /** Walks a deal through the stages, writes it, and renews a win a year later. */
  private DemoOpportunity opportunity(
      DemoLead lead, Instant created, String type, double rawAmount, int renewals) {
    boolean renewal = type.equals("Renewal");
    List<Instant> times = new ArrayList<>(List.of(created));
    List<String> stages = new ArrayList<>(List.of(DemoOpportunity.OPEN_STAGES.get(0)));
    Instant time = created;
    for (int s = 1; s <= DemoOpportunity.OPEN_STAGES.size(); s++) {
      time = time.plus(rng.between(2 * 24, 25 * 24), ChronoUnit.HOURS);
      times.add(time);
      if (rng.chance(renewal ? 0.04 : 0.14)) {
        stages.add("Closed Lost");
        break;
      }
      if (s == DemoOpportunity.OPEN_STAGES.size()) {
        stages.add(rng.chance(renewal ? 0.9 : 0.62) ? "Closed Won" : "Closed Lost");
      } else {
        stages.add(DemoOpportunity.OPEN_STAGES.get(s));
      }
    }
    DemoOpportunity o =
        new DemoOpportunity(
            id("006"),
            lead,
            rng.pick(ACCOUNT_EXECUTIVES),
            type,
            Math.round(rawAmount / 100) * 100,
            lead.market.currency(),
            created,
            times,
            stages);
    crm.opportunity(o, end);
    opportunities++;
    Instant closed = times.get(times.size() - 1);
    Instant renewalOpens = closed.plus(365 - 60, ChronoUnit.DAYS);
    if (DemoOpportunity.isWon(stages.get(stages.size() - 1))
        && renewals < 3
        && renewalOpens.isBefore(end)) {
      opportunity(lead, renewalOpens, "Renewal", o.amount() * 1.05, renewals + 1);
    }
    return o;
  }

  private void writeTruth(String line) {
    try {
      truth.write(line);
      truth.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The truth knows only what had happened by the last day, like the extracts. */
  private String time(Instant instant) {
    return instant == null || !instant.isBefore(end) ? "" : DemoFormats.salesforceTime(instant);
  }
}
