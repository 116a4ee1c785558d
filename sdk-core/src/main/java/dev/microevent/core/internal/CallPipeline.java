package dev.microevent.core.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.SdkException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.ServerTiming;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ShedException;
import dev.microevent.core.TraceContext;
import dev.microevent.core.spi.TransportBinding;
import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical call, start to end: mode gate → local admission (rate limiter, bulkhead) → breaker →
 * retry loop (the intent's {@link IntentExecutor}) → for each attempt: retry budget, deadline,
 * route (edge first, central under backpressure, never a plane this call already saw fail unless
 * none is left, a plane's {@code Retry-After} honoured) → transport binding → one OkHttp exchange
 * whose timeout is capped by the time left → classification ({@link Outcomes}) → outcome feeds
 * (outlier detection, anomaly detector, listeners, meters) → the {@link CallEvent}. Holds no state
 * per call beyond the call itself; keeps one executor per intent (breaker, retry budget).
 * Thread-safe.
 */
final class CallPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallPipeline.class);

  private final CoreRuntime runtime;
  private final Clock clock;
  private final Ticker ticker;
  private final ClientMeters meters;
  private final Transport transport;
  private final ModeController modes;
  private final Router router;
  private final OutlierDetector outliers;
  private final AnomalyDetector anomalies;
  private final BudgetKeeper budgets;
  private final Supplier<ActiveConfig> config;
  private final Function<Intent, IntentPolicy> policies;
  private final Supplier<String> idempotencyKeys;
  private final FailoverPolicy failover;
  private final ConcurrentMap<Intent, IntentExecutor> executors = new ConcurrentHashMap<>();
  private final Set<String> serverMetricNames = ConcurrentHashMap.newKeySet();
  private volatile @Nullable String lastError;

  CallPipeline(CoreRuntime runtime, ModeController modes, Router router, OutlierDetector outliers,
      AnomalyDetector anomalies, BudgetKeeper budgets, Supplier<ActiveConfig> config,
      Function<Intent, IntentPolicy> policies, Supplier<String> idempotencyKeys, FailoverPolicy failover) {
    this.runtime = runtime;
    this.clock = runtime.clock();
    this.ticker = runtime.ticker();
    this.meters = runtime.clientMeters();
    this.transport = runtime.transport();
    this.modes = modes;
    this.router = router;
    this.outliers = outliers;
    this.anomalies = anomalies;
    this.budgets = budgets;
    this.config = config;
    this.policies = policies;
    this.idempotencyKeys = idempotencyKeys;
    this.failover = failover;
  }

  /** The latest attempt failure, for the heartbeat. */
  @Nullable String lastError() {
    return lastError;
  }

  /** Per-call state shared by its attempts; it is also the attempt itself, so no lambda is made per call. */
  private final class CallState implements IntentExecutor.Attempt {
    final IntentExecutor executor;
    final EdgeRequest request;
    final @Nullable String idempotencyKey;
    final long startNanos;
    final long deadlineNanos;
    /** Planes that failed this call in the current round; made on the first failure (most calls have none). */
    private @Nullable Set<PlaneState> tried;
    final TraceContext trace;
    int attempts;
    @Nullable String lastPlane;
    int lastStatus;
    @Nullable SdkException lastFailure;
    @Nullable PlaneState lastFailedPlane;
    Outcome lastOutcome = Outcome.REJECTED;
    /** Planes that answered this call with a Retry-After: not to be asked again before then; made on the first. */
    private @Nullable Map<PlaneState, Pushback> pushbacks;

    CallState(IntentExecutor executor, EdgeRequest request, @Nullable String key, TraceContext trace, long startNanos) {
      this.executor = executor;
      this.trace = trace;
      this.request = request;
      this.idempotencyKey = key;
      this.startNanos = startNanos;
      this.deadlineNanos = startNanos + executor.policy().deadline().toNanos();
    }

    // The intent, deadline and attempt timeout are read off the executor: the state of every call is 16 bytes smaller.

    Intent intent() {
      return executor.intent();
    }

    Duration deadline() {
      return executor.policy().deadline();
    }

    long attemptTimeoutNanos() {
      return executor.policy().attemptTimeout().toNanos();
    }

    @Override
    public EdgeResponse run(int number) {
      return attempt(number, executor, this);
    }

    Set<PlaneState> tried() {
      Set<PlaneState> t = tried;
      return t == null ? Set.of() : t;
    }

    void addTried(PlaneState state) {
      Set<PlaneState> t = tried;
      if (t == null) {
        t = new HashSet<>();
        tried = t;
      }
      t.add(state);
    }

    void clearTried() {
      Set<PlaneState> t = tried;
      if (t != null) {
        t.clear();
      }
    }

    @Nullable Pushback pushback(PlaneState state) {
      Map<PlaneState, Pushback> p = pushbacks;
      return p == null ? null : p.get(state);
    }

    void pushedBack(PlaneState state, Pushback pushback) {
      Map<PlaneState, Pushback> p = pushbacks;
      if (p == null) {
        p = new HashMap<>();
        pushbacks = p;
      }
      p.put(state, pushback);
    }
  }

  /**
   * A plane's {@code Retry-After}: ask it again not before {@code untilNanos} (on the ticker), or
   * not within this call when {@code pastDeadline}.
   */
  private record Pushback(long untilNanos, boolean pastDeadline, SdkServiceException answer, Outcome outcome) {}

  /**
   * Makes one logical call; see {@link dev.microevent.core.MicroEventClient#call}.
   *
   * @param intent what the call is for
   * @param request what to send
   * @return the answer
   */
  EdgeResponse call(Intent intent, EdgeRequest request) {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(request, "request");
    runtime.checkOpen();
    Instant startedAt = clock.instant();
    long startNanos = ticker.read();
    ServiceMode mode = modes.current();
    if (!config.get().admits(mode, intent)) {
      ShedException shed = new ShedException(intent, mode, modes.currentReason());
      meters.count("microevent.client.sheds", "intent", intent.name(), "mode", mode.name().toLowerCase(Locale.ROOT));
      finish(callEvent(intent, request, null, Outcome.SHED, 0, 0, startedAt, Duration.ZERO, shed));
      throw shed;
    }
    IntentExecutor executor = executorFor(intent);
    String key = intent.keyed()
        ? request.idempotencyKey().orElseGet(idempotencyKeys)
        : request.idempotencyKey().orElse(null);
    CallState st = new CallState(executor, request, key, trace(request), startNanos);
    executor.budget().recordRequest();
    try {
      EdgeResponse response = executor.execute(startNanos, st);
      // The call ended with the response's body: its duration is the response's latency (one Duration, not two).
      finish(callEvent(intent, request, st.lastPlane, Outcome.SUCCESS, st.lastStatus, st.attempts, startedAt,
          response.latency(), null));
      return response;
    } catch (RuntimeException e) {
      SdkException failure = translate(e, st);
      // An attempt failure knows its outcome; a local refusal (breaker, bulkhead, rate limit) is read off the failure.
      Outcome outcome = e instanceof AttemptFailure af ? af.outcome() : Outcomes.of(failure);
      finish(callEvent(intent, request, st.lastPlane, outcome, st.lastStatus, st.attempts, startedAt, elapsed(st),
          failure));
      throw failure;
    }
  }

  private EdgeResponse attempt(int number, IntentExecutor executor, CallState st) {
    Intent intent = st.intent();
    if (number > 1) {
      SdkException previous = st.lastFailure;
      if (!executor.budget().tryRetry()) {
        meters.count("microevent.client.retry.budget.exhausted", "intent", intent.name());
        throw new AttemptFailure(previous != null ? previous
            : new SdkClientException("retry budget of " + intent + " exhausted", null), false, st.lastOutcome);
      }
      meters.count("microevent.client.retries", "intent", intent.name());
    }
    if (st.deadlineNanos - ticker.read() <= 0) {
      throw new AttemptFailure(deadlineExceeded(st), false, Outcome.TIMEOUT);
    }
    Router.Route route = routeAfterPushback(st);
    try (route) {
      // Measured after the route choice: a CRITICAL call may have waited there for a failover slot.
      long remaining = st.deadlineNanos - ticker.read();
      if (remaining <= 0) {
        throw new AttemptFailure(deadlineExceeded(st), false, Outcome.TIMEOUT);
      }
      Plane plane = route.state().plane();
      TransportBinding binding;
      try {
        binding = runtime.binder().bind(intent, plane, st.request);
      } catch (NoRouteException e) {
        st.lastFailure = e;
        throw new AttemptFailure(e, false, Outcome.NO_ROUTE);
      }
      OkHttpClient http = transport.clientFor(binding);
      Call call = http.newCall(transport.request(plane, st.request, st.idempotencyKey, st.trace, runtime.random()));
      PhaseTimer.attachTo(call, plane, meters, ticker);
      long attemptNanos = Math.min(st.attemptTimeoutNanos(), remaining);
      call.timeout().timeout(attemptNanos, TimeUnit.NANOSECONDS);
      long t0 = ticker.read();
      Transport.Exchange ex = Transport.execute(call);
      long tookNanos = ticker.read() - t0;
      int attemptNo = ++st.attempts;
      st.lastPlane = plane.id();
      st.lastStatus = ex.status();
      if (ex.outcome() != Outcome.CANCELLED) {
        outliers.record(route.state(), ex.outcome());
      }
      List<ServerTiming> timings = serverTimings(plane, ex.headers());
      meters.attempt(intent, plane.id(), binding.name(), route.failover(), ex.outcome(), ex.status(), tookNanos);
      anomalies.record(plane.id(), ex.outcome(), tookNanos);
      CallListener[] hearing = runtime.attemptListeners();
      if (hearing.length > 0) { // the event is made only for listeners that override onAttempt
        AttemptEvent event = attemptEvent(intent, plane, binding.name(), attemptNo, route.failover(), ex.outcome(),
            ex.status(), Duration.ofNanos(tookNanos), timings);
        for (CallListener l : hearing) {
          try {
            l.onAttempt(event);
          } catch (RuntimeException e) {
            log.warn("call listener {} threw on an attempt; skipped", l, e);
          }
        }
      }
      Outcomes.Classified answer = ex.outcome() == Outcome.SUCCESS ? Outcomes.SUCCEEDED
          : Outcomes.classify(ex, plane.id(), "plane " + plane.id(), attemptNanos, remaining, clock);
      SdkException failure = answer.failure();
      if (failure == null) {
        return TrustedResponses.create(ex.status(), ex.headers(), ex.body(), plane.id(), attemptNo, elapsed(st),
            st.idempotencyKey);
      }
      st.addTried(route.state());
      st.lastFailedPlane = route.state();
      st.lastOutcome = answer.outcome();
      st.lastFailure = failure;
      if (answer.outcome() == Outcome.CANCELLED) {
        throw new AttemptFailure(failure, false, Outcome.CANCELLED);
      }
      lastError = answer.outcome().tag() + " on " + plane.id() + " at " + clock.instant();
      if (answer.retryable() && failure instanceof SdkServiceException service) {
        service.retryAfter().ifPresent(wait -> st.pushedBack(route.state(), pushback(st, service, wait,
            answer.outcome())));
      }
      throw new AttemptFailure(failure, answer.retryable(), answer.outcome());
    }
  }

  /**
   * A call's event. Built in a method of its own, small enough for the JIT to see that the builder
   * never leaves it and to allocate only the event (the builder was a second object per call when
   * built inline in {@link #call}).
   */
  private static CallEvent callEvent(Intent intent, EdgeRequest request, @Nullable String planeId, Outcome outcome,
      int status, int attempts, Instant startedAt, Duration duration, @Nullable SdkException failure) {
    return CallEvent.builder().intent(intent).request(request).planeId(planeId).outcome(outcome).statusCode(status)
        .attempts(attempts).startedAt(startedAt).duration(duration).failure(failure).build();
  }

  /** An attempt's event; a method of its own for the reason {@link #callEvent} is. */
  private static AttemptEvent attemptEvent(Intent intent, Plane plane, String binding, int attempt, boolean failover,
      Outcome outcome, int status, Duration took, List<ServerTiming> serverTimings) {
    return AttemptEvent.builder().intent(intent).plane(plane).binding(binding).attempt(attempt).failover(failover)
        .outcome(outcome).statusCode(status).duration(took).serverTimings(serverTimings).build();
  }

  private Pushback pushback(CallState st, SdkServiceException answer, Duration wait, Outcome outcome) {
    long now = ticker.read();
    // Compared as durations first: a Retry-After of years must not overflow the nanosecond ticker.
    boolean pastDeadline = wait.compareTo(Duration.ofNanos(st.deadlineNanos - now)) >= 0;
    return new Pushback(pastDeadline ? st.deadlineNanos : now + wait.toNanos(), pastDeadline, answer, outcome);
  }

  /**
   * The attempt's route, honouring a {@code Retry-After} of the plane chosen: a retry to another
   * plane goes at once, one to the same plane waits until the plane said (on top of the backoff
   * already waited, not in addition to it; a timer on the scheduler), and when that is past the
   * deadline the call ends now with the plane's answer rather than hold the caller until its
   * deadline.
   */
  private Router.Route routeAfterPushback(CallState st) {
    Router.Route route = selectRoute(st);
    Pushback p = st.pushback(route.state());
    long wait = p == null ? 0 : p.untilNanos() - ticker.read();
    if (p == null || (wait <= 0 && !p.pastDeadline())) {
      return route;
    }
    route.close(); // no failover slot is held while waiting
    if (p.pastDeadline()) {
      throw new AttemptFailure(p.answer(), false, p.outcome());
    }
    meters.count("microevent.client.retry.after.waits", "intent", st.intent().name());
    try {
      runtime.waiter().await(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the caller's interrupt visible
      SdkClientException cancelled = new SdkClientException("the calling thread was interrupted while " + st.intent()
          + " waited out plane " + p.answer().source() + "'s Retry-After; the call is not retried", e);
      st.lastFailure = cancelled;
      throw new AttemptFailure(cancelled, false, Outcome.CANCELLED);
    }
    return selectRoute(st);
  }

  private Router.Route selectRoute(CallState st) {
    try {
      return route(st);
    } catch (NoRouteException e) {
      if (e.reason() != NoRouteException.Reason.PLANES_EXHAUSTED || st.tried().isEmpty()) {
        throw noRoute(st, e);
      }
    }
    // Every reachable plane failed once: start another round, avoiding the plane that failed last
    // if another one is left, else allowing it again (a single plane is simply retried).
    PlaneState last = st.lastFailedPlane;
    st.clearTried();
    if (last != null) {
      st.addTried(last);
      try {
        return route(st);
      } catch (NoRouteException e) {
        if (e.reason() != NoRouteException.Reason.PLANES_EXHAUSTED) {
          throw noRoute(st, e);
        }
        st.clearTried();
      }
    }
    try {
      return route(st);
    } catch (NoRouteException e) {
      throw noRoute(st, e);
    }
  }

  private Router.Route route(CallState st) {
    return router.select(st.intent(), config.get().route(st.intent()), st.tried(), st.lastFailure, criticalWait(st));
  }

  /**
   * How long a CRITICAL call may wait for a route when the failover caps are reached (for a slot,
   * or for an edge plane to answer again): as long as its deadline leaves time for one attempt, at
   * least the failover policy's critical wait, never past the deadline.
   */
  private long criticalWait(CallState st) {
    long left = st.deadlineNanos - ticker.read();
    return Math.min(left, Math.max(failover.criticalWait().toNanos(), left - st.attemptTimeoutNanos()));
  }

  private static AttemptFailure noRoute(CallState st, NoRouteException e) {
    st.lastFailure = e;
    return new AttemptFailure(e, false, Outcome.NO_ROUTE);
  }

  private static DeadlineExceededException deadlineExceeded(CallState st) {
    Duration deadline = st.deadline();
    return new DeadlineExceededException("deadline of " + deadline.toMillis() + " ms for "
        + st.intent() + " passed after " + st.attempts + " attempt(s); the in-flight exchange was cancelled",
        deadline, st.lastFailure);
  }

  private static SdkException translate(RuntimeException e, CallState st) {
    if (e instanceof AttemptFailure af) {
      return af.failure();
    }
    if (e instanceof SdkException sdk) {
      return sdk;
    }
    return new SdkClientException("unexpected failure in " + st.intent() + " call: " + Outcomes.describe(e), e);
  }

  private void finish(CallEvent event) {
    meters.call(event);
    budgets.record(event);
    for (CallListener l : runtime.callListeners()) {
      try {
        l.onCall(event);
      } catch (RuntimeException e) {
        log.warn("call listener {} threw on a call; skipped", l, e);
      }
    }
  }

  private Duration elapsed(CallState st) {
    return Duration.ofNanos(ticker.read() - st.startNanos);
  }

  private TraceContext trace(EdgeRequest request) {
    List<String> incoming = request.headers().getOrDefault("traceparent", List.of());
    if (incoming.isEmpty()) {
      return TraceContext.newRoot(runtime.random());
    }
    Optional<TraceContext> parsed =
        TraceContext.parse(incoming, request.headers().getOrDefault("tracestate", List.of()));
    if (parsed.isEmpty()) {
      meters.count("microevent.trace.invalid");
      return TraceContext.newRoot(runtime.random());
    }
    return parsed.get();
  }

  private List<ServerTiming> serverTimings(Plane plane, Map<String, List<String>> headers) {
    List<String> values = headers.get("server-timing");
    if (values == null) {
      return List.of();
    }
    ServerTimingParser.Parsed parsed = ServerTimingParser.parse(values);
    if (parsed.malformed() > 0) {
      meters.count("microevent.client.server.timing.malformed", "plane", plane.id());
    }
    for (ServerTiming t : parsed.metrics()) {
      if (t.hasDuration()) {
        // Metric names come from servers: keep the tag bounded to the first 16 names seen.
        String name = serverMetricNames.size() < 16 || serverMetricNames.contains(t.name()) ? t.name() : "other";
        serverMetricNames.add(name);
        meters.serverTiming(plane.id(), name, t.durationMillis());
      }
    }
    return parsed.metrics();
  }

  /**
   * The intent's executor for the policy in force. One built for an older policy is replaced; one
   * whose policy is unchanged is kept, so a new config document (a flag flip) does not close an
   * open breaker or refill a spent retry budget.
   */
  private IntentExecutor executorFor(Intent intent) {
    IntentPolicy policy = policies.apply(intent);
    IntentExecutor e = executors.get(intent);
    if (e != null && e.policy().equals(policy)) {
      return e;
    }
    return executors.compute(intent, (i, old) -> {
      if (old != null && old.policy().equals(policy)) {
        return old;
      }
      if (old != null) {
        old.close();
      }
      return new IntentExecutor(i, policy, ticker, runtime.scheduler(), runtime.waiter(), runtime::random, meters);
    });
  }

  /** Closes every intent's executor: no breaker timer is left on the scheduler. */
  @Override
  public void close() {
    executors.values().forEach(IntentExecutor::close);
  }
}
