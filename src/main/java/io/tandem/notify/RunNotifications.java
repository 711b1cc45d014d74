package io.tandem.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a finished run has to tell people, from its run report ({@code report.json}): a failure
 * naming the step, the error and the report; the quality warnings of a completed run; and the
 * weekly digest the publish step wrote, when it is new.
 */
final class RunNotifications {
  private static final String QUALITY_GATE = "quality-gate";

  private RunNotifications() {}

  /**
   * @param report the run report's fields
   * @param reportFile where the report is, for people to open
   * @param notSentYet whether a message sent only once (by its key) has not been sent yet
   */
  static List<Notification> of(
      Map<String, Object> report, Path reportFile, Predicate<String> notSentYet) {
    List<Notification> notifications = new ArrayList<>();
    String run =
        "Tandem run " + report.get("run_id") + " (as of " + report.get("business_date") + ")";
    List<Map<String, Object>> steps = steps(report);
    steps.stream()
        .filter(step -> step.containsKey("error"))
        .findFirst()
        .ifPresent(step -> notifications.add(failure(run, step, report, reportFile)));
    List<String> warnings =
        steps.stream()
            .filter(step -> QUALITY_GATE.equals(step.get("step")))
            .flatMap(step -> notes(step).stream())
            .filter(note -> note.startsWith("quality "))
            .toList();
    if (!warnings.isEmpty() && "COMPLETED".equals(report.get("status"))) {
      notifications.add(
          Notification.always(
              "quality_warning",
              run + " completed with " + warnings.size() + " quality warning(s)",
              String.join("\n", warnings.stream().map(w -> "- " + w).toList())
                  + "\n\nReport: "
                  + reportFile));
    }
    digest(steps)
        .filter(page -> notSentYet.test(page.getFileName().toString()))
        .ifPresent(page -> notifications.add(digest(page)));
    return notifications;
  }

  private static Notification failure(
      String run, Map<String, Object> step, Map<String, Object> report, Path reportFile) {
    String name = String.valueOf(step.get("step"));
    String subject =
        QUALITY_GATE.equals(name)
            ? run + ": publishing blocked by the quality gate"
            : run + " failed in step '" + name + "'";
    String text =
        subject
            + ".\nWarehouse: "
            + report.get("warehouse")
            + "\n\n"
            + step.get("error")
            + "\n\nReport: "
            + reportFile
            + "\nRunning the same command again restarts the run at step '"
            + name
            + "'; the published tables stay as they were until a run completes.";
    return Notification.always("failure", subject, text);
  }

  /** The digest page the publish step wrote, if it wrote one. */
  private static Optional<Path> digest(List<Map<String, Object>> steps) {
    return steps.stream()
        .filter(step -> "publish".equals(step.get("step")))
        .map(step -> (Map<?, ?>) step.getOrDefault("details", Map.of()))
        .map(details -> details.get("pages"))
        .filter(List.class::isInstance)
        .flatMap(pages -> ((List<?>) pages).stream())
        .map(page -> Path.of(String.valueOf(page)))
        .filter(page -> page.getFileName().toString().matches("digest-.*\\.html"))
        .findFirst();
  }

  private static Notification digest(Path page) {
    String name = page.getFileName().toString();
    String week = name.substring("digest-".length(), name.length() - ".html".length());
    Path markdown = page.resolveSibling("digest-" + week + ".md");
    try {
      return new Notification(
          "digest",
          "Sales and marketing weekly — " + week,
          Files.exists(markdown) ? Files.readString(markdown) : "The digest: " + page,
          Files.readString(page),
          name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> report) {
    return (List<Map<String, Object>>) report.getOrDefault("steps", List.of());
  }

  @SuppressWarnings("unchecked")
  private static List<String> notes(Map<String, Object> step) {
    return (List<String>) step.getOrDefault("notes", List.of());
  }
}
