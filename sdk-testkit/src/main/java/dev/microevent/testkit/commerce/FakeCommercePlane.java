package dev.microevent.testkit.commerce;

import dev.microevent.core.Plane;
import dev.microevent.testkit.internal.StablePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One plane (edge or central) in front of a {@link FakeCommerceBackend}, on a real loopback
 * socket, with fault injection: outages (connection refused), error statuses, responses lost
 * after the backend processed the request (the classic double-charge trap), stalled responses
 * raw (malformed) answers, and requests a plane keeps back and delivers late (after the client
 * gave up on them: the request that arrives after its checkout was resolved). Answers the edge-plane heartbeat too, so clients may keep their
 * health checks on, and config sync with 404 (no configuration: keep the current one); neither
 * reaches the backend.
 *
 * <p>Faults apply to app requests whose path starts with the given prefix, in the order they
 * were added; each fault is used up after its count. Thread-safe.
 */
public final class FakeCommercePlane implements AutoCloseable {
  private static final String HEARTBEAT = "/edge/v1/heartbeat";
  private static final String EDGE_API = "/edge/v1/";

  private final FakeCommerceBackend backend;
  private final String id;
  private final int port;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final Queue<KeptBack> keptBack = new ConcurrentLinkedQueue<>();
  private volatile @Nullable MockWebServer server;

  FakeCommercePlane(FakeCommerceBackend backend, String id) {
    this.backend = backend;
    this.id = id;
    MockWebServer s = startOutsideEphemeralRange();
    this.server = s;
    this.port = s.getPort();
  }

