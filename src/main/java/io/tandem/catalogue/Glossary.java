package io.tandem.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The KPI glossary ({@code docs/kpis.md}) as HTML inside the catalogue, each heading with an id,
 * and which heading defines each table: a heading such as {@code ### kpi_pipeline_monthly,
 * _quarterly} defines {@code kpi_pipeline_monthly} and {@code kpi_pipeline_quarterly}.
 */
final class Glossary {
  private static final Pattern TABLE_HEADING =
      Pattern.compile("^#{2,3}\\s+([a-z0-9_]+)((?:,\\s*_[a-z]+)*)\\s*$", Pattern.MULTILINE);
  private static final Pattern PERIOD_SUFFIX =
      Pattern.compile("_(daily|weekly|monthly|quarterly)$");
  private static final List<org.commonmark.Extension> EXTENSIONS =
      List.of(TablesExtension.create());

  private Glossary() {}

  /** The id of the heading that defines each table, by table name. */
  static Map<String, String> anchors(Path markdown) {
    Map<String, String> anchors = new TreeMap<>();
    Matcher m = TABLE_HEADING.matcher(read(markdown));
    while (m.find()) {
      String first = m.group(1);
      String id = slug(m.group(0).replaceFirst("^#+\\s+", ""));
      anchors.putIfAbsent(first, id);
      String base = PERIOD_SUFFIX.matcher(first).replaceFirst("");
      for (String suffix : m.group(2).split(",")) {
        if (!suffix.isBlank()) {
          anchors.putIfAbsent(base + suffix.strip(), id);
        }
      }
    }
    return anchors;
  }

  static String html(Path markdown) {
    Node document = Parser.builder().extensions(EXTENSIONS).build().parse(read(markdown));
    return HtmlRenderer.builder()
        .extensions(EXTENSIONS)
        .attributeProviderFactory(
            context ->
                (node, tag, attributes) -> {
                  if (node instanceof Heading heading) {
                    attributes.put("id", slug(text(heading)));
                  }
                })
        .build()
        .render(document);
  }

  private static String text(Node node) {
    StringBuilder text = new StringBuilder();
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      text.append(
          child instanceof Text t
              ? t.getLiteral()
              : child instanceof Code c ? c.getLiteral() : text(child));
    }
    return text.toString();
  }

  static String slug(String heading) {
    return "g-" + heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-");
  }

  private static String read(Path markdown) {
    try {
      return Files.isRegularFile(markdown) ? Files.readString(markdown) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
