package io.tandem.publish;

import io.tandem.config.Definitions;
import io.tandem.model.ModelRunner;
import io.tandem.spark.SideBySide;
import io.tandem.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The pages people read: one self-contained scorecard page per fiscal quarter (leadership) and the
 * weekly digest in HTML and Markdown (the joint sales and marketing meeting), rendered from the
 * gold tables with Thymeleaf templates and inline SVG charts.
 */
public final class ReportPages {
  private final Warehouse warehouse;
  private final ModelRunner sql;
  private final Definitions rules;
  private final TemplateEngine templates;
  private final double slaHours;
  private final double amberFrom;
  private final String currency;
  private final String scorecardModel;

  /**
   * The pages of a warehouse, from the queries of {@code sql/reports/} run by {@code sql}, with the
   * rules they show: the SLA drawn on the speed-to-lead chart, the amber threshold, the reporting
   * currency.
   */
  public ReportPages(Warehouse warehouse, ModelRunner sql, Definitions rules) {
    this.warehouse = warehouse;
    this.sql = sql;
    this.rules = rules;
    this.slaHours = rules.number("handoff.sla_hours");
    this.amberFrom = rules.number("scorecard.amber_from");
    this.currency = rules.get("money.reporting_currency");
    this.scorecardModel = rules.get("attribution.scorecard_model");
    this.templates = templates();
  }

