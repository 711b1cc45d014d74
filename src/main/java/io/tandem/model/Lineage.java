package io.tandem.model;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables each table feeds, read from the SQL under {@code sql/}: a model reads the {@code
 * <layer>.<table>} names it mentions, a staging model the bronze table of each {@code
 * latest_raw_<source>_<object>} view; the identity queries feed the identity graph, the attribution
 * paths the channel values, the publish queries the run's own tables. A model's header line {@code
 * -- bounds only: <layer>.<table>, ...} names inputs that set only its date range (the calendar):
 * they do not make it stale. Used to tell which published tables a rejected extract file leaves
 * stale.
 */
public final class Lineage {
  private static final Pattern LATEST_VIEW = Pattern.compile("\\blatest_(raw_[a-z0-9_]+)\\b");
  private static final Pattern BOUNDS_ONLY =
      Pattern.compile("^--\\s*bounds only:\\s*(.+)$", Pattern.MULTILINE);
  private static final List<String> IDENTITY_TABLES =
      List.of("journey.int_identity_graph", "journey.int_identity_merges");
  private static final String ATTRIBUTION_VALUES = "gold.attribution_channel_values";

  private final Map<String, Set<String>> readers = new HashMap<>();
  private final Map<String, Set<String>> inputs = new TreeMap<>();

  private Lineage() {}

  public static Lineage of(Path sqlPath) {
    Lineage lineage = new Lineage();
    for (String layer : List.of("silver", "journey", "gold", "publish")) {
      for (SqlModel model : SqlModel.inFolder(sqlPath, layer)) {
        lineage.add(model, List.of(model.qualifiedName()));
      }
    }
    SqlModel.inFolder(sqlPath, "identity").forEach(m -> lineage.add(m, IDENTITY_TABLES));
    SqlModel.inFolder(sqlPath, "attribution")
        .forEach(m -> lineage.add(m, List.of(ATTRIBUTION_VALUES)));
    return lineage;
  }

  private void add(SqlModel model, Collection<String> outputs) {
    Set<String> inputs = new TreeSet<>(model.inputs());
    Matcher latest = LATEST_VIEW.matcher(model.text());
    while (latest.find()) {
      inputs.add("bronze." + latest.group(1));
    }
    Matcher boundsOnly = BOUNDS_ONLY.matcher(model.text());
    while (boundsOnly.find()) {
      for (String input : boundsOnly.group(1).split(",")) {
        inputs.remove(input.trim());
      }
    }
    for (String input : inputs) {
      readers.computeIfAbsent(input, k -> new TreeSet<>()).addAll(outputs);
    }
    outputs.forEach(
        output -> this.inputs.computeIfAbsent(output, k -> new TreeSet<>()).addAll(inputs));
  }

  /** The tables each table is built from, by table (as {@code layer.table}). */
  public Map<String, Set<String>> inputs() {
    return inputs;
  }

  /** Every table built from {@code tables} (as {@code layer.table}), directly or through others. */
  public Set<String> downstreamOf(Collection<String> tables) {
    Set<String> reached = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(tables);
    while (!pending.isEmpty()) {
      for (String reader : readers.getOrDefault(pending.pop(), Set.of())) {
        if (reached.add(reader)) {
          pending.push(reader);
        }
      }
    }
    return reached;
  }
}
