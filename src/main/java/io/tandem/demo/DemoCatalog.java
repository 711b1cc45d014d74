package io.tandem.demo;

import java.util.List;

/** The demo company's fixed cast: channels, sales team, markets and names. */
final class DemoCatalog {
  private DemoCatalog() {}

  /** How visitors reach the website, and how well each channel's visitors convert. */
  record WebChannel(
      String channel,
      String utmSource,
      String utmMedium,
      String platform,
      String leadSource,
      double visitorShare,
      double conversion,
      int baseScore) {}

  static final List<WebChannel> WEB_CHANNELS =
      List.of(
          new WebChannel(
              "Paid Search", "google", "cpc", "google_ads", "Google AdWords", 0.28, 0.085, 58),
          new WebChannel(
              "Paid Social",
              "facebook",
              "paid_social",
              "meta_ads",
              "Facebook Ads",
              0.14,
              0.045,
              46),
          new WebChannel(
              "Paid Social",
              "linkedin",
              "paid_social",
              "linkedin_ads",
              "LinkedIn Ads",
              0.10,
              0.075,
              60),
          new WebChannel(
              "Organic Search", "google", "organic", null, "Organic Search", 0.22, 0.07, 54),
          new WebChannel("Direct", "(direct)", "(none)", null, "Web", 0.12, 0.05, 52),
          new WebChannel("Email", "newsletter", "email", null, "Email", 0.08, 0.10, 62),
          // the planted strong channel (below): referred visitors arrive warm, so their leads score
          // higher and more of them become MQLs
          new WebChannel("Referral", "g2.com", "referral", null, "Referral", 0.06, 0.08, 72));

  /** Lead sources that never touch the website. */
  static final String EVENTS = "Trade Show";

  static final String OUTBOUND = "Outbound";
  static final String PARTNER = "Partner Referral";

  record User(String id, String name, String department) {}

  static final List<User> SDRS =
      List.of(
          new User("005000000000000001", "Maya Chen", "Sales Development"),
          new User("005000000000000002", "Liam Ortiz", "Sales Development"),
          new User("005000000000000003", "Ava Schmidt", "Sales Development"),
          new User("005000000000000004", "Noah Patel", "Sales Development"),
          new User("005000000000000005", "Emma Dubois", "Sales Development"));
  static final List<User> ACCOUNT_EXECUTIVES =
      List.of(
          new User("005000000000000006", "Oliver Brooks", "Sales"),
          new User("005000000000000007", "Sophia Rossi", "Sales"),
          new User("005000000000000008", "Lucas Meyer", "Sales"));

  /** Planted effect: the SDR whose MQL follow-up breaks the SLA (the KPIs must find this rep). */
  static final User SLOW_SDR = SDRS.get(3);

  /**
   * Planted effect: the channel that really lifts conversion. Its leads score higher (its base
   * score above) and, once accepted, qualify twice as often as others; data-driven attribution must
   * credit it most per touch.
   */
  static final String STRONG_CHANNEL = "Referral";

  static final User MARKETING_OPS = new User("005000000000000009", "Isla Novak", "Marketing");

  record Market(String country, double share, String currency) {}

  static final List<Market> MARKETS =
      List.of(
          new Market("United States", 0.50, "USD"),
          new Market("United Kingdom", 0.15, "GBP"),
          new Market("Germany", 0.15, "EUR"),
          new Market("France", 0.10, "EUR"),
          new Market("Australia", 0.10, "USD"));

  static final List<String> INDUSTRIES =
      List.of("Software", "Retail", "Financial Services", "Manufacturing", "Healthcare", "Media");
  static final List<String> FIRST_NAMES =
      List.of(
          "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
          "Robin", "Charlie");
  static final List<String> LAST_NAMES =
      List.of(
          "Smith",
          "Müller",
          "Martin",
          "Brown",
          "García",
          "O'Neil",
          "Kowalski",
          "Nguyen",
          "Jensen",
          "Rossi",
          "Silva",
          "Khan");
  static final List<String> COMPANY_WORDS =
      List.of(
          "Acme",
          "Northwind",
          "Blue Fjord",
          "Vertex",
          "Lumen",
          "Kestrel",
          "Orbit",
          "Pinecone",
          "Harbor",
          "Nimbus",
          "Quarry",
          "Sable");
  static final List<String> COMPANY_SUFFIXES =
      List.of("Inc", "GmbH", "Ltd", "Group", "Labs", "& Co");
  static final List<String> PAGES =
      List.of("/", "/pricing", "/product", "/customers", "/blog/data-alignment", "/demo");

  static final String SITE = "https://www.tandem-demo.com";
}
