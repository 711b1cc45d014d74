package io.tandem.jobs;

import io.tandem.SparkTestBase;
import io.tandem.TandemApplication;
import io.tandem.TestPaths;
import io.tandem.pipeline.HaltPoints;
import io.tandem.publish.PublishSettings;
import io.tandem.publish.PublishTarget;
import io.tandem.spark.Warehouse;
import io.tandem.storage.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs the real CLI in this JVM and reads the Delta tables it leaves. */
abstract class JobTestBase extends SparkTestBase {

  record Result(int exitCode, String err) {}

  /** The arguments of {@code tandem run} for one business date, landing and warehouse. */
  static String[] runArguments(String date, Path landing, Path warehouse) {
    return new String[] {
      "run", "--date", date, "--landing", landing.toString(), "--warehouse", warehouse.toString()
    };
  }

  /**
   * The nightly run of the small fixture as of {@code date} in this JVM, on local folders under
   * {@code root} (landing, var, warehouse) with the business rules of {@code conf}; returns the
   * warehouse.
   */
  static Path smallFixtureRun(Path root, Path conf, String date) throws IOException {
    copyLanding(TestPaths.fixture("small"), root.resolve("landing"));
    Result result =
        tandemWithConf(
            root.resolve("var"),
            conf,
            runArguments(date, root.resolve("landing"), root.resolve("warehouse")));
    org.assertj.core.api.Assertions.assertThat(result.exitCode()).as(result.err()).isZero();
    return root.resolve("warehouse");
  }

  /** Runs one CLI command with the job repository and run reports under {@code varDir}. */
  static Result tandem(Path varDir, String... args) {
    return tandemWithConf(varDir, null, args);
  }

