package dev.microevent.samples.plane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The reference edge (or central) plane: a small HTTP server on loopback that speaks the
 * edge-plane API ({@code docs/edge-plane-api.yaml}: heartbeat, config with ETag, decisions) and
 * serves the demo app's
 * endpoints: a catalog, idempotent payments (one charge per {@code Idempotency-Key}), stream
 * chunks and telemetry. It can be stopped and started again on the same port to play an outage.
 *
 * <p>Thread-safe.
 */
public final class ReferencePlane implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server leaves Nagle's algorithm on unless told otherwise: small responses then wait
    // for the client's delayed ACK (40 ms on Linux). Must be set before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final String id;
  private final int port;
  private final Map<String, String> charges = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> sources = new ConcurrentHashMap<>();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;

  private ReferencePlane(String id, int port) {
    this.id = id;
    this.port = port;
  }

  /**
   * Starts a plane on a free loopback port.
   *
   * @param id the plane's id, reported in heartbeats and bodies
   * @return the running plane
   * @throws IOException if it cannot listen
   */
  public static ReferencePlane start(String id) throws IOException {
    ReferencePlane p = new ReferencePlane(id, freePort());
    p.up();
    return p;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@return where the plane listens} */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Which source addresses the app requests came from, per path: shows each 5G slice's traffic
   * arriving from its own address.
   *
   * @return path to source address to requests
   */
  public Map<String, Map<String, Long>> sourcesByPath() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    sources.forEach((path, byAddress) -> {
      Map<String, Long> counts = new TreeMap<>();
      byAddress.forEach((address, n) -> counts.put(address, n.sum()));
      out.put(path, counts);
    });
    return out;
  }

  /**
   * Distinct payments charged (one per idempotency key).
   *
   * @return how many distinct payments were charged, one per idempotency key
   */
  public int charges() {
    return charges.size();
  }

  /**
   * Listens again (after {@link #down()}).
   *
   * @throws IOException if the port cannot be bound
   */
  public synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    s.createContext("/", this::handle);
    ExecutorService e = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "plane-" + id);
      t.setDaemon(true);
      return t;
    });
    s.setExecutor(e);
    s.start();
    server = s;
    executor = e;
  }

  /** Stops listening: clients see connection refused until {@link #up()}. */
  public synchronized void down() {
    HttpServer s = server;
    ExecutorService e = executor;
    server = null;
    executor = null;
    if (s != null) {
      s.stop(0);
    }
    if (e != null) {
      e.shutdownNow();
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = x.getRequestURI().getPath();
      if (path.equals("/edge/v1/heartbeat")) {
        reply(x, 200, "{\"planeId\":\"" + id + "\",\"status\":\"SERVING\",\"load\":0.2}");
        return;
      }
      if (path.equals("/edge/v1/config")) {
        config(x);
        return;
      }
      sources.computeIfAbsent(path, k -> new ConcurrentHashMap<>())
          .computeIfAbsent(x.getRemoteAddress().getAddress().getHostAddress(), k -> new LongAdder()).increment();
      switch (path) {
        case "/edge/v1/decisions" -> reply(x, 200, "{\"value\":\"bundle-10\",\"confidence\":0.95,\"ttlSeconds\":30}");
        case "/v1/catalog" -> reply(x, 200, "{\"plane\":\"" + id + "\",\"items\":[{\"sku\":\"tee-black\",\"price\":2500},"
            + "{\"sku\":\"cap\",\"price\":1800}]}");
        case "/v1/payments" -> pay(x, body);
        case "/v1/stream/chunks", "/v1/telemetry", "/v1/gate/scans" -> reply(x, 202, "{\"accepted\":true}");
        default -> reply(x, 404, "{\"error\":\"no such endpoint\"}");
      }
    }
  }

  /** The config document every plane of the demo serves (see docs/edge-plane-api.yaml). */
  static final String CONFIG = """
      {"version": "popup-2026-06-01",
       "slos": {"payment": {"target": 0.999}, "read": {"target": 0.995}, "stream_uplink": {"target": 0.99}},
       "flags": {"express-checkout": true},
       "detector": {"alpha": 0.05, "zThreshold": 4, "minSamples": 50},
       "oracle": {"confidenceThreshold": 0.8, "cacheTtlSeconds": 30,
         "rules": [{"decision": "upsell", "when": {"cartSize": {"gte": 3}}, "answer": "bundle-15", "confidence": 0.9},
                   {"decision": "upsell", "when": {"cartSize": {"lt": 3}}, "answer": "sticker", "confidence": 0.6}]}}
      """;
  private static final String CONFIG_ETAG = "\"" + Integer.toHexString(CONFIG.hashCode()) + "\"";

  private void config(HttpExchange x) throws IOException {
    if (CONFIG_ETAG.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
      x.sendResponseHeaders(304, -1);
      return;
    }
    x.getResponseHeaders().set("ETag", CONFIG_ETAG);
    reply(x, 200, CONFIG);
  }

  private void pay(HttpExchange x, byte[] body) throws IOException {
    String key = x.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null) {
      reply(x, 400, "{\"error\":\"Idempotency-Key required\"}");
      return;
    }
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      reply(x, 422, "{\"error\":\"malformed payment\"}");
      return;
    }
    charges.putIfAbsent(key, req.path("amount").asText("0"));
    ObjectNode out = JSON.createObjectNode().put("status", "PAID").put("key", key).put("plane", id);
    reply(x, 201, JSON.writeValueAsString(out));
  }

  private static void reply(HttpExchange x, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    down();
  }
}
