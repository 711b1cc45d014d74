package io.tandem.jobs;

import io.tandem.errors.TandemErrors;
import io.tandem.errors.TandemException;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per warehouse, held while a run writes. A local warehouse has an operating-system lock
 * on {@code <warehouse>/_tandem.lock}: the system releases it when the process dies, so a lock left
 * by a killed run never blocks the next one, and the file's text says who held it last. An object
 * store has no file locks: a warehouse there is held by a lease object, {@code
 * <warehouse>/_tandem.lease}, naming its holder and when the lease expires. The holder renews it
 * while it runs and deletes it at the end; a run that finds a lease takes it over only once it has
 * expired, or at once when its holder was a process of this machine that is no longer alive.
 */
public abstract class RunLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("io.tandem.progress");

  /** How long a lease lasts without renewal; the holder renews it every third of that. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /**
   * How long a new lease holder waits before reading its lease back: an object store's "create if
   * absent" is a check and an upload, so two runs starting together can both upload; the one whose
   * lease is read back holds the warehouse, the other is refused.
   */
  static final Duration SETTLE = Duration.ofSeconds(2);

  /** Who held the lock before this run (a run that ended or died), or empty. */
  public abstract String previousHolder();

  /** Takes the warehouse's lock, or fails naming the run that holds it. */
  public static RunLock acquire(Storage storage, Location warehouse, String what) {
    return warehouse.isLocal()
        ? FileLockRunLock.acquire(warehouse.localPath(), what)
        : Lease.acquire(storage, warehouse, what, Clock.systemUTC(), LEASE, SETTLE);
  }

  static String holderText(String what, Instant since) {
    return "pid "
        + ProcessHandle.current().pid()
        + " on "
        + host()
        + " since "
        + since
        + ": "
        + what;
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static final class FileLockRunLock extends RunLock {
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private FileLockRunLock(FileChannel channel, FileLock lock, String previousHolder) {
      this.channel = channel;
      this.lock = lock;
      this.previousHolder = previousHolder;
    }

    static RunLock acquire(Path warehouse, String what) {
      Path file = warehouse.resolve("_tandem.lock");
      try {
        Files.createDirectories(warehouse);
        FileChannel channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        String holder = read(channel);
        if (lock == null) {
          channel.close();
          throw TandemErrors.warehouseBusy(warehouse.toString(), holder);
        }
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(holderText(what, Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new FileLockRunLock(channel, lock, holder);
      } catch (IOException e) {
        throw TandemErrors.cannotWrite(file, e);
      }
    }

    private static String read(FileChannel channel) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
      channel.read(buffer, 0);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    @Override
    public String previousHolder() {
      return previousHolder;
    }

    @Override
    public void close() throws IOException {
      channel.truncate(0);
      lock.release();
      channel.close();
    }
  }

  /** The lease of a warehouse on an object store. */
  static final class Lease extends RunLock {
    private final Storage storage;
    private final Location file;
    private final Clock clock;
    private final Duration duration;
    private final String holder;
    private final String token;
    private final String previousHolder;
    private final ScheduledExecutorService renewal;

    private Lease(
        Storage storage,
        Location file,
        Clock clock,
        Duration duration,
        String holder,
        String previousHolder) {
      this.storage = storage;
      this.file = file;
      this.clock = clock;
      this.duration = duration;
      this.holder = holder;
      this.token = UUID.randomUUID().toString();
      this.previousHolder = previousHolder;
      this.renewal =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "tandem-lease-renewal");
                thread.setDaemon(true);
                return thread;
              });
    }

    static Lease acquire(
        Storage storage,
        Location warehouse,
        String what,
        Clock clock,
        Duration duration,
        Duration settle) {
      Location file = warehouse.resolve("_tandem.lease");
      Optional<Map<String, String>> found = storage.readString(file).map(Lease::parse);
      String previous = "";
      if (found.isPresent()) {
        Map<String, String> other = found.get();
        if (isLive(other, clock)) {
          throw TandemErrors.warehouseBusy(
              warehouse.toString(),
              other.getOrDefault("holder", "")
                  + "; its lease expires at "
                  + other.getOrDefault("expires", "?")
                  + " unless renewed");
        }
        previous = other.getOrDefault("holder", "");
      }
      Lease lease =
          new Lease(storage, file, clock, duration, holderText(what, clock.instant()), previous);
      if (found.isPresent()) {
        lease.write(); // over an expired lease, or a dead holder's
      } else if (!storage.createNew(file, lease.text())) {
        throw lease.refused(warehouse); // another run created one first
      }
      if (!lease.stillMine(settle)) {
        throw lease.refused(warehouse); // another run's upload came after this one
      }
      long every = Math.max(1, duration.toMillis() / 3);
      // stopped by shutting the executor down when the lease is given back
      var unused =
          lease.renewal.scheduleAtFixedRate(lease::renew, every, every, TimeUnit.MILLISECONDS);
      return lease;
    }

    /** A lease is live until it expires, unless its holder was a process here that has died. */
    static boolean isLive(Map<String, String> lease, Clock clock) {
      Instant expires;
      try {
        expires = Instant.parse(lease.getOrDefault("expires", ""));
      } catch (RuntimeException e) {
        return false; // not a lease Tandem wrote whole
      }
      if (!expires.isAfter(clock.instant())) {
        return false;
      }
      if (host().equals(lease.get("host"))) {
        try {
          long pid = Long.parseLong(lease.getOrDefault("pid", ""));
          return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
          return true;
        }
      }
      return true;
    }

    private String text() {
      Map<String, String> fields = new TreeMap<>();
      fields.put("holder", holder);
      fields.put("host", host());
      fields.put("pid", String.valueOf(ProcessHandle.current().pid()));
      fields.put("token", token);
      fields.put("expires", clock.instant().plus(duration).toString());
      StringBuilder text = new StringBuilder();
      fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      return text.toString();
    }

    static Map<String, String> parse(String text) {
      Map<String, String> fields = new TreeMap<>();
      text.lines()
          .filter(line -> line.contains("="))
          .forEach(
              line ->
                  fields.put(
                      line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
      return fields;
    }

    private void write() {
      storage.writeString(file, text());
    }

    /** The refusal naming the run whose lease is in the store now. */
    private TandemException refused(Location warehouse) {
      String winner =
          storage.readString(file).map(Lease::parse).map(m -> m.get("holder")).orElse("");
      return TandemErrors.warehouseBusy(warehouse.toString(), winner);
    }

    private boolean stillMine(Duration settle) {
      try {
        Thread.sleep(settle.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return isMine();
    }

    private boolean isMine() {
      return storage
          .readString(file)
          .map(Lease::parse)
          .map(m -> token.equals(m.get("token")))
          .orElse(false);
    }

    private void renew() {
      try {
        if (isMine()) {
          write();
        } else {
          log.error(
              "The lease {} is no longer this run's: another run took the warehouse over, and the"
                  + " two may write over each other. Stop one of them, and run it again when the"
                  + " other has ended.",
              file);
        }
      } catch (RuntimeException e) {
        log.warn("Could not renew the lease {}: {}", file, e.getMessage());
      }
    }

    @Override
    public String previousHolder() {
      return previousHolder;
    }

    @Override
    public void close() {
      renewal.shutdownNow();
      if (isMine()) {
        storage.delete(file);
      }
    }
  }
}
