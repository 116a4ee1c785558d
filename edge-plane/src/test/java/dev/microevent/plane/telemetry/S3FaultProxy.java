package dev.microevent.plane.telemetry;

import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.fault.FaultInjector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The uplink between the collector and the store, with the testkit's fault vocabulary: a {@link
 * FakeBackend} on loopback whose every request is relayed byte for byte (Host header included, so
 * the SigV4 signature still holds) to the real store, unless an injected fault answers instead
 * (reset, 503, latency, black hole). {@link #loseNextAnswers} relays a request and then answers
 * 503 anyway: the store has the object, the collector believes it failed.
 */
final class S3FaultProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "expect", "transfer-encoding", "content-length",
      "keep-alive");

  private final FakeBackend fake;
  private final int storePort;
  private final AtomicInteger loseAnswers = new AtomicInteger();
  private final AtomicInteger relayed = new AtomicInteger();

  S3FaultProxy(URI store) {
    this.storePort = store.getPort();
    this.fake = FakeBackend.start("uplink");
    fake.fallback(this::relay);
  }

  URI uri() {
    return fake.uri();
  }

  FaultInjector faults() {
    return fake.faults();
  }

  /** The uplink goes down: connections are refused. */
  void down() {
    fake.stop();
  }

  /** The uplink returns, on the same port. */
  void up() {
    fake.restart();
  }

  void loseNextAnswers(int n) {
    loseAnswers.set(n);
  }

  int relayed() {
    return relayed.get();
  }

  private FakeResponse relay(ReceivedRequest r) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), storePort)) {
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
      for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
        if (!HOP.contains(h.getKey())) {
          for (String v : h.getValue()) {
            head.append(h.getKey()).append(": ").append(v).append("\r\n");
          }
        }
      }
      head.append("content-length: ").append(r.bodySize()).append("\r\nconnection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(r.body());
      out.flush();
      FakeResponse answer = read(s.getInputStream(), r.method().equals("HEAD"));
      relayed.incrementAndGet();
      if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return FakeResponse.builder(503).body("<Error><Code>SlowDown</Code></Error>", "application/xml").build();
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FakeResponse read(InputStream in, boolean head) throws IOException {
    String status = line(in);
    FakeResponse.Builder b = FakeResponse.builder(Integer.parseInt(status.substring(9, 12)));
    long length = -1;
    boolean chunked = false;
    String type = "application/octet-stream";
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).trim();
      String value = l.substring(colon + 1).trim();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (lower.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      } else if (lower.equals("content-type")) {
        type = value;
      } else if (!HOP.contains(lower)) {
        b.header(name, value);
      }
    }
    byte[] body;
    if (head) {
      body = new byte[0];
    } else if (chunked) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int n = chunkSize(line(in)); n > 0; n = chunkSize(line(in))) {
        all.write(in.readNBytes(n));
        line(in);
      }
      body = all.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
    } else {
      body = in.readAllBytes();
    }
    return b.body(body, type).build();
  }

  private static int chunkSize(String line) {
    int semi = line.indexOf(';');
    return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    fake.close();
  }
}
