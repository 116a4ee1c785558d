package dev.microevent.testkit.commerce;

import dev.microevent.core.Plane;
import dev.microevent.testkit.FakePlane;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.internal.CommerceAnswer;
import dev.microevent.testkit.internal.LoopbackServer;
import dev.microevent.testkit.internal.Plan;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One plane (edge or central) in front of a {@link FakeCommerceBackend}, on a real loopback
 * socket, with fault injection: outages (connection refused), error statuses, responses lost
 * after the backend processed the request (the classic double-charge trap), stalled responses
 * raw (malformed) answers, and requests a plane keeps back and delivers late (after the client
 * gave up on them: the request that arrives after its checkout was resolved). Answers the edge-plane heartbeat too, so clients may keep their
 * health checks on, and config sync with the document given to {@link #configDocument} (404, no
 * configuration: keep the current one, until one is given); neither reaches the backend. Served by the testkit's loopback server, like every fake: answers leave in
 * one write without Nagle delay, and {@link #down()} is a total outage.
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
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final Queue<KeptBack> keptBack = new ConcurrentLinkedQueue<>();
  private final LoopbackServer server;
  private volatile @Nullable String configDocument;

  FakeCommercePlane(FakeCommerceBackend backend, String id) {
    this.backend = backend;
    this.id = id;
    // Listens outside the ephemeral range, so up() can listen on the port again.
    this.server = new LoopbackServer(id, Clock.systemUTC(), this::handle);
    this.port = server.port();
  }

  /** {@return the plane's id (what the backend records and what the client's planes are named)} */
  public String id() {
    return id;
  }

  /** {@return the plane's base URI on loopback} */
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

  /** {@return this plane as the central plane} */
  public Plane asCentral() {
    return Plane.central(uri());
  }

  /**
   * {@return how many app requests were received, including those a fault answered} Heartbeats
   * and other edge-plane API requests ({@code /edge/v1/...}) are not app requests and are not
   * counted (see {@link #heartbeats()}).
   */
  public int received() {
    return received.get();
  }

  /**
   * {@return how many heartbeats were received ({@code POST /edge/v1/heartbeat}), counted apart
   * from {@link #received()}}
   */
  public int heartbeats() {
    return heartbeats.get();
  }

  /** {@return how many answers {@link #loseResponses} has lost so far (the backend processed those requests)} */
  public int lostAnswers() {
    return lost.get();
  }

  /**
   * Stops listening and drops every open connection: connections are refused, and requests on a
   * client's pooled connections fail, until {@link #up()}.
   */
  public void down() {
    server.stop();
  }

  /** Listens again on the same port. */
  public void up() {
    server.restart();
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

  /** {@return how many requests {@link #keepBackForLateDelivery} kept back that are not delivered yet} */
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
      statuses.add(backend.handle(id, k.method, k.target, k.headers, k.body).status());
    }
    return statuses;
  }

  /**
   * Serves a config document on {@code GET /edge/v1/config}, as given (so tests can also serve
   * invalid documents) and without an ETag, so each sync of a client reads it again; for tests of
   * what the plane steers in commerce clients (the {@code cache} and {@code probes} sections).
   *
   * @param json the document
   * @return this plane
   */
  public FakeCommercePlane configDocument(String json) {
    this.configDocument = Objects.requireNonNull(json, "json");
    return this;
  }

  /** Stops serving a config document: config sync answers {@code 404} again. */
  public void clearConfigDocument() {
    this.configDocument = null;
  }

  /** Removes every pending fault (requests already kept back stay kept back). */
  public void clearFaults() {
    faults.clear();
  }

  private Plan handle(ReceivedRequest request) {
    String target = request.target();
    if (target.startsWith(HEARTBEAT)) {
      heartbeats.incrementAndGet();
      return Plan.answer(FakeResponse.json(200, "{\"planeId\":\"" + id + "\",\"status\":\"SERVING\",\"load\":0.1}"));
    }
    String document = configDocument;
    if (document != null && target.startsWith(FakePlane.CONFIG_PATH)) {
      return Plan.answer(FakeResponse.json(200, document));
    }
    if (target.startsWith(EDGE_API)) {
      // Config sync without a document and other plane endpoints: nothing for clients here.
      return Plan.answer(FakeResponse.status(404));
    }
    received.incrementAndGet();
    Fault fault = takeFault(target);
    if (fault != null && fault.kind == Kind.STATUS) {
      return Plan.answer(FakeResponse.builder(fault.status)
          .body("{\"type\":\"https://microevent.dev/problems/unavailable\",\"status\":" + fault.status + "}",
              "application/problem+json")
          .build());
    }
    if (fault != null && fault.kind == Kind.RAW) {
      return Plan.answer(FakeResponse.builder(fault.status).body(fault.body, "application/json").build());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    // The last value of a repeated header, as the backend always read them.
    request.headers().forEach((name, values) -> headers.put(name, values.get(values.size() - 1)));
    byte[] body = request.body();
    if (fault != null && fault.kind == Kind.KEEP_BACK) {
      keptBack.add(new KeptBack(request.method(), target, Map.copyOf(headers), body));
      return Plan.closeWithoutAnswer();
    }
    CommerceAnswer answer = backend.handle(id, request.method(), target, headers, body);
    if (fault != null && fault.kind == Kind.LOSE) {
      lost.incrementAndGet();
      return Plan.closeWithoutAnswer();
    }
    if (fault != null && fault.kind == Kind.STALL) {
      return Plan.neverAnswer();
    }
    return Plan.answer(response(answer));
  }

  private static FakeResponse response(CommerceAnswer answer) {
    FakeResponse.Builder b = FakeResponse.builder(answer.status());
    String contentType = null;
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else {
        b.header(h.getKey(), h.getValue());
      }
    }
    if (contentType != null) {
      b.body(answer.body(), contentType);
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
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "FakeCommercePlane{" + id + " at " + uri() + "}";
  }

  private enum Kind { STATUS, LOSE, STALL, RAW, KEEP_BACK }

  /** A request kept back; its body array is its own copy, never modified. */
  private static final class KeptBack {
    final String method;
    final String target;
    final Map<String, String> headers;
    final byte[] body;

    KeptBack(String method, String target, Map<String, String> headers, byte[] body) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
    }
  }

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
