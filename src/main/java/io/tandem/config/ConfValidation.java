package io.tandem.config;

import io.tandem.errors.TandemErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the business rules before a run starts: conf/definitions.yml against its schema
 * (schemas/conf/definitions.yml: every key, its type, its range or allowed values) and
 * conf/targets.yml's goals against the goals the scorecard computes. A typo stops the run with the
 * file, the key and what is allowed, instead of turning a KPI into "no data".
 */
public final class ConfValidation {
  // The scorecard's goals: the names its SQL turns into rows (named_struct('goal', 'won_revenue',
  // …).
  private static final Pattern SCORECARD_GOAL =
      Pattern.compile("named_struct\\(\\s*'goal', '([a-z_]+)'");

  private ConfValidation() {}

  public static void check(Path confDir, Path schemasDir, Path sqlDir) {
    Path definitions = confDir.resolve("definitions.yml");
    List<String> problems =
        problems(
            "",
            YamlFiles.read(definitions, Map.class, "the shared KPI definitions"),
            YamlFiles.read(
                schemasDir.resolve("conf/definitions.yml"),
                Map.class,
                "the schema of the definitions"));
    if (!problems.isEmpty()) {
      throw TandemErrors.confBreaksSchema(definitions, problems);
    }
    Set<String> goals =
        scorecardGoals(sqlDir.resolve("gold/kpi_alignment_scorecard_quarterly.sql"));
    List<String> unknown =
        Targets.load(confDir).goals().stream()
            .map(Targets.Goal::goal)
            .filter(goal -> !goals.contains(goal))
            .map(
                goal ->
                    "goal '"
                        + goal
                        + "' is not one the scorecard computes; goals: "
                        + String.join(", ", goals))
            .toList();
    if (!unknown.isEmpty()) {
      throw TandemErrors.confBreaksSchema(confDir.resolve("targets.yml"), unknown);
    }
  }

  /** What in {@code conf} breaks {@code schema}, each naming its key; empty when nothing does. */
  @SuppressWarnings("unchecked")
  static List<String> problems(
      String prefix, Map<String, Object> conf, Map<String, Object> schema) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> entry : conf.entrySet()) {
      String key = prefix + entry.getKey();
      Object spec = schema.get(entry.getKey());
      if (spec == null) {
        problems.add(
            "unknown key '"
                + key
                + "'; the keys here are: "
                + String.join(", ", new TreeSet<>(schema.keySet())));
      } else if (isRule((Map<String, Object>) spec)) {
        problems.addAll(valueProblems(key, entry.getValue(), (Map<String, Object>) spec));
      } else if (entry.getValue() instanceof Map<?, ?> section) {
        problems.addAll(
            problems(key + ".", (Map<String, Object>) section, (Map<String, Object>) spec));
      } else {
        problems.add(
            "'"
                + key
                + "' is a section; it holds: "
                + String.join(", ", ((Map<String, Object>) spec).keySet()));
      }
    }
    schema.keySet().stream()
        .filter(key -> !conf.containsKey(key))
        .forEach(key -> problems.add("missing key '" + prefix + key + "'"));
    return problems;
  }

  private static boolean isRule(Map<String, Object> spec) {
    return spec.get("type") instanceof String;
  }

  @SuppressWarnings("unchecked")
  private static List<String> valueProblems(String key, Object value, Map<String, Object> rule) {
    String type = (String) rule.get("type");
    boolean typed =
        switch (type) {
          case "integer" -> value instanceof Integer || value instanceof Long;
          case "number" -> value instanceof Number;
          case "boolean" -> value instanceof Boolean;
          case "string" -> value instanceof String;
          case "list" ->
              value instanceof List<?> list
                  && list.stream().noneMatch(v -> v instanceof Collection || v instanceof Map);
          case "map" -> value instanceof Map<?, ?>;
          default -> throw new IllegalArgumentException("schema type '" + type + "' of " + key);
        };
    if (!typed) {
      return List.of(
          "'" + key + "' is " + describe(value) + "; it must be " + article(type) + " " + type);
    }
    List<String> problems = new ArrayList<>();
    if (value instanceof Number number) {
      double x = number.doubleValue();
      if (rule.get("min") instanceof Number min && x < min.doubleValue()) {
        problems.add("'" + key + "' is " + value + "; it must be at least " + min);
      }
      if (rule.get("max") instanceof Number max && x > max.doubleValue()) {
        problems.add("'" + key + "' is " + value + "; it must be at most " + max);
      }
    }
    if (rule.get("values") instanceof List<?> allowed) {
      Collection<?> given = value instanceof List<?> list ? list : List.of(value);
      for (Object v : given) {
        if (!allowed.contains(v)) {
          problems.add(
              "'"
                  + key
                  + "' has '"
                  + v
                  + "'; allowed: "
                  + String.join(", ", allowed.stream().map(String::valueOf).toList()));
        }
      }
    }
    if (value instanceof Map<?, ?> map && rule.get("of") instanceof String of) {
      // A map's bounds hold for each of its values.
      Map<String, Object> each = new HashMap<>(rule);
      each.put("type", of);
      each.remove("of");
      map.forEach((k, v) -> problems.addAll(valueProblems(key + "." + k, v, each)));
    }
    return problems;
  }

  private static String describe(Object value) {
    return value == null ? "empty" : "'" + value + "'";
  }

  private static String article(String type) {
    return type.startsWith("i") ? "an" : "a";
  }

  private static Set<String> scorecardGoals(Path sql) {
    try {
      Set<String> goals = new TreeSet<>();
      SCORECARD_GOAL.matcher(Files.readString(sql)).results().forEach(m -> goals.add(m.group(1)));
      return goals;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