  /** Listens outside the ephemeral range, so {@link #up()} can listen on the port again. */
  private MockWebServer startOutsideEphemeralRange() {
    try {
      return StablePorts.bind(this::start);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
  }

  /** The plane's id (what the backend records and what the client's planes are named). */
  public String id() {
    return id;
  }

  /** The plane's base URI on loopback. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * This plane as a regional edge plane.
   *
   * @param priority lower is preferred
   * @return the plane
   */
  public Plane asEdge(int priority) {
    return Plane.edge(id, uri(), priority);
  }

  /** This plane as the central plane. */
  public Plane asCentral() {
    return Plane.central(uri());
  }

  /** App requests received (heartbeats excluded), including those a fault answered. */
  public int received() {
    return received.get();
  }

  /** Answers lost so far by {@link #loseResponses} (the backend processed those requests). */
  public int lostAnswers() {
    return lost.get();
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  public synchronized void down() {
    MockWebServer s = server;
    if (s != null) {
      s.close();
      server = null;
    }
  }

  /** Listens again on the same port. */
  public synchronized void up() {
    if (server == null) {
      server = start(port);
    }
  }

  /**
   * Answers the next {@code count} matching requests with a status, without reaching the backend.
   *
   * @param count how many
   * @param status the status, e.g. 503
   * @param pathPrefix requests it applies to, e.g. {@code /commerce/v1/checkouts}
   * @return this plane
   */
  public FakeCommercePlane failNext(int count, int status, String pathPrefix) {
    faults.add(new Fault(pathPrefix, Kind.STATUS, count, status, ""));
    return this;
  }

  /**
   * Passes the next {@code count} matching requests to the backend, then closes the connection
   * instead of answering: the work happened, the client never hears of it.
   *
   * @param count how many
   * @param pathPrefix requests it applies to
   * @return this plane
   */
  public FakeCommercePlane loseResponses(int count, String pathPrefix) {
    faults.add(new Fault(pathPrefix, Kind.LOSE, count, 0, ""));
    return this;
  }

  /**
   * Passes the next {@code count} matching requests to the backend, then never answers (the
   * client's attempt timeout fires).
   *
   * @param count how many
   * @param pathPrefix requests it applies to
   * @return this plane
   */
  public FakeCommercePlane stallResponses(int count, String pathPrefix) {
    faults.add(new Fault(pathPrefix, Kind.STALL, count, 0, ""));
    return this;
  }

  /**
   * Answers the next {@code count} matching requests with raw bytes (hostile or malformed JSON),
   * without reaching the backend.
   *
   * @param count how many
   * @param status the status
   * @param body the raw body, sent as {@code application/json}
   * @param pathPrefix requests it applies to
   * @return this plane
   */
  public FakeCommercePlane answerRaw(int count, int status, String body, String pathPrefix) {
    faults.add(new Fault(pathPrefix, Kind.RAW, count, status, body));
    return this;
  }

  /**
   * Keeps the next {@code count} matching requests back instead of passing them on, and closes
   * their connections without an answer: the client sees a lost answer, and the backend sees
   * nothing until {@link #deliverLate()} passes them on, as a plane that queued them would.
   *
   * @param count how many
   * @param pathPrefix requests it applies to, e.g. {@code /commerce/v1/checkouts}
   * @return this plane
   */
  public FakeCommercePlane keepBackForLateDelivery(int count, String pathPrefix) {
    faults.add(new Fault(pathPrefix, Kind.KEEP_BACK, count, 0, ""));
    return this;
  }

  /** Requests kept back by {@link #keepBackForLateDelivery} and not delivered yet. */
  public int keptBack() {
    return keptBack.size();
  }

  /**
   * Delivers every request kept back so far to the backend now, in arrival order (nobody reads
   * the answers: their clients gave up long ago).
   *
   * @return the status the backend answered to each, in delivery order
   */
  public List<Integer> deliverLate() {
    List<Integer> statuses = new ArrayList<>();
    for (KeptBack k = keptBack.poll(); k != null; k = keptBack.poll()) {
      statuses.add(backend.handle(id, k.method(), k.target(), k.headers(), k.body().toByteArray()).status());
    }
    return statuses;
  }

  /** Removes every pending fault (requests already kept back stay kept back). */
  public void clearFaults() {
    faults.clear();
  }

  private MockWebServer start(int onPort) {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return FakeCommercePlane.this.dispatch(request);
      }
    });
    try {
      s.start(InetAddress.getLoopbackAddress(), onPort);
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
    }
    return s;
  }

  private MockResponse dispatch(RecordedRequest request) {
    String target = request.getTarget();
    if (target.startsWith(HEARTBEAT)) {
      return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"planeId\":\"" + id + "\",\"status\":\"SERVING\",\"load\":0.1}").build();
    }
    if (target.startsWith(EDGE_API)) {
      // Config sync and other plane endpoints: this plane has no configuration for clients.
      return new MockResponse.Builder().code(404).build();
    }
    received.incrementAndGet();
    Fault fault = takeFault(target);
    if (fault != null && fault.kind == Kind.STATUS) {
      return new MockResponse.Builder().code(fault.status).addHeader("Content-Type", "application/problem+json")
          .body("{\"type\":\"https://microevent.dev/problems/unavailable\",\"status\":" + fault.status + "}").build();
    }
    if (fault != null && fault.kind == Kind.RAW) {
      return new MockResponse.Builder().code(fault.status).addHeader("Content-Type", "application/json")
          .body(fault.body).build();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Headers h = request.getHeaders();
    for (String name : h.names()) {
      String v = h.get(name);
      if (v != null) {
        headers.put(name.toLowerCase(Locale.ROOT), v);
      }
    }
    ByteString raw = request.getBody();
    byte[] body = raw == null ? new byte[0] : raw.toByteArray();
    if (fault != null && fault.kind == Kind.KEEP_BACK) {
      keptBack.add(new KeptBack(request.getMethod(), target, Map.copyOf(headers), ByteString.of(body)));
      return new MockResponse.Builder().code(500).onResponseStart(new SocketEffect.CloseSocket()).build();
    }
    FakeCommerceBackend.Answer answer = backend.handle(id, request.getMethod(), target, headers, body);
    MockResponse.Builder b = new MockResponse.Builder().code(answer.status());
    answer.headers().forEach(b::addHeader);
    b.body(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    if (fault != null && fault.kind == Kind.LOSE) {
      lost.incrementAndGet();
      b.onResponseStart(new SocketEffect.CloseSocket());
    } else if (fault != null && fault.kind == Kind.STALL) {
      b.onResponseStart(SocketEffect.Stall.INSTANCE);
    }
    return b.build();
  }

  private @Nullable Fault takeFault(String target) {
    for (Fault f : faults) {
      if (target.startsWith(f.pathPrefix) && f.remaining.getAndDecrement() > 0) {
        return f;
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    down();
  }

  @Override
  public String toString() {
    return "FakeCommercePlane{" + id + " at " + uri() + "}";
  }

  private enum Kind { STATUS, LOSE, STALL, RAW, KEEP_BACK }

  private record KeptBack(String method, String target, Map<String, String> headers, ByteString body) {}

  private static final class Fault {
    final String pathPrefix;
    final Kind kind;
    final AtomicInteger remaining;
    final int status;
    final String body;

    Fault(String pathPrefix, Kind kind, int count, int status, String body) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1, got " + count);
      }
      this.pathPrefix = pathPrefix;
      this.kind = kind;
      this.remaining = new AtomicInteger(count);
      this.status = status;
      this.body = body;
    }
  }
}
