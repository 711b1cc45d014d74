package io.tandem.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server (the binaries of {@code io.zonky.test.postgres} from Maven Central) with
 * its data under {@code <var>/postgres/}: the default publish target, and what {@code bin/tandem
 * bi} keeps running for BI tools. PostgreSQL refuses to run as root, so when Tandem runs as root
 * the server runs as the unprivileged user {@code nobody}, which then owns the data folder.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String UNPRIVILEGED_USER = "nobody";
  public static final String SUPERUSER = "postgres";

  private final Path root;
  private final int port;
  private final boolean asRoot;
  private boolean startedHere;

  private EmbeddedPostgres(Path root, int port) {
    this.root = root;
    this.port = port;
    this.asRoot = "root".equals(System.getProperty("user.name"));
  }

  /**
   * Starts the server of {@code <varDir>/postgres} on the port (initialising it the first time).
   */
  public static EmbeddedPostgres start(Path varDir, int port) {
    EmbeddedPostgres server = new EmbeddedPostgres(varDir.resolve("postgres"), port);
    server.startServer();
    return server;
  }

  public static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  private Path bin(String tool) {
    return root.resolve("server").resolve("bin").resolve(tool);
  }

  private void startServer() {
    try {
      Files.createDirectories(root);
      unpackServer();
      if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
        Files.createDirectories(dataDir());
        handOver(dataDir());
        run(
            List.of(
                bin("initdb").toString(),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C",
                "-D",
                dataDir().toString()));
      }
      // The server's socket and log, in a folder its user may write.
      Path sockets = root.resolve("run");
      Files.createDirectories(sockets);
      handOver(sockets);
      if (exitCode(List.of(bin("pg_ctl").toString(), "status", "-D", dataDir().toString())) == 0) {
        log.info("Embedded PostgreSQL is already running on {} (data in {})", port, dataDir());
        return;
      }
      startedHere = true;
      run(
          List.of(
              bin("pg_ctl").toString(),
              "-D",
              dataDir().toString(),
              "-l",
              sockets.resolve("server.log").toString(),
              "-o",
              "-p " + port + " -h 127.0.0.1 -k " + sockets,
              "-w",
              "start"));
      log.info("Embedded PostgreSQL is running on 127.0.0.1:{} (data in {})", port, dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the embedded server of {@code <varDir>/postgres} if one is running there. */
  public static void stopIfRunning(Path varDir) {
    EmbeddedPostgres server = new EmbeddedPostgres(varDir.resolve("postgres"), 0);
    if (Files.exists(server.dataDir().resolve("postmaster.pid"))) {
      server.startedHere = true;
      server.close();
    }
  }

  /** Stops the server if this process started it (a server `bin/tandem bi` runs stays up). */
  @Override
  public void close() {
    if (!startedHere) {
      return;
    }
    try {
      run(
          List.of(
              bin("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "stop"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void unpackServer() throws IOException {
    Path server = root.resolve("server");
    if (Files.exists(server.resolve(".complete"))) {
      return;
    }
    try (InputStream archive =
        EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (archive == null) {
        throw new IllegalStateException(
            "the PostgreSQL server binaries (" + ARCHIVE + ") are not on the classpath");
      }
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path target = server.resolve(entry.getName()).normalize();
          if (!target.startsWith(server)) {
            throw new IOException("archive entry outside the server folder: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
          }
        }
      }
    }
    Files.createFile(server.resolve(".complete"));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  /**
   * As root, the server's own folders go to the unprivileged user, and the folders above them are
   * made passable for it (PostgreSQL also insists its data folder is private: 0700).
   */
  private void handOver(Path dir) throws IOException {
    if (!asRoot) {
      return;
    }
    for (Path p = root; p != null; p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        // Traverse only (o+x, not o+r): the user can pass through, not list the folder.
        if (!p.startsWith(root.getParent())) {
          log.warn(
              "Letting user {} pass through {} (o+x) to reach the embedded PostgreSQL",
              UNPRIVILEGED_USER,
              p);
        }
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(p, perms);
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    run(List.of("chown", "-R", UNPRIVILEGED_USER, dir.toString()), false);
  }

  private void run(List<String> command) throws IOException {
    run(command, true);
  }

  private int exitCode(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(asUser(command, true))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The command as the server's user: as root, through runuser to the unprivileged user. */
  private List<String> asUser(List<String> command, boolean asServerUser) {
    List<String> full = new ArrayList<>();
    if (asRoot && asServerUser) {
      full.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
    }
    full.addAll(command);
    return full;
  }

  private void run(List<String> command, boolean asServerUser) throws IOException {
    Process process =
        new ProcessBuilder(asUser(command, asServerUser))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("commands.log").toFile())
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        String output = Files.readString(root.resolve("commands.log"));
        throw new IllegalStateException(
            "Cannot run "
                + String.join(" ", command)
                + " for the embedded PostgreSQL: "
                + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
