package io.tandem.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Small inline SVG charts for the self-contained report pages (no scripts, no external assets). */
final class Svg {
  private Svg() {}

  record Bar(String label, double value, String text) {}

  record Point(String label, double value) {}

  /** Horizontal bars, longest = full width, with the label left and the formatted value right. */
  static String bars(List<Bar> bars, String color) {
    int rowHeight = 26;
    int width = 560;
    int labelWidth = 150;
    int textWidth = 110;
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    StringBuilder svg = new StringBuilder();
    int height = Math.max(rowHeight, bars.size() * rowHeight);
    svg.append(open(width, height));
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = i * rowHeight;
      double length = max <= 0 ? 0 : (width - labelWidth - textWidth) * bar.value() / max;
      svg.append(text(4, y + 17, "start", bar.label()))
          .append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"/>",
                  labelWidth,
                  y + 5,
                  length,
                  rowHeight - 10,
                  color))
          .append(text(labelWidth + (int) length + 6, y + 17, "start", bar.text()));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A line over the points with its value at each point, a y axis with ticks, and an optional
   * dashed reference line (a target or an SLA). Every point's label is shown up to a quarter's 14
   * weeks; beyond that, the first and the last.
   */
  static String line(List<Point> points, Double reference, String referenceLabel) {
    int width = 560;
    int height = 200;
    int left = 44;
    int bottom = 30;
    double max = points.stream().mapToDouble(Point::value).max().orElse(0);
    if (reference != null) {
      max = Math.max(max, reference);
    }
    // four ticks at a round step (1, 2 or 5 times a power of ten) that covers the highest value
    double tickStep = roundStep(max <= 0 ? 1 : max * 1.05 / 4);
    max = tickStep * 4;
    int top = 14;
    StringBuilder svg = new StringBuilder(open(width, height));
    for (int tick = 0; tick <= 4; tick++) {
      double value = max * tick / 4;
      double y = top + (height - bottom - top) * (1 - value / max);
      svg.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>",
                  left,
                  width - 10,
                  y,
                  y))
          .append(
              text(
                  left - 6,
                  (int) y + 4,
                  "end",
                  BigDecimal.valueOf(value)
                      .setScale(2, RoundingMode.HALF_UP)
                      .stripTrailingZeros()
                      .toPlainString()));
    }
    double step = points.size() > 1 ? (width - left - 10.0) / (points.size() - 1) : 0;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double x = left + i * step;
      double y = top + (height - bottom - top) * (1 - points.get(i).value() / max);
      path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      svg.append(
          String.format(
              Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2563eb\"/>", x, y));
      boolean labelled = i == 0 || i == points.size() - 1 || points.size() <= 14;
      if (labelled) {
        svg.append(text((int) x, height - 10, "middle", points.get(i).label()))
            .append(
                text(
                    (int) x,
                    (int) y - 7,
                    "middle",
                    String.format(Locale.ROOT, "%.1f", points.get(i).value())));
      }
    }
    svg.append("<path d=\"")
        .append(path)
        .append("\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\"/>");
    if (reference != null) {
      double y = top + (height - bottom - top) * (1 - reference / max);
      svg.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dc2626\""
                      + " stroke-dasharray=\"5 4\"/>",
                  left,
                  width - 10,
                  y,
                  y))
          .append(text(width - 12, (int) y - 4, "end", referenceLabel));
    }
    return svg.append("</svg>").toString();
  }

  /** The smallest of 1, 2, 5, 10, 20, 50… (and tenths, hundredths…) at or above {@code raw}. */
  static double roundStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= raw) {
        return factor * power;
      }
    }
    return 10 * power;
  }

  private static String open(int width, int height) {
    return String.format(
        Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\""
            + " role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        width,
        height);
  }

  private static String text(int x, int y, String anchor, String value) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"#1f2937\">%s</text>",
        x,
        y,
        anchor,
        escape(value));
  }

  static String escape(String value) {
    return value == null
        ? ""
        : value
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }
}
