package dev.microevent.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A keep-alive HTTP/1.1 server on one NIO selector thread that answers every request with a
 * canned response, so the server is not what a benchmark measures: no handler, no header map, no
 * allocation per request (each connection reuses its own two buffers). {@code POST
 * /edge/v1/heartbeat} gets a SERVING heartbeat reply and {@code GET /edge/v1/config} a 404 (no
 * document), so the SDK's health checks and config sync see a healthy plane; every other request
 * gets the same small JSON document. It understands exactly what clients send it here: requests
 * with a {@code Content-Length} body or none, one at a time per connection.
 *
 * <p>{@link #start(Duration)} makes it a far central plane: every answer is written that long after
 * its request arrived (a WAN round trip), still on the one selector thread: the answer waits in a
 * queue (one delay for all, so due times come in arrival order) and the selector wakes when the
 * oldest is due, so no thread is held per request in flight. The selector's timeout has millisecond
 * granularity: an answer goes out up to a millisecond after its due time.
 *
 * <p>{@link #current()} exposes the latest server of this JVM to {@link CallProfiler}, which
 * reports the server thread's own CPU time and allocation per request, so a run shows the
 * server's cost beside the figures it serves.
 */
final class CannedHttpServer implements AutoCloseable {
  /** The document every plain request gets. */
  static final String BODY = "{\"sku\":\"tee-black\",\"price\":2500,\"stock\":42}";

  private static final byte[] ITEM = response("200 OK", BODY);
  private static final byte[] HEARTBEAT = response("200 OK", "{\"status\":\"SERVING\",\"load\":0.1}");
  private static final byte[] NOT_FOUND = response("404 Not Found", "");
  private static final byte[] POST_HEARTBEAT = ascii("POST /edge/v1/heartbeat");
  private static final byte[] GET_CONFIG = ascii("GET /edge/v1/config");
  private static final byte[] CONTENT_LENGTH = ascii("content-length:");
  private static final int BUFFER = 64 * 1024;

  private static volatile @Nullable CannedHttpServer current;

  private final ServerSocketChannel listener;
  private final Selector selector;
  private final Thread thread;
  private final AtomicLong requests = new AtomicLong();
  private final long delayNanos;
  /** Answers not yet due, oldest first (one delay for all: arrival order is due order). */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private volatile boolean running = true;

  /** An answer owed to a connection once {@code dueNanos} (System.nanoTime) is reached. */
  @SuppressWarnings("ArrayRecordComponent") // one of the canned answers, never compared
  private record Pending(SelectionKey key, byte[] reply, long dueNanos) {}

  /** One client connection: what it sent so far and what it is owed. */
  private static final class Connection {
    final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    /** Bytes of the current request's headers scanned so far (no \r\n\r\n in them). */
    int scanned;
  }

  private CannedHttpServer(Duration delay) throws IOException {
    this.delayNanos = delay.toNanos();
    this.selector = Selector.open();
    this.listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = new Thread(this::loop, "canned-http-server");
    thread.setDaemon(true);
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static CannedHttpServer start() throws IOException {
    return start(Duration.ZERO);
  }

  /**
   * Starts a server on a free loopback port that answers each request {@code delay} after it
   * arrived, as a central plane that far away would.
   *
   * @param delay zero or more
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static CannedHttpServer start(Duration delay) throws IOException {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    CannedHttpServer s = new CannedHttpServer(delay);
    s.thread.start();
    current = s;
    return s;
  }

  /** The latest server started in this JVM, or null. */
  static @Nullable CannedHttpServer current() {
    return current;
  }

  /** The base URI, {@code http://127.0.0.1:<port>}. */
  URI baseUri() {
    try {
      return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Requests answered so far. */
  long requests() {
    return requests.get();
  }

  /** The id of the server's only thread, for per-thread CPU and allocation figures. */
  long threadId() {
    return thread.getId();
  }

  private void loop() {
    try {
      while (running) {
        Pending next = pending.peekFirst();
        if (next == null) {
          selector.select(this::ready);
        } else {
          long waitNanos = next.dueNanos() - System.nanoTime();
          if (waitNanos > 0) {
            // select(..., 0) would wait forever: at least a millisecond, rounded up.
            selector.select(this::ready, Math.max(1, (waitNanos + 999_999) / 1_000_000));
          } else {
            selector.selectNow(this::ready);
          }
          writeDue();
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (running) {
        throw new IllegalStateException("canned server stopped", e);
      }
    }
  }

  private void ready(SelectionKey key) {
    try {
      if (key.isAcceptable()) {
        SocketChannel ch = listener.accept();
        if (ch != null) {
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.register(selector, SelectionKey.OP_READ, new Connection());
        }
        return;
      }
      SocketChannel ch = (SocketChannel) key.channel();
      Connection c = (Connection) key.attachment();
      if (key.isWritable()) {
        flush(key, ch, c);
        return;
      }
      if (ch.read(c.in) < 0) {
        close(key);
        return;
      }
      answer(key, ch, c);
    } catch (IOException e) {
      close(key);
    }
  }

  /** Answers every complete request in the input buffer, then writes what is owed. */
  private void answer(SelectionKey key, SocketChannel ch, Connection c) throws IOException {
    ByteBuffer in = c.in;
    while (true) {
      int end = headersEnd(in, c.scanned);
      if (end < 0) {
        c.scanned = Math.max(0, in.position() - 3);
        if (!in.hasRemaining()) {
          close(key); // headers larger than the buffer: not a client of this benchmark
          return;
        }
        break;
      }
      long total = end + contentLength(in, end);
      if (total > in.position()) {
        if (total > in.capacity()) {
          close(key);
          return;
        }
        c.scanned = 0; // body not all here yet; rescanning the headers is cheap
        break;
      }
      byte[] reply = startsWith(in, POST_HEARTBEAT) ? HEARTBEAT : startsWith(in, GET_CONFIG) ? NOT_FOUND : ITEM;
      if (delayNanos > 0) {
        pending.addLast(new Pending(key, reply, System.nanoTime() + delayNanos));
      } else if (!owe(key, c, reply)) {
        return;
      }
      // Drop the request just answered; keep any bytes of the next one.
      in.flip().position((int) total);
      in.compact();
      c.scanned = 0;
    }
    if (delayNanos == 0 || c.out.position() > 0) {
      flush(key, ch, c); // a delayed answer is written by writeDue
    }
  }

  /** Puts an answer in the connection's output buffer; false (and closed) when it does not fit. */
  private boolean owe(SelectionKey key, Connection c, byte[] reply) {
    if (c.out.remaining() < reply.length) {
      close(key);
      return false;
    }
    c.out.put(reply);
    requests.incrementAndGet();
    return true;
  }

  /** Writes every delayed answer now due, to connections still open. */
  private void writeDue() {
    long now = System.nanoTime();
    for (Pending p = pending.peekFirst(); p != null && p.dueNanos() - now <= 0; p = pending.peekFirst()) {
      pending.pollFirst();
      SelectionKey key = p.key();
      if (!key.isValid()) {
        continue; // the client went away while its answer waited
      }
      Connection c = (Connection) key.attachment();
      if (owe(key, c, p.reply())) {
        try {
          flush(key, (SocketChannel) key.channel(), c);
        } catch (IOException e) {
          close(key);
        }
      }
    }
  }

  private static void flush(SelectionKey key, SocketChannel ch, Connection c) throws IOException {
    ByteBuffer out = c.out;
    out.flip();
    ch.write(out);
    boolean more = out.hasRemaining();
    out.compact();
    key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  /** Index just past the {@code \r\n\r\n} ending the headers, or -1. */
  private static int headersEnd(ByteBuffer in, int from) {
    for (int i = from, n = in.position() - 3; i < n; i++) {
      if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  /** The request's Content-Length (0 when absent), read from the header bytes before {@code end}. */
  private static long contentLength(ByteBuffer in, int end) {
    for (int line = 0; line < end; ) {
      if (matchesIgnoreCase(in, line, CONTENT_LENGTH)) {
        long n = 0;
        for (int i = line + CONTENT_LENGTH.length; i < end; i++) {
          byte b = in.get(i);
          if (b >= '0' && b <= '9') {
            n = n * 10 + (b - '0');
          } else if (b != ' ' && b != '\t') {
            break;
          }
        }
        return n;
      }
      while (line < end && in.get(line) != '\n') {
        line++;
      }
      line++;
    }
    return 0;
  }

  private static boolean matchesIgnoreCase(ByteBuffer in, int at, byte[] lowerCase) {
    if (at + lowerCase.length > in.position()) {
      return false;
    }
    for (int i = 0; i < lowerCase.length; i++) {
      byte b = in.get(at + i);
      if (b >= 'A' && b <= 'Z') {
        b = (byte) (b + ('a' - 'A'));
      }
      if (b != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(ByteBuffer in, byte[] prefix) {
    if (prefix.length > in.position()) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (in.get(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static void close(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static byte[] response(String status, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ascii("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length
        + "\r\n\r\n" + body);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Stops the server and closes every connection. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(5_000);
      for (SelectionKey k : selector.keys()) {
        k.channel().close();
      }
      selector.close();
      listener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (current == this) {
      current = null;
    }
  }
}
