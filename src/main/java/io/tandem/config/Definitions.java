package io.tandem.config;

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
  private final Map<String, String> sqlParameters;

  private Definitions(Map<String, String> sqlParameters) {
    this.sqlParameters = sqlParameters;
  }

  public static Definitions load(Path confDir) {
    Path file = confDir.resolve("definitions.yml");
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = YamlFiles.read(file, Map.class, "the shared KPI definitions");
    Map<String, String> flat = new TreeMap<>();
    flatten("", tree, flat);
    return new Definitions(flat);
  }

  /** Parameters for SQL templates: scalars as written, lists as SQL literal lists. */
  public Map<String, String> sqlParameters() {
    return new LinkedHashMap<>(sqlParameters);
  }

  public String get(String key) {
    return sqlParameters.get(key);
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
