package io.tandem.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures one phase of the benchmark: wall time, the driver's heap (in local mode the driver is
 * this JVM and runs the executors too) and the data files the phase wrote under a folder: Delta
 * data files of a warehouse (not its log or Hadoop's checksum files), or the extract files of a
 * landing folder.
 */
final class PhaseMeter {
  /**
   * {@code peakLiveHeapBytes}: the most heap still in use right after a garbage collection, what
   * the phase needs (an upper bound: after a young collection the old generation may still hold
   * garbage); {@code peakUsedHeapBytes}: the most heap in use, garbage included, sampled every 100
   * ms, which grows towards -Xmx whenever the collector can wait.
   */
  record Measurement(
      double seconds,
      long peakLiveHeapBytes,
      long peakUsedHeapBytes,
      long dataFilesWritten,
      long bytesWritten) {}

  // A collection reports every memory pool; Metaspace and the code cache are not heap.
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private final Path written;
  private final long startedNanos = System.nanoTime();
  private final long startedMillis = System.currentTimeMillis();
  private final AtomicLong peakHeap = new AtomicLong();
  private final AtomicLong peakLiveHeap = new AtomicLong();
  private final NotificationListener afterCollection =
      (notification, handback) -> {
        if (notification
            .getType()
            .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          var info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long live =
              info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                  .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                  .mapToLong(pool -> pool.getValue().getUsed())
                  .sum();
          peakLiveHeap.accumulateAndGet(live, Math::max);
        }
      };
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-heap-sampler");
            thread.setDaemon(true);
            return thread;
          });

  private PhaseMeter(Path written) {
    this.written = written;
    // stopped by shutting the sampler down
    var unused =
        sampler.scheduleAtFixedRate(
            () ->
                peakHeap.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
            0,
            100,
            TimeUnit.MILLISECONDS);
    for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener(afterCollection, null, null);
    }
  }

  /** Starts measuring after a full GC, so garbage of the previous phase does not count. */
  static PhaseMeter start(Path written) {
    System.gc();
    return new PhaseMeter(written);
  }

  Measurement stop() {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    sampler.shutdownNow();
    for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) collector).removeNotificationListener(afterCollection);
      } catch (ListenerNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    long files = 0;
    long bytes = 0;
    if (Files.isDirectory(written)) {
      try (Stream<Path> paths = Files.walk(written)) {
        for (Path file : paths.filter(this::isNewDataFile).toList()) {
          files++;
          bytes += Files.size(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Measurement(seconds, peakLiveHeap.get(), peakHeap.get(), files, bytes);
  }

  private boolean isNewDataFile(Path file) {
    try {
      String name = file.getFileName().toString();
      return Files.isRegularFile(file)
          && !name.startsWith(".")
          && !file.toString().contains("/_delta_log/")
          && Files.getLastModifiedTime(file).toMillis() >= startedMillis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
