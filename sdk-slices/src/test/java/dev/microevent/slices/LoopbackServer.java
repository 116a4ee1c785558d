package dev.microevent.slices;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An HTTP server on 127.0.0.1 that records, for every request, the path (or the absolute URI a
 * proxy client sends) and the client's source address: what a slice's traffic looks like on the
 * wire. It can stop (connections refused) and listen again on the same port.
 */
final class LoopbackServer implements AutoCloseable {
  record Seen(String target, String source) {}

  private final int port;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private HttpServer server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  LoopbackServer() throws IOException {
    this(0);
  }

  private LoopbackServer(int port) throws IOException {
    this.server = start(port);
    this.port = server.getAddress().getPort();
  }

  private HttpServer start(int p) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 128);
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
      seen.add(new Seen(ex.getRequestURI().toString(), ex.getRemoteAddress().getAddress().getHostAddress()));
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  int port() {
    return port;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Source addresses of the requests whose target contains the marker. */
  Set<String> sourcesOf(String marker) {
    return seen.stream().filter(s -> s.target().contains(marker)).map(Seen::source).collect(Collectors.toSet());
  }

  long count(String marker) {
    return seen.stream().filter(s -> s.target().contains(marker)).count();
  }

  Map<String, Long> countsBySource(String marker) {
    return seen.stream().filter(s -> s.target().contains(marker))
        .collect(Collectors.groupingBy(Seen::source, Collectors.counting()));
  }

  void stop() {
    server.stop(0);
  }

  void restart() throws IOException {
    server = start(port);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
