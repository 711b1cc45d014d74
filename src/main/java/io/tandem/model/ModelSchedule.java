package io.tandem.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The order a layer's models are built in: each starts as soon as the models of the layer it reads
 * are built, up to {@code threads} at once, so a long model delays only the models that read it.
 * Small and large queries run with different session settings ({@link io.tandem.spark.QuerySize}),
 * so the models running at one time are all small or all large: while a model of the other size
 * waits, no more of the running size start, and the settings change once they have ended.
 */
final class ModelSchedule {
  private ModelSchedule() {}

  /**
   * Builds every model of {@code ordered} (in dependency order): {@code small} tells a model's size
   * once the models it reads are built, {@code sizeSettings} is called with the size before models
   * of that size start. The first failure is rethrown once the running models have ended; no model
   * starts after it.
   */
  static void run(
      List<SqlModel> ordered,
      int threads,
      Predicate<SqlModel> small,
      Consumer<Boolean> sizeSettings,
      Consumer<SqlModel> build) {
    Set<String> inLayer = new HashSet<>();
    ordered.forEach(m -> inLayer.add(m.qualifiedName()));
    List<SqlModel> waiting = new ArrayList<>(ordered);
    Set<String> built = new HashSet<>();
    int running = 0;
    Map<SqlModel, Boolean> sizes = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CompletionService<SqlModel> ended = new ExecutorCompletionService<>(pool);
    RuntimeException failure = null;
    Boolean sessionSize = null;
    try {
      while (running > 0 || (failure == null && !waiting.isEmpty())) {
        if (failure == null) {
          List<SqlModel> ready =
              waiting.stream()
                  .filter(
                      m ->
                          m.inputs().stream()
                              .allMatch(input -> !inLayer.contains(input) || built.contains(input)))
                  .toList();
          ready.forEach(m -> sizes.computeIfAbsent(m, small::test));
          if (running == 0) {
            if (ready.isEmpty()) {
              throw new IllegalStateException("models that read each other: " + waiting);
            }
            Boolean next = sizes.get(ready.get(0));
            if (!next.equals(sessionSize)) {
              sizeSettings.accept(next);
            }
            sessionSize = next;
          }
          Boolean size = sessionSize;
          // a model of the other size waits for the running ones to end: none of theirs start
          boolean draining =
              running > 0 && ready.stream().anyMatch(m -> !sizes.get(m).equals(size));
          for (SqlModel model : ready) {
            if (running >= threads || draining) {
              break;
            }
            if (sizes.get(model).equals(size)) {
              waiting.remove(model);
              ended.submit(
                  () -> {
                    build.accept(model);
                    return model;
                  });
              running++;
            }
          }
        }
        Future<SqlModel> next = ended.take();
        running--;
        try {
          built.add(next.get().qualifiedName());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building models", e);
    } finally {
      pool.shutdown();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
