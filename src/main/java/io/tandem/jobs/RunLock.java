package io.tandem.jobs;

import io.tandem.errors.TandemErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per warehouse: an operating-system lock on {@code <warehouse>/_tandem.lock}, held
 * while a run writes. The system releases it when the process dies, so a lock left by a killed run
 * never blocks the next one; the file's text says who held it last.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final String previousHolder;

  private RunLock(FileChannel channel, FileLock lock, String previousHolder) {
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /** Takes the warehouse's lock, or fails naming the process that holds it. */
  public static RunLock acquire(Path warehouse, String what) {
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
        throw TandemErrors.warehouseBusy(warehouse, holder);
      }
      String me = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + ": " + what;
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(channel, lock, holder);
    } catch (IOException e) {
      throw TandemErrors.cannotWrite(file, e);
    }
  }

  /** Who held the lock before this run (a run that ended or died), or empty. */
  public String previousHolder() {
    return previousHolder;
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
  }

  @Override
  public void close() throws IOException {
    channel.truncate(0);
    lock.release();
    channel.close();
  }
}
