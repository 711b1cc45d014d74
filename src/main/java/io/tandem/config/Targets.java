package io.tandem.config;

import io.tandem.errors.TandemErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scorecard's shared goals and their targets, from {@code conf/targets.yml}: each goal's owner,
 * whether higher or lower is better, and a target for every quarter with per-quarter overrides.
 */
public record Targets(List<Goal> goals) {
  /** The quarter value that stands for "every quarter not named". */
  public static final String EVERY_QUARTER = "*";

  private static final Set<String> OWNERS = Set.of("marketing", "sales", "both");
  private static final Set<String> DIRECTIONS = Set.of("higher", "lower");

  public record Goal(
      String goal,
      String label,
      String owner,
      String better,
      String horizon,
      String unit,
      Double target,
      Map<String, Double> quarters) {}

  /** One target: a goal's target in a quarter, or in {@link #EVERY_QUARTER}. */
  public record Target(String goal, String quarter, double target) {}

  public static Targets load(Path confDir) {
    Path file = confDir.resolve("targets.yml");
    Targets targets = YamlFiles.read(file, Targets.class, "the scorecard goals and targets");
    targets.validate(file);
    return targets;
  }

  public List<Target> rows() {
    List<Target> rows = new ArrayList<>();
    for (Goal g : goals) {
      if (g.target() != null) {
        rows.add(new Target(g.goal(), EVERY_QUARTER, g.target()));
      }
      if (g.quarters() != null) {
        g.quarters().forEach((quarter, value) -> rows.add(new Target(g.goal(), quarter, value)));
      }
    }
    return rows;
  }

  private void validate(Path file) {
    if (goals == null || goals.isEmpty()) {
      throw TandemErrors.badConfig(file, "it lists no goals", null);
    }
    for (Goal g : goals) {
      if (g.goal() == null || !OWNERS.contains(g.owner()) || !DIRECTIONS.contains(g.better())) {
        throw TandemErrors.badConfig(
            file,
            "goal '"
                + g.goal()
                + "' needs goal, owner ("
                + String.join("|", OWNERS)
                + ") and better ("
                + String.join("|", DIRECTIONS)
                + ")",
            null);
      }
    }
  }
}
