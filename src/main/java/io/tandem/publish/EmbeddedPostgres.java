package io.tandem.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server (the binaries of {@code io.zonky.test.postgres} from Maven Central) with
 * its data under {@code <var>/postgres/}: the default publish target, and what {@code bin/tandem
 * bi} keeps running for BI tools. PostgreSQL refuses to run as root, so when Tandem runs as root
 * the server runs as a service user of its own ({@code tandem-postgres}, created as a system user
 * without a login shell the first time; {@code nobody} where it cannot be created), which then owns
 * the data folder.
 *
 * <p>Every connection needs a password (SCRAM on every {@code pg_hba.conf} line, rewritten at each
 * start); the superuser's is generated in {@code <var>/secrets/}. The server gets an empty
 * environment, so none of Tandem's secrets (TANDEM_EMAIL_KEY, …) can be read through it, and
 * listens on loopback unless {@code tandem.publish.listen-address} says otherwise. A server left
 * running by a process that died is adopted and stopped by the run that finds it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String SERVICE_USER = "tandem-postgres";
  private static final String FALLBACK_USER = "nobody";
  public static final String SUPERUSER = "postgres";

  private final Path root;
  private final int port;
  private final String listenAddress;
  private final String superuserPassword;
  private final boolean asRoot;
  private final String serverUser;
  private boolean startedHere;

  private EmbeddedPostgres(Path root, int port, String listenAddress, String superuserPassword) {
    this.root = root;
    this.port = port;
    this.listenAddress = listenAddress;
    this.superuserPassword = superuserPassword;
    this.asRoot = "root".equals(System.getProperty("user.name"));
    this.serverUser = asRoot ? serviceUser() : null;
  }

  /**
   * The service user the server runs as under root: created once, else nobody. Looked up again when
   * {@code useradd} fails, since another Tandem on the machine may have just created it.
   */
  private static String serviceUser() {
    List<String> lookUp = List.of("id", "-u", SERVICE_USER);
    if (succeeds(lookUp)
        || succeeds(
            List.of(
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER))
        || succeeds(lookUp)) {
      return SERVICE_USER;
    }
    log.warn(
        "Could not create the service user {} for the embedded PostgreSQL; it runs as {}",
        SERVICE_USER,
        FALLBACK_USER);
    return FALLBACK_USER;
  }

  private static boolean succeeds(List<String> command) {
    try {
      return exitCode(command, 30) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts the server of {@code <varDir>/postgres} on the port and address (initialising it the
   * first time with the superuser's password).
   */
  public static EmbeddedPostgres start(
      Path varDir, int port, String listenAddress, String superuserPassword) {
    EmbeddedPostgres server =
        new EmbeddedPostgres(varDir.resolve("postgres"), port, listenAddress, superuserPassword);
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
        initialise();
      } else {
        handOver(dataDir()); // a data folder an earlier Tandem gave to another user
      }
      // The server's socket and log, in a folder its user may write.
      Path sockets = root.resolve("run");
      Files.createDirectories(sockets);
      handOver(sockets);
      boolean passwordless = Files.readString(dataDir().resolve("pg_hba.conf")).contains(" trust");
      if (exitCode(
              asUser(List.of(bin("pg_ctl").toString(), "status", "-D", dataDir().toString()), true),
              120)
          == 0) {
        adoptIfOrphaned();
        log.info("Embedded PostgreSQL is already running on {} (data in {})", port, dataDir());
      } else {
        startedHere = true;
        startProcess(sockets);
        Files.writeString(ownerFile(), String.valueOf(ProcessHandle.current().pid()));
      }
      if (passwordless) {
        // A server set up by an earlier Tandem trusted every local connection: give the superuser
        // its password while it still can, then require passwords.
        setSuperuserPassword();
      }
      writeAuthentication();
      run(List.of(bin("pg_ctl").toString(), "-D", dataDir().toString(), "reload"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void initialise() throws IOException {
    Files.createDirectories(dataDir());
    handOver(dataDir());
    // initdb reads the superuser's password from a file its user can read, removed at once.
    Path pwfile = root.resolve("run/initdb.pw");
    Files.createDirectories(pwfile.getParent());
    handOver(pwfile.getParent());
    Files.writeString(pwfile, superuserPassword);
    Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
    if (asRoot) {
      run(List.of("chown", serverUser, pwfile.toString()), false);
    }
    try {
      run(
          List.of(
              bin("initdb").toString(),
              "--auth=scram-sha-256",
              "--pwfile=" + pwfile,
              "-U",
              SUPERUSER,
              "-E",
              "UTF8",
              "--locale=C",
              "-D",
              dataDir().toString()));
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  /** Password (SCRAM) authentication on every line; other hosts only when listening for them. */
  private void writeAuthentication() throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "# Written by Tandem at every start: every connection needs a password.",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256"));
    if (!InetAddress.getByName(listenAddress).isLoopbackAddress()) {
      lines.addAll(
          List.of("host all all 0.0.0.0/0 scram-sha-256", "host all all ::/0 scram-sha-256"));
    }
    Path hba = dataDir().resolve("pg_hba.conf");
    Files.write(hba, lines);
    if (asRoot) {
      run(List.of("chown", serverUser, hba.toString()), false);
    }
  }

  private void setSuperuserPassword() {
    try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"), SUPERUSER, "")) {
      c.unwrap(PGConnection.class)
          .alterUserPassword(SUPERUSER, superuserPassword.toCharArray(), "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot set the embedded PostgreSQL's superuser password: " + e.getMessage(), e);
    }
  }

  private Path ownerFile() {
    return root.resolve("run/owner.pid");
  }

  /**
   * A server whose starter has ended (a run killed during publish) is this process's to stop; one
   * started by a process still alive ({@code bin/tandem bi}, another run) is left alone.
   */
  private void adoptIfOrphaned() throws IOException {
    Path owner = ownerFile();
    long pid;
    try {
      pid = Files.exists(owner) ? Long.parseLong(Files.readString(owner).strip()) : -1;
    } catch (NumberFormatException e) {
      pid = -1;
    }
    if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return;
    }
    log.info(
        "The embedded PostgreSQL was left running by a process that has ended (pid {}); this run"
            + " stops it when done",
        pid);
    startedHere = true;
    Files.writeString(owner, String.valueOf(ProcessHandle.current().pid()));
  }

  private void startProcess(Path sockets) throws IOException {
    run(
        List.of(
            bin("pg_ctl").toString(),
            "-D",
            dataDir().toString(),
            "-l",
            sockets.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -h " + listenAddress + " -k " + sockets,
            "-w",
            "start"));
    log.info(
        "Embedded PostgreSQL is running on {}:{} (data in {})", listenAddress, port, dataDir());
  }

  /** Stops the embedded server of {@code <varDir>/postgres} if one is running there. */
  public static void stopIfRunning(Path varDir) {
    EmbeddedPostgres server = new EmbeddedPostgres(varDir.resolve("postgres"), 0, null, null);
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
              serverUser,
              p);
        }
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(p, perms);
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    run(List.of("chown", "-R", serverUser, dir.toString()), false);
  }

  private void run(List<String> command) throws IOException {
    run(command, true);
  }

  /** The exit code of a command run as is, its output discarded; -1 past the timeout. */
  private static int exitCode(List<String> command, long timeoutSeconds) throws IOException {
    Process process =
        withoutEnvironment(new ProcessBuilder(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server and its tools inherit nothing from Tandem's environment (secrets included). */
  private static ProcessBuilder withoutEnvironment(ProcessBuilder builder) {
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().put("LC_ALL", "C");
    return builder;
  }

  /** The command as the server's user: as root, through runuser to the unprivileged user. */
  private List<String> asUser(List<String> command, boolean asServerUser) {
    List<String> full = new ArrayList<>();
    if (asRoot && asServerUser) {
      full.addAll(List.of("runuser", "-u", serverUser, "--"));
    }
    full.addAll(command);
    return full;
  }

  private void run(List<String> command, boolean asServerUser) throws IOException {
    Process process =
        withoutEnvironment(new ProcessBuilder(asUser(command, asServerUser)))
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
