package io.tandem.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * An S3-compatible server for tests: S3Proxy from Maven Central as a JVM of its own on loopback,
 * keeping its objects in memory, with one bucket ({@link #BUCKET}). It accepts any credentials; the
 * s3a connector signs its requests as it would for S3. Its jars are in the folder {@code
 * TANDEM_S3PROXY_LIB} names, which bench/object-store-run.sh fills.
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

  /** Starts the server with its settings in {@code dir} and its output in {@code log}. */
  public static S3ProxyServer start(Path dir, Path log) throws Exception {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=none",
            // in memory, with S3's flat keys: a folder marker "a/" and an object "a" are two
            // keys, as on S3 (the file-system back ends store both as one folder)
            "jclouds.provider=transient",
            ""));
    // warnings and errors only: at its default level S3Proxy logs every request (GBs per run)
    Path logback = dir.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder></appender>"
            + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-Dlogback.configurationFile=" + logback,
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
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        server.createBucket();
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

  private void createBucket() throws IOException, InterruptedException {
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + BUCKET))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      throw new IllegalStateException(
          "S3Proxy did not create the bucket: " + created.statusCode() + " " + created.body());
    }
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
