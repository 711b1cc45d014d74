package io.tandem.config;

import io.tandem.errors.TandemErrors;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The shared business rules of conf/definitions.yml (MQL rule, accepted and qualified statuses, SLA
 * hours, windows, reporting currency), flattened to {@code section.key} parameters that SQL models
 * reference as <code>${section.key}</code>.
 */
public final class Definitions {
  private final Path file;
  private final Map<String, String> sqlParameters;

  private Definitions(Path file, Map<String, String> sqlParameters) {
    this.file = file;
    this.sqlParameters = sqlParameters;
  }

  public static Definitions load(Path confDir) {
    Path file = confDir.resolve("definitions.yml");
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = YamlFiles.read(file, Map.class, "the shared KPI definitions");
    Map<String, String> flat = new TreeMap<>();
    flatten("", tree, flat);
    return new Definitions(file, flat);
  }

  /** Parameters for SQL templates: scalars as written, lists as SQL literal lists. */
  public Map<String, String> sqlParameters() {
    return new LinkedHashMap<>(sqlParameters);
  }

  public String get(String key) {
    return sqlParameters.get(key);
  }

  /** A whole-number rule, such as {@code identity.max_rounds}. */
  public int integer(String key) {
    double value = number(key);
    if (value != Math.rint(value)) {
      throw TandemErrors.badConfig(
          file, key + " must be a whole number, not '" + sqlParameters.get(key) + "'", null);
    }
    return (int) value;
  }

  /** A numeric rule, such as {@code handoff.sla_hours}; a whole number where a whole one is due. */
  public double number(String key) {
    String value = sqlParameters.get(key);
    try {
      return Double.parseDouble(value);
    } catch (NullPointerException | NumberFormatException e) {
      throw TandemErrors.badConfig(file, key + " must be a number, not '" + value + "'", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> node, Map<String, String> out) {
    node.forEach(
        (key, value) -> {
          String name = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> child) {
            flatten(name, (Map<String, Object>) child, out);
          } else if (value instanceof Collection<?> list) {
            out.put(name, sqlList(list));
          } else {
            out.put(name, String.valueOf(value));
          }
        });
  }

  private static String sqlList(Collection<?> values) {
    if (values.isEmpty()) {
      return "(NULL)";
    }
    return values.stream()
        .map(v -> "'" + String.valueOf(v).replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
