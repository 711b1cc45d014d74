package io.tandem.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Everything Tandem lists, reads or writes outside Spark, on Hadoop's {@link FileSystem} API: the
 * landing scan, file checksums, extract files, the warehouse's tables and its lock. A store's URI
 * ({@code s3a://}, {@code abfss://}, {@code gs://}, {@code hdfs://}) is served by the Hadoop file
 * system its scheme names, configured as Spark is ({@code spark.hadoop.*} in conf/spark); a local
 * path by Hadoop's raw local file system, which writes no {@code .crc} files beside Tandem's own.
 */
public final class Storage {
  /** One entry of a folder: its location, last name, kind, size and last change. */
  public record Entry(
      Location location, String name, boolean directory, long size, long modifiedMillis) {}

  private final Configuration conf;
  private FileSystem local;

  public Storage(Configuration conf) {
    this.conf = conf;
  }

  /** The storage of a Spark session: its Hadoop configuration, with conf/spark's settings. */
  public static Storage of(SparkSession spark) {
    return new Storage(spark.sparkContext().hadoopConfiguration());
  }

  public FileSystem fileSystem(Location location) {
    try {
      return location.isLocal() ? local() : FileSystem.get(URI.create(location.uri()), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized FileSystem local() throws IOException {
    if (local == null) {
      FileSystem fs = new ForklessLocalFileSystem.NioPermissions();
      fs.initialize(URI.create("file:///"), conf);
      local = fs;
    }
    return local;
  }

  public boolean exists(Location location) {
    return status(location).isPresent();
  }

  public boolean isDirectory(Location location) {
    return status(location).map(FileStatus::isDirectory).orElse(false);
  }

  /** The entries of a folder in name order; empty when it is not a folder. */
  public List<Entry> list(Location folder) {
    try {
      FileSystem fs = fileSystem(folder);
      FileStatus[] children = fs.listStatus(folder.hadoopPath());
      if (children.length == 1
          && children[0].isFile()
          && children[0].getPath().equals(fs.makeQualified(folder.hadoopPath()))) {
        return List.of(); // a file lists as itself
      }
      return Arrays.stream(children)
          .map(s -> entry(folder.resolve(s.getPath().getName()), s))
          .sorted(Comparator.comparing(Entry::name))
          .toList();
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InputStream open(Location file) throws IOException {
    return fileSystem(file).open(file.hadoopPath());
  }

  /** The text of a file, or empty when there is none. */
  public Optional<String> readString(Location file) {
    try (InputStream in = open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a file whole or not at all, replacing one already there. An object store's upload
   * appears whole when it completes; a local file is written beside and renamed.
   */
  public void writeString(Location file, String text) {
    write(file, text, true);
  }

  /**
   * Writes a file whole unless one is already there; false when it was. On an object store the
   * check and the upload are two requests: callers hold the warehouse's lock, or check after.
   */
  public boolean createNew(Location file, String text) {
    return write(file, text, false);
  }

  private boolean write(Location file, String text, boolean replace) {
    FileSystem fs = fileSystem(file);
    org.apache.hadoop.fs.Path target = file.hadoopPath();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      if (!file.isLocal()) {
        // create(…, false) refuses a file already there (FileAlreadyExistsException)
        try (OutputStream out = fs.create(target, replace)) {
          out.write(bytes);
        }
        return true;
      }
      fs.mkdirs(target.getParent());
      org.apache.hadoop.fs.Path pending =
          new org.apache.hadoop.fs.Path(target.getParent(), ".pending-" + UUID.randomUUID());
      try (OutputStream out = fs.create(pending, false)) {
        out.write(bytes);
      }
      if (!replace && fs.exists(target)) {
        fs.delete(pending, false);
        return false;
      }
      if (!fs.rename(pending, target)) {
        fs.delete(pending, false);
        throw new IOException("could not rename " + pending + " to " + target);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file or a folder with all it holds; nothing when there is none. */
  public void delete(Location location) {
    try {
      fileSystem(location).delete(location.hadoopPath(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<FileStatus> status(Location location) {
    try {
      return Optional.of(fileSystem(location).getFileStatus(location.hadoopPath()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry entry(Location location, FileStatus status) {
    return new Entry(
        location,
        location.name(),
        status.isDirectory(),
        status.getLen(),
        status.getModificationTime());
  }
}
