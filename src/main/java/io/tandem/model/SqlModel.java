package io.tandem.model;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model: a SELECT in {@code sql/<layer>/[<source>/]<table>.sql} whose result becomes the Delta
 * table {@code <layer>.<table>}. Its inputs are the {@code <layer>.<table>} names it mentions.
 */
public record SqlModel(String layer, String table, Path file, String text) {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\b(bronze|silver|journey|gold)\\.([a-z0-9_]+)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAMETER = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");

  public String qualifiedName() {
    return layer + "." + table;
  }

  /** The tables this model reads, as {@code layer.table}. */
  public Set<String> inputs() {
    Set<String> inputs = new TreeSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      inputs.add(m.group(1).toLowerCase() + "." + m.group(2).toLowerCase());
    }
    inputs.remove(qualifiedName());
    return inputs;
  }

  /** The model's SQL with every <code>${name}</code> replaced; an unknown name is an error. */
  public String render(java.util.Map<String, String> parameters) {
    Matcher m = PARAMETER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = parameters.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "parameter ${" + m.group(1) + "} is not defined in conf/definitions.yml");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