  /** Runs one CLI command reading business rules from {@code confDir} (null: the checkout's). */
  static Result tandemWithConf(Path varDir, Path confDir, String... args) {
    letOthersEnter(varDir);
    // the fixtures are made up: no real person's address is hashed with the demo key
    System.setProperty("tandem.allow-demo-key", "true");
    System.setProperty("tandem.var-dir", varDir.toString());
    if (confDir == null) {
      System.clearProperty("tandem.conf");
    } else {
      System.setProperty("tandem.conf", confDir.toString());
    }
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = TandemApplication.execute(args);
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
      original.print(err.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * The embedded PostgreSQL port of runs in this JVM: the build gives each test JVM its own
   * (pom.xml), so two test classes can publish at the same time.
   */
  static int embeddedPort() {
    return Integer.getInteger("tandem.publish.embedded-port", 54329);
  }

  /**
   * {@code bin/tandem <arguments>} in a JVM of its own (the launcher, its JVM flags, the packaged
   * jar), with {@code <root>/var}, a halt point (or null) and extra JVM flags; output appended to
   * {@code <root>/runs.log} and kept in {@code target/separate-jvm/<root>.log}. Returns the exit
   * code.
   */
  static int runInSeparateJvm(
      Path root, Path conf, String haltAt, List<String> jvmFlags, String... arguments)
      throws Exception {
    letOthersEnter(root);
    List<String> javaOptions = new ArrayList<>(List.of("-Xmx2g"));
    javaOptions.addAll(jvmFlags);
    javaOptions.addAll(
        List.of(
            "-Dtandem.var-dir=" + root.resolve("var"),
            "-Dtandem.allow-demo-key=true",
            "-Dtandem.conf=" + conf,
            "-Dtandem.publish.embedded-port=" + (embeddedPort() + 20)));
    List<String> command =
        new ArrayList<>(List.of(TestPaths.home().resolve("bin/tandem").toString()));
    command.addAll(List.of(arguments));
    Files.createDirectories(root);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("runs.log").toFile()));
    builder.environment().put("TANDEM_HOME", TestPaths.home().toString());
    builder.environment().put("TANDEM_JAVA_OPTS", String.join(" ", javaOptions));
    builder.environment().remove(HaltPoints.VARIABLE);
    if (haltAt != null) {
      builder.environment().put(HaltPoints.VARIABLE, haltAt);
    }
    Process process = builder.start();
    boolean ended = process.waitFor(10, TimeUnit.MINUTES);
    Path kept = TestPaths.home().resolve("target/separate-jvm/" + root.getFileName() + ".log");
    Files.createDirectories(kept.getParent());
    Files.copy(root.resolve("runs.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (!ended) {
      process.destroyForcibly();
      throw new IllegalStateException("tandem did not end within 10 minutes: " + root);
    }
    return process.exitValue();
  }

  /**
   * Under root the embedded PostgreSQL of the publish step runs as an unprivileged user, who must
   * be able to enter the test's temporary folders (JUnit creates them private).
   */
  static void letOthersEnter(Path dir) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    try {
      for (Path p = dir.toAbsolutePath();
          p != null && p.startsWith(tmp) && !p.equals(tmp);
          p = p.getParent()) {
        if (Files.isDirectory(p)) {
          var perms = Files.getPosixFilePermissions(p);
          perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
          Files.setPosixFilePermissions(p, perms);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A copy of the checkout's conf/ with one line of definitions.yml replaced. */
  static Path confWith(Path target, String line, String replacement) throws IOException {
    return TestPaths.confCopy(
        TestPaths.home().resolve("conf"), target, "definitions.yml", line, replacement);
  }

  /** Work on a connection to the database that the runs of {@code varDir} published to. */
  interface PublishedDatabaseWork {
    void run(Connection db) throws SQLException;
  }

  /** Opens the embedded PostgreSQL the runs of {@code varDir} published to, as its owner. */
  static void onPublishedDatabase(Path varDir, PublishedDatabaseWork work) throws SQLException {
    PublishSettings defaults =
        new PublishSettings(null, null, null, null, null, null, null, null, null);
    try (PublishTarget target = PublishTarget.open(defaults, varDir);
        Connection db =
            DriverManager.getConnection(
                target.settings().url(), target.settings().user(), target.settings().password())) {
      work.run(db);
    }
  }

  /** A query's rows, each as its values joined with '|'. */
  static List<String> query(Connection db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  static Dataset<Row> table(Path warehouse, String layer, String table) {
    return spark().read().format("delta").load(warehouse.resolve(layer).resolve(table).toString());
  }

  static List<String> lines(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(SparkTestBase::line).toList();
  }

  /**
   * A copy of a fixture's landing folder that keeps the files' modification times, so two copies
   * give the same file manifest.
   */
  static void copyLanding(Path fixture, Path target) throws IOException {
    try (var files = Files.walk(fixture)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(fixture.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Every table of every layer of {@code actual} equals the one of {@code expected}. */
  static void assertSameTables(Path actual, Path expected) {
    assertSameTables(Location.of(actual), Location.of(expected));
  }

  /**
   * The same, for warehouses anywhere (local folders or object-store URIs), without the columns
   * named {@code layer.table.column} in {@code unlike}: what differs by design, such as the
   * modification times of two copies of the extracts.
   */
  static void assertSameTables(Location actual, Location expected, String... unlike) {
    String[] layers = {"bronze", "silver", "journey", "gold"};
    Map<String, List<String>> want = snapshot(expected, List.of(unlike), layers);
    Map<String, List<String>> got = snapshot(actual, List.of(unlike), layers);
    org.assertj.core.api.Assertions.assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String table : want.keySet()) {
      org.assertj.core.api.Assertions.assertThat(got.get(table))
          .as(table)
          .isEqualTo(want.get(table));
    }
  }

  /** Every table of the given layers, without lineage columns, as sorted lines. */
  static Map<String, List<String>> snapshot(Path warehouse, String... layers) {
    return snapshot(Location.of(warehouse), List.of(), layers);
  }

  private static Map<String, List<String>> snapshot(
      Location warehouse, List<String> unlike, String... layers) {
    // another process may have written the tables since this JVM last looked
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    Map<String, List<String>> tables = new TreeMap<>();
    Warehouse tablesOf = new Warehouse(spark(), warehouse);
    for (String layer : layers) {
      // committed tables only: files of a write that never committed are seen by no reader
      for (String name : tablesOf.tables(layer)) {
        // the rows of the table's latest version, read as the pipeline reads them
        Dataset<Row> data = tablesOf.read(layer, name);
        String[] columns =
            Arrays.stream(data.columns())
                .filter(c -> !c.startsWith("_") && !unlike.contains(layer + "." + name + "." + c))
                .toArray(String[]::new);
        tables.put(layer + "." + name, lines(data.selectExpr(columns)).stream().sorted().toList());
      }
    }
    return tables;
  }
}
