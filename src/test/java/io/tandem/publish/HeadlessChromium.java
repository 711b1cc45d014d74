package io.tandem.publish;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium driven headless over the DevTools protocol (the JDK's WebSocket client): opens
 * a page, records console errors and every request that leaves the machine, evaluates JavaScript
 * and takes screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  public final List<String> consoleErrors = new CopyOnWriteArrayList<>();
  public final List<String> externalRequests = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch loaded = new CountDownLatch(1);

  /** Starts Chromium, or skips the calling test where it is not installed. */
  public static HeadlessChromium startOrSkip(Path profile) throws Exception {
    assumeThat(Files.isExecutable(BINARY))
        .as("Chromium is installed by .ci/run (apt-get install chromium)")
        .isTrue();
    return new HeadlessChromium(profile);
  }

  private HeadlessChromium(Path profile) throws Exception {
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1280,2000",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    for (int i = 0; i < 300 && !Files.exists(portFile); i++) {
      Thread.sleep(100);
    }
    String port = Files.readAllLines(portFile).get(0);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageSocket = null;
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        pageSocket = t.path("webSocketDebuggerUrl").asText();
      }
    }
    socket =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(pageSocket), new Listener())
            .get(10, TimeUnit.SECONDS);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      call(domain + ".enable", JSON.createObjectNode());
    }
  }

  public void open(Path file) throws Exception {
    loaded = new CountDownLatch(1);
    ObjectNode params = JSON.createObjectNode().put("url", file.toUri().toString());
    call("Page.navigate", params);
    if (!loaded.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the page did not finish loading: " + file);
    }
  }

  /** The value of a JavaScript expression (returned by value, so arrays and objects as JSON). */
  public JsonNode evaluate(String expression) throws Exception {
    ObjectNode params =
        JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
    return call("Runtime.evaluate", params).path("result").path("value");
  }

  public void screenshot(Path png) throws Exception {
    ObjectNode params =
        JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    String data = call("Page.captureScreenshot", params).path("data").asText();
    Files.createDirectories(png.getParent());
    Files.write(png, java.util.Base64.getDecoder().decode(data));
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    return result.get(30, TimeUnit.SECONDS);
  }

  private void onEvent(JsonNode message) {
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled" -> {
        if ("error".equals(params.path("type").asText())) {
          consoleErrors.add(params.path("args").toString());
        }
      }
      case "Runtime.exceptionThrown" ->
          consoleErrors.add(params.path("exceptionDetails").toString());
      case "Log.entryAdded" -> {
        if ("error".equals(params.path("entry").path("level").asText())) {
          consoleErrors.add(params.path("entry").path("text").asText());
        }
      }
      case "Network.requestWillBeSent" -> {
        String url = params.path("request").path("url").asText();
        if (!url.startsWith("file:") && !url.startsWith("data:") && !url.equals("about:blank")) {
          externalRequests.add(url);
        }
      }
      case "Page.loadEventFired" -> loaded.countDown();
      default -> {}
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(buffer.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> result = pending.remove(message.get("id").asInt());
            if (result != null) {
              result.complete(message.path("result"));
            }
          } else {
            onEvent(message);
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        buffer.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }

  /**
   * Stops Chromium and every helper process it started, and waits for them: a renderer still
   * writing the profile would keep the test's temporary folder from being deleted.
   */
  @Override
  public void close() {
    socket.abort();
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(0, process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // gone or stuck: the folder's cleanup reports what is left
      }
    }
  }
}
