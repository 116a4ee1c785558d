package dev.microevent.testkit;

import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.fault.FaultDecision;
import dev.microevent.testkit.fault.FaultInjector;
import dev.microevent.testkit.internal.LoopbackServer;
import dev.microevent.testkit.internal.Plan;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A programmable HTTP server on a random free loopback port: routes by method and path answer
 * canned or computed JSON, every request is recorded, and {@link #faults()} make it misbehave on
 * the wire. The fake planes ({@link FakeEdgePlane}, {@link FakeCentralPlane}) are backends with
 * the edge-plane API added; fakes of other remotes can be built on one too.
 *
 * <pre>{@code
 * try (FakeBackend shop = FakeBackend.start("shop")) {
 *   shop.route("GET", "/v1/catalog", FakeResponse.json(200, "{\"items\":[]}"));
 *   shop.route("POST", "/v1/orders/{id}/pay", req -> FakeResponse.json(200, Map.of("paid", true)));
 *   shop.faults().inject(Fault.status(503).times(1));
 *   // ... point the code under test at shop.uri() ...
 *   assertThat(shop).receivedRequests("POST", "/v1/orders/o-1/pay").hasSize(2);
 * }
 * }</pre>
 *
 * <p>Unmatched requests get {@code 404} with a JSON error naming the method and path. Patterns
 * are exact paths, with {@code {name}} for one segment and a trailing {@code /**} for any rest;
 * exact paths win over patterns, patterns are tried in the order added, and routing the same
 * method and pattern again replaces the answer. Thread-safe; answers are computed on the
 * connection's thread. Close it (idempotent) to free the port and threads.
 */
public class FakeBackend implements AutoCloseable {
  private static final int DEFAULT_RECORDING_LIMIT = 100_000;
  /** Most body bytes kept across the recorded requests, so a long load test cannot exhaust the heap. */
  private static final long RECORDED_BODY_BYTES = 64L * 1024 * 1024;

  private final String name;
  private final Clock clock;
  private final FaultInjector faults;
  private final int recordingLimit;
  private final Deque<ReceivedRequest> recorded = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private long recordedBodyBytes;
  private final Map<String, Responder> exact = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<PatternRoute> patterns = new CopyOnWriteArrayList<>();
  private volatile Responder fallback;
  private final LoopbackServer server;

  private record PatternRoute(String key, String method, Pattern pattern, Responder responder) {}

  /**
   * Starts a backend with default settings (system clock, unseeded randomness).
   *
   * @param name short name for messages and thread names
   * @return the running backend
   * @throws TestkitException if no loopback port can be bound
   */
  public static FakeBackend start(String name) {
    return builder(name).start();
  }

  /**
   * A builder.
   *
   * @param name short name for messages and thread names
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Starts a backend with unseeded randomness and the default recording limit; for fakes built on
   * this class.
   *
   * @param name short name
   * @param clock stamps requests and drives flapping faults
   */
  protected FakeBackend(String name, Clock clock) {
    this(name, clock, new Random(), DEFAULT_RECORDING_LIMIT);
  }

  /**
   * Starts a backend; for fakes built on this class.
   *
   * @param name short name
   * @param clock stamps requests and drives flapping faults
   * @param random drives fault probabilities and latency samples
   * @param recordingLimit most requests kept; older ones are dropped first
   */
  protected FakeBackend(String name, Clock clock, Random random, int recordingLimit) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (recordingLimit < 1) {
      throw new IllegalArgumentException("recordingLimit must be >= 1, got " + recordingLimit);
    }
    this.recordingLimit = recordingLimit;
    this.faults = new FaultInjector(name, clock, Objects.requireNonNull(random, "random"));
    this.fallback = request -> FakeResponse.json(404, Map.of("error", "no route on fake " + name,
        "method", request.method(), "path", request.path()));
    this.server = new LoopbackServer(name, clock, this::handle);
  }

  /**
   * The short name.
   *
   * @return the short name given to the builder, used in fault reports and logs
   */
  public String name() {
    return name;
  }

  /** {@return the loopback port it listens on (kept across {@link #stop()} and {@link #restart()})} */
  public int port() {
    return server.port();
  }

  /** {@return the base URI, {@code http://127.0.0.1:<port>}} */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /**
   * A URI on this backend.
   *
   * @param path absolute path with optional query
   * @return the URI
   */
  public URI uri(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    return URI.create(uri() + path);
  }

  /** {@return the clock requests are stamped with} */
  public Clock clock() {
    return clock;
  }

  /**
   * Answers a method and path pattern.
   *
   * @param method HTTP method, upper case
   * @param pathPattern exact path, {@code {name}} segments, or a trailing {@code /**}
   * @param responder computes the answer
   * @return this backend
   */
  public FakeBackend route(String method, String pathPattern, Responder responder) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathPattern, "pathPattern");
    Objects.requireNonNull(responder, "responder");
    if (!method.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("method must be an upper-case token, got '" + method + "'");
    }
    if (!pathPattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/', got '" + pathPattern + "'");
    }
    String key = method + " " + pathPattern;
    if (!pathPattern.contains("{") && !pathPattern.endsWith("/**")) {
      exact.put(key, responder);
      return this;
    }
    PatternRoute route = new PatternRoute(key, method, compile(pathPattern), responder);
    synchronized (patterns) {
      patterns.removeIf(r -> r.key.equals(key));
      patterns.add(route);
    }
    return this;
  }

  /**
   * Answers a method and path pattern with a fixed answer.
   *
   * @param method HTTP method
   * @param pathPattern see {@link #route(String, String, Responder)}
   * @param response the answer
   * @return this backend
   */
  public FakeBackend route(String method, String pathPattern, FakeResponse response) {
    return route(method, pathPattern, Responder.always(response));
  }

  /**
   * Answers requests no route matches; default {@code 404} with a JSON error.
   *
   * @param responder computes the answer
   * @return this backend
   */
  public FakeBackend fallback(Responder responder) {
    this.fallback = Objects.requireNonNull(responder, "responder");
    return this;
  }

  private static Pattern compile(String pathPattern) {
    StringBuilder regex = new StringBuilder();
    String body = pathPattern.endsWith("/**") ? pathPattern.substring(0, pathPattern.length() - 3) : pathPattern;
    Matcher m = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}").matcher(body);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(body.substring(last, m.start()))).append("[^/]+");
      last = m.end();
    }
    regex.append(Pattern.quote(body.substring(last)));
    if (pathPattern.endsWith("/**")) {
      regex.append("(/.*)?");
    }
    return Pattern.compile(regex.toString());
  }

  /** {@return the faults in force on this fake; inject, remove or clear them at any time} */
  public FaultInjector faults() {
    return faults;
  }

  /**
   * {@return every request received so far (up to the recording limit, see {@link
   * Builder#recordingLimit}), oldest first}
   */
  public List<ReceivedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /**
   * The requests with a method and exact path (query ignored).
   *
   * @param method HTTP method
   * @param path exact path
   * @return them, oldest first
   */
  public List<ReceivedRequest> requests(String method, String path) {
    List<ReceivedRequest> out = new ArrayList<>();
    for (ReceivedRequest r : requests()) {
      if (r.is(method, path)) {
        out.add(r);
      }
    }
    return out;
  }

  /** {@return how many requests were received, including any dropped past the recording limit} */
  public long requestCount() {
    synchronized (recorded) {
      return recorded.size() + dropped.get();
    }
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    synchronized (recorded) {
      recorded.clear();
      recordedBodyBytes = 0;
      dropped.set(0);
    }
  }

  /** {@return connections accepted so far} */
  public int connectionsAccepted() {
    return server.connectionsAccepted();
  }

  /**
   * Stops listening and drops open connections: clients get "connection refused" until {@link
   * #restart()}. The port stays reserved for this fake.
   */
  public void stop() {
    server.stop();
  }

  /**
   * Listens again on the same port.
   *
   * @throws TestkitException if the port was taken meanwhile
   */
  public void restart() {
    server.restart();
  }

  /** {@return whether it accepts connections now} */
  public boolean listening() {
    return server.listening();
  }

  private Plan handle(ReceivedRequest arrived) {
    FaultDecision decision = faults.decide(arrived);
    ReceivedRequest request = decision.faulty() ? arrived.withFault(decision.description()) : arrived;
    record(request);
    long delay = decision.addedLatency().toNanos();
    Fault fault = decision.answerFault();
    if (fault == null) {
      return new Plan(answer(request), delay, false, false, 0, 0, -1);
    }
    return switch (fault.kind()) {
      case STATUS -> new Plan(FakeResponse.json(fault.statusCode(),
          Map.of("error", "injected fault", "status", fault.statusCode(), "fake", name)),
          delay, false, false, 0, 0, -1);
      case RESET -> new Plan(null, delay, true, false, 0, 0, -1);
      case BLACK_HOLE -> new Plan(null, delay, false, true, 0, 0, -1);
      case SLOW_BODY -> new Plan(answer(request), delay, false, false, fault.bytesPerPeriod(),
          fault.period().toNanos(), -1);
      case TRUNCATED_BODY -> new Plan(answer(request), delay, false, false, 0, 0, fault.truncateAfter());
      case LATENCY, FLAPPING -> throw new IllegalStateException("not an answer fault: " + fault);
    };
  }

  private void record(ReceivedRequest request) {
    synchronized (recorded) {
      while (!recorded.isEmpty() && (recorded.size() >= recordingLimit
          || recordedBodyBytes + request.bodySize() > RECORDED_BODY_BYTES)) {
        recordedBodyBytes -= recorded.removeFirst().bodySize();
        dropped.incrementAndGet();
      }
      recorded.addLast(request);
      recordedBodyBytes += request.bodySize();
    }
  }

  /**
   * Computes the normal answer to a request: its route, else the fallback.
   *
   * @param request the request
   * @return the answer
   */
  protected FakeResponse answer(ReceivedRequest request) {
    Responder r = exact.get(request.method() + " " + request.path());
    if (r == null) {
      for (PatternRoute route : patterns) {
        if (route.method.equals(request.method()) && route.pattern.matcher(request.path()).matches()) {
          r = route.responder;
          break;
        }
      }
    }
    FakeResponse response = (r != null ? r : fallback).respond(request);
    if (response == null) {
      // Not an answer: without this check the server would treat it as a reset.
      throw new IllegalStateException("the responder for " + request.method() + " " + request.path() + " on fake "
          + name + " returned null");
    }
    return response;
  }

  /** Stops listening, drops connections and stops its threads. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + name + " at " + uri() + "}";
  }

  /**
   * Builds a {@link FakeBackend}; the fake planes' builders extend it. Not thread-safe.
   */
  public static class Builder {
    private final String name;
    private Clock clock = Clock.systemUTC();
    private Random random = new Random();
    private int recordingLimit = DEFAULT_RECORDING_LIMIT;

    /**
     * Creates a builder.
     *
     * @param name short name, 1..32 of {@code [A-Za-z0-9_.-]}
     */
    protected Builder(String name) {
      this.name = checkName(name);
    }

    /**
     * The clock requests are stamped with and flapping faults follow; default system UTC.
     *
     * @param clock the clock, e.g. a {@code VirtualTime} clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where fault probabilities and latency samples come from; default unseeded. Seed it for
     * reproducible runs.
     *
     * @param random a thread-safe random source
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Most requests kept for assertions; default 100,000. Older ones are dropped first, also when
     * the kept bodies would exceed 64 MiB ({@link FakeBackend#requestCount()} still counts them).
     *
     * @param limit 1 or more
     * @return this builder
     */
    public Builder recordingLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("recordingLimit must be >= 1, got " + limit);
      }
      this.recordingLimit = limit;
      return this;
    }

    /** {@return the fake's short name, as given to this builder} */
    protected final String name() {
      return name;
    }

    /** {@return the clock set with {@link #clock(Clock)}, for the subclass's constructor} */
    protected final Clock clock() {
      return clock;
    }

    /** {@return the random source set with {@link #random(Random)}, for the subclass's constructor} */
    protected final Random random() {
      return random;
    }

    /** {@return the limit set with {@link #recordingLimit(int)}, for the subclass's constructor} */
    protected final int recordingLimit() {
      return recordingLimit;
    }

    /**
     * Starts the backend on a free loopback port.
     *
     * @return the running backend; close it
     * @throws TestkitException if no port can be bound
     */
    public FakeBackend start() {
      return new FakeBackend(name, clock, random, recordingLimit);
    }
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
      throw new IllegalArgumentException("fake name must be 1..32 of [A-Za-z0-9_.-], got '" + name + "'");
    }
    return name;
  }
}