  /** The HTML templates of {@code src/main/resources/templates/}, by name. */
  public static TemplateEngine templates() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    TemplateEngine engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }

  /**
   * Writes {@code scorecard-<quarter>.html} for every quarter, linked to the quarters before and
   * after it, and {@code scorecards.html}, the index of them all; returns the files.
   */
  public List<Path> writeScorecards(Path dir, LocalDate asOf) {
    List<Row> quarters = rows("scorecard_quarters", Map.of());
    Path[] pages = new Path[quarters.size()];
    List<Map<String, Object>> index = new ArrayList<>(Collections.nCopies(quarters.size(), null));
    // Each quarter's page is a dozen small queries: planning, not data, is their cost.
    SideBySide.run(
        IntStream.range(0, quarters.size())
            .<Runnable>mapToObj(
                i ->
                    () -> {
                      Row q = quarters.get(i);
                      String previous = i == 0 ? null : quarters.get(i - 1).getString(0);
                      String next =
                          i == quarters.size() - 1 ? null : quarters.get(i + 1).getString(0);
                      List<Map<String, Object>> goals = goals(q.getString(0));
                      pages[i] = writeScorecard(dir, asOf, q, previous, next, goals);
                      Map<String, Object> entry = new LinkedHashMap<>();
                      entry.put("quarter", q.getString(0));
                      entry.put("dates", q.get(1) + " to " + q.get(2));
                      entry.put("state", goals.isEmpty() ? "" : goals.get(0).get("signed"));
                      entry.put("counts", statusCounts(goals));
                      index.set(i, entry);
                    })
            .toList());
    List<Path> written = new ArrayList<>(Arrays.asList(pages));
    Context context = new Context(Locale.ROOT);
    context.setVariable("quarters", index);
    context.setVariable("asOf", asOf.toString());
    written.add(write(dir.resolve("scorecards.html"), "scorecards", context));
    return written;
  }

  /**
   * The scorecard page of quarter {@code q} ({@code scorecard_quarters}' row), linked to its
   * neighbours.
   */
  private Path writeScorecard(
      Path dir,
      LocalDate asOf,
      Row q,
      String previous,
      String next,
      List<Map<String, Object>> goals) {
    String quarter = q.getString(0);
    Context context = new Context(Locale.ROOT);
    context.setVariable("quarter", quarter);
    context.setVariable("previous", previous);
    context.setVariable("next", next);
    context.setVariable("currency", currency);
    context.setVariable("amberLabel", String.format(Locale.ROOT, "%.0f %%", (1 - amberFrom) * 100));
    context.setVariable("quarterStart", q.get(1).toString());
    context.setVariable("quarterEnd", q.get(2).toString());
    context.setVariable("asOf", asOf.toString());
    context.setVariable("goals", goals);
    context.setVariable("restated", goals.stream().anyMatch(g -> !"".equals(g.get("restated"))));
    context.setVariable("counts", statusCounts(goals));
    context.setVariable("owners", notOnTrackByOwner(goals));
    context.setVariable("funnel", funnelChart(quarter));
    context.setVariable("speed", speedChart(quarter));
    context.setVariable("pipeline", pipelineChart(quarter));
    context.setVariable("spend", spendChart(quarter));
    context.setVariable("attribution", attribution(quarter));
    context.setVariable("wins", wins(quarter));
    context.setVariable("campaigns", campaigns(quarter));
    context.setVariable("plan", whatItTakes(quarter));
    context.setVariable("mistagged", mistagged(q.get(1), q.get(2)));
    return write(dir.resolve("scorecard-" + quarter + ".html"), "scorecard", context);
  }

  /**
   * Writes the digest of the last complete week of the calendar on the as-of date ({@code
   * digest-<week>.html} and {@code .md}; the running week when none has completed yet); returns
   * both files.
   */
  public List<Path> writeDigest(Path dir, LocalDate asOf) {
    Row week = rows("digest_week", Map.of("as_of", date(asOf))).get(0);
    String label = week.getString(0);
    String from = week.get(1).toString();
    String to = week.get(2).toString();
    Map<String, String> inWeek =
        Map.of("week", text(label), "week_start", date(week.get(1)), "week_end", date(week.get(2)));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("week", label);
    d.put("from", from);
    d.put("to", to);
    d.put("asOf", asOf.toString());
    d.put("currency", currency);
    List<Row> handoff = rows("digest_handoff", inWeek);
    Row h = handoff.isEmpty() ? null : handoff.get(0);
    d.put("mqls", h == null ? 0L : h.get(0));
    d.put("accepted", h == null ? 0L : h.get(1));
    d.put("rejected", h == null ? 0L : h.get(2));
    d.put("acceptance", h == null ? "–" : format("rate", h.get(3)));
    d.put("sla", h == null ? "–" : format("rate", h.get(4)));
    d.put("speed", h == null ? "–" : format("hours", h.get(5)));
    d.put("untouched", table(rows("digest_untouched_mqls", Map.of())));
    d.put("late", table(rows("digest_late_touches", Map.of())));
    d.put("stalled", table(rows("digest_stalled_records", Map.of())));
    Row money = rows("digest_money", inWeek).get(0);
    d.put("created", money.get(0));
    d.put("createdAmount", format("money", money.get(1)));
    d.put("won", money.get(2));
    d.put("wonAmount", format("money", money.get(3)));
    d.put("wins", table(rows("digest_wins", inWeek)));
    String quarter = rows("digest_quarter", inWeek).get(0).getString(0);
    d.put("quarter", quarter);
    d.putAll(campaigns(quarter));
    d.put("mistagged", mistagged(week.get(1), week.get(2)));
    Context context = new Context(Locale.ROOT);
    context.setVariable("d", d);
    Path html = write(dir.resolve("digest-" + label + ".html"), "digest", context);
    Path markdown = dir.resolve("digest-" + label + ".md");
    try {
      Files.writeString(markdown, DigestMarkdown.render(d), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(html, markdown);
  }

  /** A cell of a list: its text, and the CRM record it links to (null: plain text). */
  public record Cell(String text, String href) {
    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Rows as cells; a column named {@code record_url} is not a cell of its own but the link of the
   * cell before it.
   */
  private static List<List<Cell>> table(List<Row> rows) {
    return table(rows, 0);
  }

  /** {@link #table(List)} of the columns from {@code firstColumn} on. */
  private static List<List<Cell>> table(List<Row> rows, int firstColumn) {
    List<List<Cell>> table = new ArrayList<>();
    for (Row r : rows) {
      List<Cell> cells = new ArrayList<>();
      String[] names = r.schema().fieldNames();
      for (int i = firstColumn; i < r.size(); i++) {
        String text = r.isNullAt(i) ? "–" : String.valueOf(r.get(i));
        if (i + 1 < r.size() && names[i + 1].equals("record_url")) {
          cells.add(new Cell(text, r.isNullAt(i + 1) ? null : r.getString(i + 1)));
          i++;
        } else {
          cells.add(new Cell(text, null));
        }
      }
      table.add(cells);
    }
    return table;
  }

  /**
   * The quarter's goals as signed (the first version signed; an open quarter's only version), and,
   * where a later version of the definitions gives another actual, that restated actual.
   */
  private List<Map<String, Object>> goals(String quarter) {
    List<Map<String, Object>> goals = new ArrayList<>();
    for (Row r : rows("scorecard_goals", ofQuarter(quarter))) {
      Map<String, Object> g = new LinkedHashMap<>();
      String unit = r.getString(4);
      g.put("goal", r.getString(0));
      g.put("label", r.getString(1));
      g.put("owner", r.getString(2));
      g.put("horizon", r.getString(3));
      g.put("target", format(unit, r.get(5)));
      g.put("actual", format(unit, r.get(6)));
      g.put("actualRaw", r.isNullAt(6) ? "" : String.valueOf(r.getDouble(6)));
      g.put(
          "attainment",
          r.isNullAt(7) ? "–" : String.format(Locale.ROOT, "%.0f %%", r.getDouble(7) * 100));
      g.put("status", r.getString(8));
      g.put("change", r.isNullAt(9) ? "–" : signed(unit, r.getDouble(9)));
      g.put("trend", format(unit, r.get(10)));
      g.put("better", r.getString(11));
      g.put(
          "signed",
          r.isNullAt(12) ? "provisional: the quarter is still open" : "signed on " + r.get(12));
      g.put("version", r.getString(13));
      g.put("restated", restated(unit, r));
      goals.add(g);
    }
    return goals;
  }

  /** "1,200 under ab12cd (+200)" when a later version gives another actual, else empty. */
  private static String restated(String unit, Row r) {
    if (r.isNullAt(14) || Objects.equals(r.get(15), r.get(6))) {
      return "";
    }
    String difference =
        r.isNullAt(15) || r.isNullAt(6)
            ? ""
            : " (" + signed(unit, r.getDouble(15) - r.getDouble(6)) + ")";
    return format(unit, r.get(15)) + " under " + r.getString(14) + difference;
  }

  /** Each owner's goals that are not green, as lines of the page. */
  private static List<Map<String, Object>> notOnTrackByOwner(List<Map<String, Object>> goals) {
    Map<String, String> owners =
        Map.of("marketing", "Marketing", "sales", "Sales", "both", "Marketing and sales together");
    List<Map<String, Object>> cards = new ArrayList<>();
    for (String owner : List.of("marketing", "sales", "both")) {
      List<String> items =
          goals.stream()
              .filter(g -> owner.equals(g.get("owner")) && !"green".equals(g.get("status")))
              .map(
                  g ->
                      g.get("label")
                          + ": "
                          + g.get("actual")
                          + " against "
                          + g.get("target")
                          + " ("
                          + g.get("status")
                          + ")")
              .toList();
      cards.add(Map.of("name", owners.get(owner), "items", items));
    }
    return cards;
  }

  private static Map<String, Long> statusCounts(List<Map<String, Object>> goals) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String status : List.of("green", "amber", "red", "no data")) {
      counts.put(status, goals.stream().filter(g -> status.equals(g.get("status"))).count());
    }
    return counts;
  }

  private String funnelChart(String quarter) {
    List<Svg.Bar> bars = new ArrayList<>();
    for (Row r : rows("scorecard_funnel", ofQuarter(quarter))) {
      bars.add(
          new Svg.Bar(
              r.getString(0).toUpperCase(Locale.ROOT),
              r.getLong(1),
              String.format(Locale.ROOT, "%,d", r.getLong(1))));
    }
    return Svg.bars(bars, "#0d9488");
  }

  private String speedChart(String quarter) {
    List<Svg.Point> points = new ArrayList<>();
    for (Row r : rows("scorecard_speed_to_lead", ofQuarter(quarter))) {
      points.add(new Svg.Point(r.getString(0).substring(5), r.getDouble(1)));
    }
    return Svg.line(points, slaHours, "SLA " + String.format(Locale.ROOT, "%.0f h", slaHours));
  }

  private String pipelineChart(String quarter) {
    return moneyBars(rows("scorecard_pipeline", ofQuarter(quarter)), "#2563eb");
  }

  private String spendChart(String quarter) {
    return moneyBars(rows("scorecard_spend", ofQuarter(quarter)), "#9333ea");
  }

  private static String moneyBars(List<Row> rows, String color) {
    List<Svg.Bar> bars = new ArrayList<>();
    for (Row r : rows) {
      bars.add(new Svg.Bar(r.getString(0), r.getDouble(1), format("money", r.get(1))));
    }
    return Svg.bars(bars, color);
  }

  /** The attribution models in the order the page shows them, with the names it gives them. */
  private static final Map<String, String> MODEL_NAMES = modelNames();

  private static Map<String, String> modelNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("first_touch", "First touch");
    names.put("last_touch", "Last touch");
    names.put("linear", "Linear");
    names.put("u_shaped", "U-shaped");
    names.put("w_shaped", "W-shaped");
    names.put("time_decay", "Time decay");
    names.put("markov", "Markov chain");
    names.put("shapley", "Shapley value");
    return names;
  }

  /**
   * Each channel's share of won revenue under each model, side by side, and the sales activities
   * reported beside attribution (they are not touchpoints unless conf says so).
   */
  private Map<String, Object> attribution(String quarter) {
    Map<String, Map<String, String>> byChannel = new LinkedHashMap<>();
    for (Row r : rows("scorecard_attribution", ofQuarter(quarter))) {
      byChannel
          .computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>())
          .put(r.getString(1), r.isNullAt(3) ? "–" : share(r.getDouble(3), r.getDouble(2)));
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    byChannel.forEach(
        (channel, shares) -> {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("channel", channel);
          line.put(
              "shares",
              MODEL_NAMES.keySet().stream().map(m -> shares.getOrDefault(m, share(0, 0))).toList());
          lines.add(line);
        });
    Row sales = rows("scorecard_sales_activities", ofQuarter(quarter)).get(0);
    long won = sales.getLong(0);
    String salesActivities =
        won == 0
            ? "No deals won in this quarter yet."
            : String.format(
                Locale.ROOT,
                "Sales activities, reported beside the models (they are not touchpoints): %d of the"
                    + " quarter's %d won deals had sales calls, e-mails or meetings with their people"
                    + " in the attribution window before the deal was created, %.1f per won deal.",
                sales.getLong(1),
                won,
                sales.getLong(2) / (double) won);
    return Map.of(
        "models", List.copyOf(MODEL_NAMES.values()), "lines", lines, "sales", salesActivities);
  }

  private List<Map<String, Object>> wins(String quarter) {
    List<Map<String, Object>> wins = new ArrayList<>();
    for (Row r : rows("scorecard_wins", ofQuarter(quarter))) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("rank", r.get(0));
      w.put("account", r.isNullAt(1) ? "(unnamed account)" : r.getString(1));
      w.put("owner", r.isNullAt(2) ? "–" : r.getString(2));
      w.put("amount", format("money", r.get(3)));
      w.put("days", r.get(4));
      w.put("sourcing", r.getString(5));
      w.put("path", r.getString(6));
      int salesTouches = r.getInt(7);
      w.put(
          "salesTouches",
          salesTouches == 0
              ? ""
              : " · " + salesTouches + (salesTouches == 1 ? " sales touch" : " sales touches"));
      wins.add(w);
    }
    return wins;
  }

  /**
   * The quarter's campaigns that cost money with the most and the least attributed pipeline per
   * unit of cost, under the scorecard's attribution model (conf campaigns.top_and_bottom of each; a
   * campaign is listed once, among the best when there are few).
   */
  private Map<String, Object> campaigns(String quarter) {
    Map<String, List<Row>> listed = new HashMap<>();
    for (Row r : rows("scorecard_campaigns", ofQuarter(quarter))) {
      listed.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    return Map.of(
        "campaignModel",
        MODEL_NAMES.get(scorecardModel),
        "topCampaigns",
        // the first column says which list a row is on; the others are its cells
        table(listed.getOrDefault("top", List.of()), 1),
        "bottomCampaigns",
        table(listed.getOrDefault("bottom", List.of()), 1));
  }

  /**
   * An open quarter's reverse-funnel plan (gold.kpi_revenue_plan_quarterly): per stage, from won
   * deals back to leads, what is still needed, what is in hand, and by when; empty for a quarter
   * the plan does not cover (a closed one).
   */
  private List<List<Cell>> whatItTakes(String quarter) {
    return table(rows("scorecard_revenue_plan", ofQuarter(quarter)));
  }

  /**
   * UTM campaigns seen between two days that name no campaign, most used first, with the campaign
   * they are closest to: the tagging for marketing to fix.
   */
  private List<List<Cell>> mistagged(Object from, Object to) {
    return table(rows("mistagged_campaigns", Map.of("seen_from", date(from), "seen_to", date(to))));
  }

  static String format(String unit, Object value) {
    if (value == null) {
      return "–";
    }
    double v = ((Number) value).doubleValue();
    return switch (unit) {
      case "money" -> String.format(Locale.ROOT, "%,.0f", v);
      case "rate" -> String.format(Locale.ROOT, "%.1f %%", v * 100);
      case "hours" -> String.format(Locale.ROOT, "%.1f h", v);
      case "days" -> String.format(Locale.ROOT, "%.1f d", v);
      case "ratio" -> String.format(Locale.ROOT, "%.2f×", v);
      default -> String.format(Locale.ROOT, "%,.2f", v);
    };
  }

  /** A share of won revenue with the money beside it: "42.0 % · 120,000". */
  private static String share(double share, double money) {
    return format("rate", share) + " · " + format("money", money);
  }

  /** A change: rates in percentage points, everything else in its unit. */
  private static String signed(String unit, double change) {
    String text =
        unit.equals("rate")
            ? String.format(Locale.ROOT, "%.1f pp", Math.abs(change) * 100)
            : format(unit, Math.abs(change));
    return (change > 0 ? "+" : change < 0 ? "−" : "±") + text;
  }

  /**
   * The rows the largest of the pages' queries ({@code sql/reports/}) reads, from the statistics of
   * the tables it names: how Spark should run them ({@code QuerySize}).
   */
  public long largestQueryRows() {
    return sql.models("reports").stream()
        .mapToLong(query -> query.inputs().stream().mapToLong(warehouse::rows).sum())
        .max()
        .orElse(0);
  }

  /** The rows of {@code sql/reports/<report>.sql}, with the rules and {@code values} filled in. */
  private List<Row> rows(String report, Map<String, String> values) {
    Map<String, String> parameters = rules.sqlParameters();
    parameters.putAll(values);
    return sql.select("reports", report, parameters, warehouse).collectAsList();
  }

  /** The value of the queries of one quarter's page. */
  private static Map<String, String> ofQuarter(String quarter) {
    return Map.of("quarter", text(quarter));
  }

  /** A day as a SQL literal. */
  private static String date(Object day) {
    return "DATE '" + LocalDate.parse(day.toString()) + "'";
  }

  /** Text as a SQL literal. */
  private static String text(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private Path write(Path file, String template, Context context) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, templates.process(template, context), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
