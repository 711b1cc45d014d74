package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.storage.Location;
import io.tandem.storage.S3ProxyServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run on a real Spark standalone cluster: a master and a worker, each a JVM of its own
 * on loopback, the worker starting executor JVMs; the job submitted with Spark's SparkSubmit in
 * client mode, as {@code jobs/nightly/spark-submit.sh} does. Every table must equal a local-mode
 * run of the same extracts. Needs a Spark distribution and the cluster jar, which {@code
 * bench/cluster-run.sh} prepares before running this test; skipped without them.
 */
@EnabledIfEnvironmentVariable(named = ClusterRunIT.SPARK_HOME, matches = ".+")
class ClusterRunIT extends JobTestBase {
  static final String SPARK_HOME = "TANDEM_SPARK_HOME";
  private static final String DATE = "2026-11-20";

  // Kept when the test fails: the master, worker, executor and driver logs are the evidence.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void theNightlyRunOnAStandaloneClusterEqualsALocalModeRun() throws Exception {
    Path sparkHome = Path.of(System.getenv(SPARK_HOME));
    Path conf =
        confWith(work.resolve("conf"), "max_quarantined_share: 0.05", "max_quarantined_share: 0.5");
    Path landing = work.resolve("landing");
    copyLanding(TestPaths.fixture("small"), landing);
    letOthersEnter(work);

    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    List<Process> cluster = new ArrayList<>();
    List<S3ProxyServer> servers = new ArrayList<>();
    try {
      cluster.add(
          sparkProcess(
              sparkHome,
              "master",
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(masterPort),
              "--webui-port",
              String.valueOf(freePort())));
      cluster.add(
          sparkProcess(
              sparkHome,
              "worker",
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              "2",
              "--memory",
              "3g",
              "--webui-port",
              String.valueOf(freePort()),
              "--work-dir",
              work.resolve("worker").toString(),
              master));
      awaitLine(work.resolve("master.log"), "Registering worker", 120);

      Location clusterLanding = Location.of(landing);
      Location clusterWarehouse = Location.of(work.resolve("cluster/warehouse"));
      List<String> storeFlags = List.of();
      if (System.getenv(S3ProxyServer.LIB) != null) {
        // bench/object-store-run.sh --cluster: landing and warehouse on the S3 server
        S3ProxyServer s3 =
            S3ProxyServer.start(work.resolve("s3proxy"), work.resolve("s3proxy.log"));
        servers.add(s3);
        clusterLanding = Location.of("s3a://" + S3ProxyServer.BUCKET + "/landing");
        clusterWarehouse = Location.of("s3a://" + S3ProxyServer.BUCKET + "/warehouse");
        org.apache.hadoop.fs.Path target = clusterLanding.hadoopPath();
        target
            .getFileSystem(s3.configure(spark().sparkContext().hadoopConfiguration()))
            .copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(landing.toUri()), target);
        storeFlags = s3.jvmFlags();
      }
      Process driver =
          submit(sparkHome, master, conf, storeFlags, clusterLanding, clusterWarehouse);
      boolean ended = driver.waitFor(30, TimeUnit.MINUTES);
      String driverLog = Files.readString(work.resolve("driver.log"));
      assertThat(ended).as("the cluster run ended within 30 minutes").isTrue();
      assertThat(driver.exitValue()).as(tail(driverLog)).isZero();

      // The work ran in executors the worker started, not in the driver.
      String executorLogs = executorLogs(work.resolve("worker"));
      assertThat(executorLogs).as("executor logs").contains("Finished task");
      assertThat(Files.readString(work.resolve("master.log"))).contains("Launching executor");

