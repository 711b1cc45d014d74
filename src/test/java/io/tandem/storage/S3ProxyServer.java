package io.tandem.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3-compatible server for tests: S3Proxy from Maven Central as a JVM of its own on loopback,
 * keeping its objects in a local folder, with one bucket ({@link #BUCKET}). Its jars are in the
 * folder {@code TANDEM_S3PROXY_LIB} names, which bench/object-store-run.sh fills.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String LIB = "TANDEM_S3PROXY_LIB";
  public static final String BUCKET = "tandem";
  private static final String ACCESS_KEY = "tandem-test";
  private static final String SECRET_KEY = "tandem-test-secret";

  private final Process process;
  private final int port;

  private S3ProxyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server with its objects under {@code dataDir} and its output in {@code log}. */
  public static S3ProxyServer start(Path dataDir, Path log) throws Exception {
    Files.createDirectories(dataDir.resolve(BUCKET));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path properties = dataDir.resolveSibling("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + dataDir,
            ""));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getenv(LIB) + "/*",
                "org.gaul.s3proxy.Main",
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, port);
    for (int i = 0; i < 600; i++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return server;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
    }
    server.close();
    throw new IllegalStateException("S3Proxy did not start; see " + log);
  }

  /** The s3a connector's settings for this server, as Hadoop configuration keys. */
  public Map<String, String> hadoopSettings() {
    Map<String, String> settings = new TreeMap<>();
    settings.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.access.key", ACCESS_KEY);
    settings.put("fs.s3a.secret.key", SECRET_KEY);
    return settings;
  }

  /** The same settings as JVM flags for a Tandem process ({@code -Dspark.hadoop.…}). */
  public List<String> jvmFlags() {
    return hadoopSettings().entrySet().stream()
        .map(e -> "-Dspark.hadoop." + e.getKey() + "=" + e.getValue())
        .toList();
  }

  /** Applies the settings to a Hadoop configuration (a Spark session's, or a new one). */
  public Configuration configure(Configuration conf) {
    hadoopSettings().forEach(conf::set);
    return conf;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
