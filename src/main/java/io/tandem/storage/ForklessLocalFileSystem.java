package io.tandem.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (with its .crc checksum files), setting permissions through java.nio.
 * Without Hadoop's native library, which Spark does not ship, the stock file system runs the {@code
 * chmod} program for every file and folder it creates: about 750 processes in one run of the small
 * fixture, each forked from a JVM of several GiB. Set as {@code fs.file.impl} in conf/spark.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  public ForklessLocalFileSystem() {
    super(new NioPermissions());
  }

  /** The raw local file system with {@link #setPermission} in process. */
  public static final class NioPermissions extends RawLocalFileSystem {
    private static final PosixFilePermission[] BY_BIT = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission.toShort()));
    }

    /** The nine permission bits of a mode such as 0644 (sticky and set-id bits are not used). */
    static Set<PosixFilePermission> posix(short mode) {
      Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
      for (int bit = 0; bit < BY_BIT.length; bit++) {
        if ((mode & (1 << bit)) != 0) {
          permissions.add(BY_BIT[bit]);
        }
      }
      return permissions;
    }
  }
}
