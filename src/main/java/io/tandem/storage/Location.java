package io.tandem.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A folder or file Tandem reads or writes outside Spark: a local path, or the URI of a store a
 * Hadoop file system serves ({@code s3a://bucket/prefix}, {@code abfss://container@account…},
 * {@code gs://bucket}, {@code hdfs://namenode/path}). A local location is kept as its absolute
 * path, as earlier runs recorded it in the job repository; a store's as its URI without a trailing
 * slash.
 */
public record Location(String uri) {
  private static final Pattern STORE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");

  public Location {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("a location needs a path or a URI");
    }
  }

  /** A location as a user writes it: a path (relative to the working folder) or a store's URI. */
  public static Location of(String text) {
    if (text.startsWith("file:")) {
      return of(
          Path.of(URI.create(text.startsWith("file://") ? text : "file://" + text.substring(5))));
    }
    if (STORE_URI.matcher(text).matches()) {
      String trimmed = text;
      while (trimmed.endsWith("/") && !trimmed.endsWith("://")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return new Location(trimmed);
    }
    return of(Path.of(text));
  }

  public static Location of(Path path) {
    return new Location(path.toAbsolutePath().normalize().toString());
  }

  /** Whether this is a folder or file of the machine's own file system. */
  public boolean isLocal() {
    return !STORE_URI.matcher(uri).matches();
  }

  /** The local path; only for a {@linkplain #isLocal local} location. */
  public Path localPath() {
    if (!isLocal()) {
      throw new IllegalStateException(uri + " is not a local path");
    }
    return Path.of(uri);
  }

  /** The entry {@code relative} (one name, or names joined by {@code /}) inside this folder. */
  public Location resolve(String relative) {
    if (isLocal()) {
      return of(localPath().resolve(relative));
    }
    return new Location(uri + "/" + relative);
  }

  /** The last name of the path. */
  public String name() {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  /** The path of {@code inner} relative to this folder, names joined by {@code /}. */
  public String relativize(Location inner) {
    if (!inner.uri.startsWith(uri + "/")) {
      throw new IllegalArgumentException(inner + " is not inside " + this);
    }
    return inner.uri.substring(uri.length() + 1);
  }

  /** The location as Hadoop's file systems (and so Spark and Delta) name it. */
  public org.apache.hadoop.fs.Path hadoopPath() {
    return isLocal()
        ? new org.apache.hadoop.fs.Path(localPath().toUri())
        : new org.apache.hadoop.fs.Path(uri);
  }

  @Override
  public String toString() {
    return uri;
  }
}
