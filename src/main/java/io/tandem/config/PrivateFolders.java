package io.tandem.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The folders Tandem writes (the var folder's job repository, run reports, pages and secrets; the
 * warehouse) are its owner's only: what is inside, whatever its own mode, cannot be read by other
 * users of the machine. The var folder itself stays passable (0711) so the embedded PostgreSQL's
 * user can reach its own folder when Tandem runs as root.
 */
public final class PrivateFolders {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PASSABLE =
      PosixFilePermissions.fromString("rwx--x--x");

  private PrivateFolders() {}

  /** Creates (or tightens) the var folder and its private folders. */
  public static void secureVar(Path varDir) {
    set(varDir, PASSABLE);
    for (String dir : new String[] {"jobrepo", "runs", "reports", "notify", "secrets"}) {
      set(varDir.resolve(dir), OWNER_ONLY);
    }
  }

  /** Creates (or tightens) a warehouse folder. */
  public static void secureWarehouse(Path warehouse) {
    set(warehouse, OWNER_ONLY);
  }

  private static void set(Path dir, Set<PosixFilePermission> permissions) {
    try {
      Files.createDirectories(dir);
      if (!Files.getPosixFilePermissions(dir).equals(permissions)) {
        Files.setPosixFilePermissions(dir, permissions);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
