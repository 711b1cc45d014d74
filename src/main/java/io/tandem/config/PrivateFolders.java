package io.tandem.config;

import io.tandem.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

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

  /**
   * This process's own Spark scratch folder, {@code <var>/spark-scratch/<pid>}, owner-only. Spark
   * spills shuffle and cached blocks there, identifiers among them; it removes them when it stops,
   * but a killed process cannot, so the folders of processes no longer alive are removed first.
   */
  public static Path sparkScratch(Path varDir) {
    Path root = varDir.resolve("spark-scratch");
    set(root, OWNER_ONLY);
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        boolean alive =
            name.chars().allMatch(Character::isDigit)
                && ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
          deleteTree(folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path own = root.resolve(String.valueOf(ProcessHandle.current().pid()));
    set(own, OWNER_ONLY);
    return own;
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> entries = Files.walk(folder)) {
      for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(entry);
      }
    }
  }

  /**
   * Creates (or tightens) a local warehouse folder. A warehouse on an object store is guarded by
   * the store's access policies, which Tandem does not set.
   */
  public static void secureWarehouse(Location warehouse) {
    if (warehouse.isLocal()) {
      set(warehouse.localPath(), OWNER_ONLY);
    }
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
