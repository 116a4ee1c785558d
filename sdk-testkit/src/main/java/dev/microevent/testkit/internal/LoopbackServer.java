package dev.microevent.testkit.internal;

import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.TestkitException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on loopback, one thread per connection, that asks a handler for a
 * {@link Plan} per request and carries it out on the socket: delays, TCP resets, black holes,
 * throttled and truncated bodies. Written for fault injection, so it owns every byte it sends.
 * Every testkit fake serves through it: each answer leaves in one write on a {@code TCP_NODELAY}
 * socket, so a fake adds no Nagle delay to the latency a test measures.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackServer.class);
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final long MAX_BODY = 16L * 1024 * 1024;
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  /** The absolute-form a client sends to a proxy (RFC 9112 3.2.2), which a server must accept too. */
  private static final Pattern ABSOLUTE_FORM = Pattern.compile("(?i)https?://[^/?#]+([/?].*)?");

  private final String name;
  private final Clock clock;
  private final Function<ReceivedRequest, Plan> handler;
  private final ExecutorService connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile @Nullable ServerSocket listening;
  private @Nullable Thread acceptor;
  private volatile int port;
  private volatile boolean closed;

  /**
   * Creates and starts a server on a free loopback port.
   *
   * @param name used in thread names and messages
   * @param clock stamps received requests
   * @param handler decides the answer to each request
   */
  public LoopbackServer(String name, Clock clock, Function<ReceivedRequest, Plan> handler) {
    this.name = name;
    this.clock = clock;
    this.handler = handler;
    // Before the first request, not during it: the client under test would wait for it.
    Json.warmUp();
    AtomicInteger threads = new AtomicInteger();
    this.connections = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-" + name + "-conn-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    listen(0);
  }

  /** {@return the loopback port it is bound to, kept across stops and restarts} */
  public int port() {
    return port;
  }

  /** {@return connections accepted so far} */
  public int connectionsAccepted() {
    return connectionCount.get();
  }

  /** {@return whether the server accepts connections now} */
  public boolean listening() {
    return listening != null;
  }

  private void listen(int wanted) {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("fake " + name + " is closed");
      }
      if (listening != null) {
        return;
      }
      ServerSocket socket;
      try {
        socket = wanted == 0 ? StablePorts.bind(LoopbackServer::bound) : bound(wanted);
      } catch (IOException e) {
        throw new TestkitException("fake " + name + " cannot listen on loopback port " + wanted
            + (wanted == 0 ? "" : " (is another process using it?)"), e);
      }
      this.port = socket.getLocalPort();
      this.listening = socket;
      Thread t = new Thread(() -> acceptLoop(socket), "fake-" + name + "-accept");
      t.setDaemon(true);
      this.acceptor = t;
      t.start();
    }
  }

  private static ServerSocket bound(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Stops listening and drops open connections: new connections are refused until {@link
   * #restart()}. Total and immediate: when it returns, every connection accepted before or while it
   * ran is closed, so a request on a client's pooled connection fails instead of being answered
   * (and never reaches the handler), and the port is free again for {@link #restart()}.
   */
  public void stop() {
    Thread waitFor;
    synchronized (lifecycle) {
      ServerSocket s = listening;
      listening = null;
      waitFor = acceptor;
      acceptor = null;
      closeQuietly(s);
      for (Socket socket : open) {
        closeQuietly(socket);
      }
    }
    if (waitFor != null) {
      // A thread blocked in accept() keeps the listening socket open in the kernel until it wakes
      // up: until then new connections would still be accepted and the port could not be bound
      // again. Waits outside the lock, which the acceptor takes to drop what it accepted.
      awaitExit(waitFor);
    }
  }

  private void awaitExit(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("fake {}: the accepting thread did not end within 10 s of stop()", name);
    }
  }

  /** Listens again on the same port. */
  public void restart() {
    listen(port);
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      // Registered under the lifecycle lock, and only while this listening socket is still the
      // current one: a socket accepted while stop() ran (or after it) is closed here instead of
      // served, else it would outlive the outage as a client's pooled keep-alive connection.
      synchronized (lifecycle) {
        if (listening != server) {
          closeQuietly(socket);
          return;
        }
        open.add(socket);
      }
      int index = connectionCount.incrementAndGet();
      try {
        connections.execute(() -> serve(socket, index));
      } catch (RejectedExecutionException e) {
        open.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket, int index) {
    String source = socket.getInetAddress().getHostAddress();
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      while (!closed) {
        Parsed parsed;
        try {
          parsed = read(in, out);
        } catch (BadRequest e) {
          writeRaw(out, e.status, "{\"error\":\"" + e.getMessage() + "\"}", true);
          return;
        }
        if (parsed == null || socket.isClosed()) {
          // Read as stop() closed the connection: the outage began first, nobody hears of it.
          return;
        }
        ReceivedRequest request = new ReceivedRequest(sequence.incrementAndGet(), parsed.method, parsed.target,
            parsed.headers, parsed.body, clock.instant(), index, source, "");
        Plan plan;
        try {
          plan = handler.apply(request);
        } catch (RuntimeException e) {
          log.warn("fake {} failed to answer {}; sent 500", name, request, e);
          plan = Plan.answer(FakeResponse.json(500, "{\"error\":\"fake handler failed\"}"));
        }
        if (!carryOut(plan, socket, in, out, parsed.keepAlive, parsed.method.equals("HEAD"))) {
          return;
        }
      }
    } catch (IOException e) {
      log.debug("fake {} connection {} ended: {}", name, index, e.toString());
    } finally {
      open.remove(socket);
    }
  }

  /** Returns whether the connection stays open for another request. */
  private boolean carryOut(Plan plan, Socket socket, InputStream in, OutputStream out, boolean keepAlive,
      boolean head) throws IOException {
    if (plan.delayNanos() > 0 && !pause(plan.delayNanos())) {
      return false;
    }
    if (plan.blackHole()) {
      holdUntilClosed(socket, in);
      return false;
    }
    FakeResponse response = plan.response();
    if (plan.reset()) {
      socket.setSoLinger(true, 0);
      socket.close();
      return false;
    }
    if (response == null) {
      socket.close();
      return false;
    }
    byte[] body = response.body();
    boolean truncate = plan.truncateAfter() >= 0 && plan.truncateAfter() < body.length;
    boolean close = !keepAlive || truncate;
    // A HEAD answer announces the body's length but carries no body (RFC 9110 9.3.2).
    long limit = head ? 0 : truncate ? plan.truncateAfter() : body.length;
    if (plan.throttleBytes() > 0) {
      out.write(head(response, body.length, close));
      out.flush();
      int offset = 0;
      while (offset < limit) {
        int n = (int) Math.min(plan.throttleBytes(), limit - offset);
        out.write(body, offset, n);
        out.flush();
        offset += n;
        if (offset < limit && !pause(plan.throttlePeriodNanos())) {
          return false;
        }
      }
    } else {
      out.write(message(head(response, body.length, close), body, (int) limit));
    }
    out.flush();
    if (truncate && !head) {
      socket.shutdownOutput();
      return false;
    }
    return !close;
  }

  private void holdUntilClosed(Socket socket, InputStream in) throws IOException {
    socket.setSoTimeout(200);
    byte[] sink = new byte[1024];
    while (!closed && !socket.isClosed()) {
      try {
        if (in.read(sink) < 0) {
          return;
        }
      } catch (SocketTimeoutException stillThere) {
        // keep holding
      }
    }
  }

  /** Waits, unless the server closes first; returns false if it closed. */
  private boolean pause(long nanos) {
    try {
      return !closedLatch.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static byte[] head(FakeResponse response, int contentLength, boolean close) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
    response.headers().forEach((k, values) -> values.forEach(v -> sb.append(k).append(": ").append(v).append("\r\n")));
    sb.append("Content-Length: ").append(contentLength).append("\r\n");
    if (close) {
      sb.append("Connection: close\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void writeRaw(OutputStream out, int status, String json, boolean close) throws IOException {
    FakeResponse r = FakeResponse.json(status, json);
    byte[] body = r.body();
    out.write(message(head(r, body.length, close), body, body.length));
    out.flush();
  }

  /**
   * The head and the body in one array, so an answer leaves in one write: written apart, the
   * body would wait for the client's delayed ACK of the head (Nagle), about 40 ms on Linux.
   */
  private static byte[] message(byte[] head, byte[] body, int bodyLength) {
    byte[] message = Arrays.copyOf(head, head.length + bodyLength);
    System.arraycopy(body, 0, message, head.length, bodyLength);
    return message;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status < 400 ? "OK" : "Error";
    };
  }

  // ------------------------------------------------------------------ parsing

  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static final class Parsed {
    final String method;
    final String target;
    final Map<String, List<String>> headers;
    final byte[] body;
    final boolean keepAlive;

    Parsed(String method, String target, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
      this.keepAlive = keepAlive;
    }
  }

  private static @Nullable Parsed read(InputStream in, OutputStream out) throws IOException, BadRequest {
    String requestLine = readLine(in, true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !METHOD.matcher(parts[0]).matches()
        || !(parts[1].startsWith("/") || ABSOLUTE_FORM.matcher(parts[1]).matches())
        || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest(400, "malformed request line");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int count = 0;
    while (true) {
      String line = readLine(in, false);
      if (line == null) {
        throw new BadRequest(400, "connection closed inside the headers");
      }
      if (line.isEmpty()) {
        break;
      }
      if (++count > MAX_HEADERS) {
        throw new BadRequest(431, "too many headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest(400, "malformed header line");
      }
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    if ("100-continue".equalsIgnoreCase(first(headers, "expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    byte[] body;
    String te = first(headers, "transfer-encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked(in);
    } else {
      String cl = first(headers, "content-length");
      long length;
      try {
        length = cl == null ? 0 : Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "malformed content-length");
      }
      if (length < 0 || length > MAX_BODY) {
        throw new BadRequest(413, "body too large");
      }
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new BadRequest(400, "connection closed inside the body");
      }
    }
    String connection = first(headers, "connection");
    boolean keepAlive = parts[2].equals("HTTP/1.1")
        ? !"close".equalsIgnoreCase(connection)
        : "keep-alive".equalsIgnoreCase(connection);
    return new Parsed(parts[0], parts[1], headers, body, keepAlive);
  }

  private static byte[] readChunked(InputStream in) throws IOException, BadRequest {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      if (sizeLine == null) {
        throw new BadRequest(400, "connection closed inside a chunk");
      }
      int semi = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "malformed chunk size");
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new BadRequest(413, "body too large");
      }
      if (size == 0) {
        String trailer;
        do {
          trailer = readLine(in, false);
        } while (trailer != null && !trailer.isEmpty());
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new BadRequest(400, "connection closed inside a chunk");
      }
      body.write(chunk);
      readLine(in, false);
    }
  }

  private static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Reads one CRLF- or LF-terminated ISO-8859-1 line; null at a clean end of stream. */
  private static @Nullable String readLine(InputStream in, boolean skipLeadingEmpty) throws IOException, BadRequest {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new BadRequest(400, "connection closed mid-line");
      }
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        if (sb.length() == 0 && skipLeadingEmpty) {
          continue;
        }
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new BadRequest(431, "line too long");
      }
      sb.append((char) c);
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** Stops listening, drops every connection and stops the threads. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closedLatch.countDown();
    stop();
    connections.shutdownNow();
  }
}
