package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When each model of a layer starts: after the models it reads, beside models of its size. */
class ModelScheduleTest {
  private static SqlModel model(String table, String sql) {
    return new SqlModel("gold", table, Path.of(table + ".sql"), sql);
  }

  private final SqlModel slow = model("slow", "SELECT * FROM silver.x");
  private final SqlModel quick = model("quick", "SELECT * FROM silver.y");
  private final SqlModel afterQuick = model("after_quick", "SELECT * FROM gold.quick");
  private final SqlModel afterBoth = model("after_both", "SELECT * FROM gold.slow JOIN gold.quick");

  @Test
  void aModelStartsOnceWhatItReadsIsBuiltWithoutWaitingForOthers() throws Exception {
    CountDownLatch afterQuickBuilt = new CountDownLatch(1);
    List<String> events = Collections.synchronizedList(new ArrayList<>());

    ModelSchedule.run(
        ModelRunner.inDependencyOrder(List.of(afterBoth, afterQuick, slow, quick)),
        4,
        m -> true,
        small -> events.add("settings small=" + small),
        m -> {
          events.add("start " + m.table());
          if (m.equals(slow)) {
            await(afterQuickBuilt); // ends only once after_quick, which reads quick, is built
          }
          if (m.equals(afterQuick)) {
            afterQuickBuilt.countDown();
          }
          events.add("end " + m.table());
        });

    assertThat(events).startsWith("settings small=true");
    assertThat(events.indexOf("start after_quick")).isLessThan(events.indexOf("end slow"));
    assertThat(events.indexOf("start after_both")).isGreaterThan(events.indexOf("end slow"));
    assertThat(events).containsOnlyOnce("settings small=true").endsWith("end after_both");
  }

  @Test
  void smallAndLargeModelsNeverRunTogetherAndEachRunsWithItsSizesSettings() {
    Set<String> running = ConcurrentHashMap.newKeySet();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Boolean> settings = new AtomicReference<>();
    Set<SqlModel> large = Set.of(slow, afterQuick);

    ModelSchedule.run(
        ModelRunner.inDependencyOrder(List.of(afterBoth, afterQuick, slow, quick)),
        4,
        m -> !large.contains(m),
        settings::set,
        m -> {
          running.add(m.table());
          if (running.stream().anyMatch(r -> large.contains(byName(r)) != large.contains(m))) {
            wrong.add("together: " + String.join(",", running));
          }
          if (settings.get() == large.contains(m)) {
            wrong.add(m.table() + " with the other size's settings");
          }
          sleep(50);
          running.remove(m.table());
        });

    assertThat(wrong).isEmpty();
  }

  @Test
  void aFailureStopsTheModelsThatHaveNotStarted() {
    List<String> started = Collections.synchronizedList(new ArrayList<>());

    assertThatThrownBy(
            () ->
                ModelSchedule.run(
                    ModelRunner.inDependencyOrder(List.of(afterBoth, afterQuick, slow, quick)),
                    4,
                    m -> true,
                    small -> {},
                    m -> {
                      started.add(m.table());
                      if (m.equals(quick)) {
                        throw new IllegalArgumentException("quick failed");
                      }
                      sleep(200);
                    }))
        .hasMessage("quick failed");
    assertThat(started).containsExactlyInAnyOrder("slow", "quick");
  }

  private SqlModel byName(String table) {
    return List.of(slow, quick, afterQuick, afterBoth).stream()
        .filter(m -> m.table().equals(table))
        .findFirst()
        .orElseThrow();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
