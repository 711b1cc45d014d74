package io.tandem.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent Spark actions side by side. Small tables spend most of their time in driver-side
 * planning and Delta commits, which overlap well even on two cores.
 */
public final class SideBySide {
  public static final int THREADS = 4;

  private SideBySide() {}

  /** Runs every task; the first failure is rethrown once all have ended. */
  public static void run(List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      tasks.forEach(task -> running.add(pool.submit(task)));
      awaitAll(running);
    } finally {
      pool.shutdown();
    }
  }

  /** Waits for {@code task}, started on a thread of its own; its failure is rethrown. */
  public static void await(Future<?> task) {
    try {
      task.get();
    } catch (ExecutionException e) {
      throw unwrapped(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Spark actions", e);
    }
  }

  /** Waits for {@code task} after {@code failure} ended the work; its own failure is added. */
  public static void awaitQuietly(Future<?> task, RuntimeException failure) {
    try {
      await(task);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void awaitAll(List<Future<?>> running) {
    RuntimeException failure = null;
    for (Future<?> task : running) {
      try {
        await(task);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException unwrapped(ExecutionException e) {
    return e.getCause() instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException(e.getCause());
  }
}