      Path local = smallFixtureRun(work.resolve("local"), conf, DATE);
      // The manifest records each copy's own modification time: an upload's is its own.
      String[] unlike =
          storeFlags.isEmpty()
              ? new String[0]
              : new String[] {"bronze.file_manifest.modified_millis"};
      assertSameTables(clusterWarehouse, Location.of(local), unlike);
    } finally {
      for (S3ProxyServer server : servers) {
        server.close();
      }
      for (Process process : cluster) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private Process sparkProcess(Path sparkHome, String name, String mainClass, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
    command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(work.resolve(name + ".log").toFile());
    // The worker builds its executors' classpath from the distribution's jars/; it needs the Scala
    // version there, which sbin/start-worker.sh would take from bin/load-spark-env.sh.
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", scalaBinaryVersion(sparkHome));
    return builder.start();
  }

  /**
   * {@code spark-submit} of the cluster jar, with the JVM flags of conf/jvm.options and {@code
   * storeFlags}; the object-store connectors go with the executor libraries when they are built.
   */
  private Process submit(
      Path sparkHome,
      String master,
      Path conf,
      List<String> storeFlags,
      Location landing,
      Location warehouse)
      throws IOException {
    Path target = TestPaths.home().resolve("target");
    List<Path> jarFolders = new ArrayList<>(List.of(target.resolve("executor-lib")));
    if (!storeFlags.isEmpty()) {
      jarFolders.add(target.resolve("object-store-lib"));
    }
    List<String> executorJars = new ArrayList<>();
    for (Path folder : jarFolders) {
      try (Stream<Path> jars = Files.list(folder)) {
        jars.map(Path::toString).sorted().forEach(executorJars::add);
      }
    }
    Path clusterJar = target.resolve("tandem-0.1.0-SNAPSHOT-cluster.jar");
    List<String> command = new ArrayList<>(List.of(java()));
    for (String line : Files.readAllLines(TestPaths.home().resolve("conf/jvm.options"))) {
      if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("-Xmx")) {
        command.add(line.trim());
      }
    }
    command.addAll(storeFlags);
    command.addAll(
        List.of(
            "-Xmx2g",
            "-Dtandem.var-dir=" + work.resolve("cluster/var"),
            "-Dtandem.conf=" + conf,
            "-Dtandem.publish.embedded-port=" + freePort(),
            // the jar on the JVM's own classpath too, as --driver-class-path puts it: the JDK
            // looks up Spring Boot's "nested:" URL handler with the system class loader (and the
            // application's class loader, under it, cannot see --jars)
            "-cp",
            sparkHome.resolve("jars")
                + "/*"
                + File.pathSeparator
                + clusterJar
                + (storeFlags.isEmpty()
                    ? ""
                    : File.pathSeparator + target.resolve("object-store-lib") + "/*"),
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            master,
            "--deploy-mode",
            "client",
            "--class",
            "org.springframework.boot.loader.launch.JarLauncher",
            "--jars",
            String.join(",", executorJars),
            "--conf",
            "spark.executor.memory=2g",
            clusterJar.toString()));
    command.addAll(
        List.of(
            "run",
            "--date",
            DATE,
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(work.resolve("driver.log").toFile());
    builder.environment().put("TANDEM_HOME", TestPaths.home().toString());
    builder.environment().put("TANDEM_ALLOW_DEMO_KEY", "true");
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    return builder.start();
  }

  /** The Scala binary version the distribution was built for, from its spark-core jar's name. */
  private static String scalaBinaryVersion(Path sparkHome) throws IOException {
    try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
      return jars.map(jar -> jar.getFileName().toString())
          .filter(name -> name.startsWith("spark-core_"))
          .map(name -> name.substring("spark-core_".length(), name.lastIndexOf('-')))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no spark-core jar in " + sparkHome));
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitLine(Path log, String text, int seconds) throws Exception {
    for (int i = 0; i < seconds; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "'" + text + "' not in " + log + " after " + seconds + " s:\n" + Files.readString(log));
  }

  private static String executorLogs(Path workerDir) throws IOException {
    try (Stream<Path> files = Files.walk(workerDir)) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        text.append(Files.readString(file));
      }
      return text.toString();
    }
  }

  private static String tail(String log) {
    return log.substring(Math.max(0, log.length() - 6000));
  }
}
