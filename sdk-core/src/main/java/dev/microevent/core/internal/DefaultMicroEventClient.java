package dev.microevent.core.internal;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.ExecutionContext;
import dev.failsafe.FailsafeException;
import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.CallRejectedException;
import dev.microevent.core.ClientClosedException;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.ResponseTooLargeException;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.SdkException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.ShedException;
import dev.microevent.core.ServerTiming;
import dev.microevent.core.TraceContext;
import dev.microevent.core.TypeRef;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.spi.TransportBinding;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge-first client. A call passes the service-mode gate, then the intent's Failsafe stack;
 * each attempt picks a route (edge first, central under backpressure, never a plane this call
 * already saw fail unless none is left), binds its transport, runs one OkHttp exchange with a
 * timeout capped by the remaining deadline, and feeds outlier detection, listeners and meters.
 */
public final class DefaultMicroEventClient implements MicroEventClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultMicroEventClient.class);

  private final ClientSettings settings;
  private final Clock clock;
  private final ClientMeters meters;
  private final ModeController modes;
  private final Transport transport;
  private final List<PlaneState> edgeStates;
  private final @Nullable PlaneState centralState;
  private final List<PlaneState> allStates;
  private final Router router;
  private final FailoverGate failoverGate;
  private final OutlierDetector outliers;
  private final @Nullable HealthMonitor health;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor io;
  private final @Nullable ExecutorService ownedIo;
  private final ConcurrentMap<Intent, IntentExecutor> executors = new ConcurrentHashMap<>();
  /** The SDK's default policy of each intent the app did not configure, built once. */
  private final ConcurrentMap<Intent, IntentPolicy> defaultPolicies = new ConcurrentHashMap<>();
  private final CallListener[] callListeners;
  private final BudgetKeeper budgets;
  private final AnomalyDetector anomalies;
  private final ConfigSyncer configSync;
  private final OracleEngine oracle;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Random jitter;
  private volatile @Nullable String lastError;

  /**
   * Builds and starts a client; use {@link MicroEventClient#builder()}.
   *
   * @param settings what the builder collected
   */
  public DefaultMicroEventClient(ClientSettings settings) {
    this.settings = settings;
    this.clock = settings.clock();
    Random injected = settings.random();
    this.jitter = injected != null ? injected : new Random();
    this.meters = new ClientMeters(settings.meterRegistry());
    ScheduledExecutorService given = settings.scheduler();
    this.ownsScheduler = given == null;
    this.scheduler = given != null ? given : defaultScheduler();
    Executor givenIo = settings.ioExecutor();
    this.ownedIo = givenIo == null && given == null ? defaultIo() : null;
    this.io = givenIo != null ? givenIo : ownedIo != null ? ownedIo : scheduler;
    this.modes = new ModeController(clock, meters, settings.modeListeners());
    this.transport = new Transport(new OkHttpClient.Builder().eventListenerFactory(PhaseTimer.factory(meters)));
    List<PlaneState> edges = new ArrayList<>();
    for (Plane p : settings.edgePlanes()) {
      edges.add(new PlaneState(p));
    }
    this.edgeStates = List.copyOf(edges);
    Plane central = settings.centralPlane();
    this.centralState = central == null ? null : new PlaneState(central);
    List<PlaneState> all = new ArrayList<>(edgeStates);
    all.sort((a, b) -> Integer.compare(a.plane().priority(), b.plane().priority()));
    if (centralState != null) {
      all.add(centralState);
    }
    this.allStates = List.copyOf(all);
    this.failoverGate = new FailoverGate(settings.failover(), clock);
    this.router = new Router(edgeStates, centralState, failoverGate, clock, meters);
    this.outliers = new OutlierDetector(settings.outlierDetection(), edgeStates, clock, meters, jitter);
    this.callListeners = settings.callListeners().toArray(new CallListener[0]);
    this.budgets = new BudgetKeeper(clock, meters, settings.budgetListeners());
    ActiveConfig defaults = new ActiveConfig("local", null, ConfigSnapshot.Source.DEFAULTS, null, Map.of(),
        settings.slos(), settings.detector(), Map.of(), Map.of(), ActiveConfig.OracleSettings.DEFAULTS);
    this.configSync = new ConfigSyncer(defaults, this::configParser, this::configPlanes, transport, clock, meters,
        settings.configFile(), this::configApplied);
    budgets.configure(settings.slos());
    configSync.loadFile();
    this.anomalies = new AnomalyDetector(() -> configSync.active().detector(), clock, meters,
        settings.anomalyListeners());
    this.oracle = new OracleEngine(this, () -> configSync.active().oracle(), settings.localModel(), clock,
        settings.oracleCacheSize(), meters);
    for (PlaneState s : allStates) {
      meters.planeGauges(s.plane(), () -> s.routable(clock.instant()) ? 1 : 0, s::advertisedLoad);
    }
    meters.gauge("microevent.routing.failover.inflight", failoverGate::inFlight);
    budgets.start(scheduler, Duration.ofSeconds(30));
    configSync.start(scheduler, io, settings.configSyncInterval());
    if (settings.healthChecksEnabled()) {
      this.health = new HealthMonitor(allStates, settings.healthCheck(), transport, scheduler, io, clock,
          jitter, meters, settings.instanceId(), modes, () -> lastError);
      health.start();
    } else {
      this.health = null;
    }
    try {
      for (ServiceModeSource source : settings.modeSources()) {
        source.bind((mode, reason) -> modes.propose(source.name(), mode, reason));
      }
    } catch (RuntimeException e) {
      // All or nothing: a refused build leaves no gauges, timers or threads behind.
      close();
      throw e;
    }
    log.info("microevent client {} started: {} edge plane(s), central {}", settings.instanceId(),
        edgeStates.size(), central == null ? "none" : central.baseUri());
  }

  private static ExecutorService defaultIo() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "microevent-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Saturated: run it on the caller (the scheduler's thread) rather than drop it.
    pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  private static ScheduledExecutorService defaultScheduler() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "microevent-scheduler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // ---------------------------------------------------------------- calls

  /** Per-call state shared by its attempts. */
  private static final class CallState {
    final Intent intent;
    final EdgeRequest request;
    final @Nullable String idempotencyKey;
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    final long attemptTimeoutNanos;
    final Set<PlaneState> tried = new HashSet<>();
    final TraceContext trace;
    final AtomicInteger attempts = new AtomicInteger();
    volatile @Nullable String lastPlane;
    volatile int lastStatus;
    volatile @Nullable SdkException lastFailure;
    volatile @Nullable PlaneState lastFailedPlane;
    volatile Outcome lastOutcome = Outcome.REJECTED;
    /** Planes that answered this call with a Retry-After: not to be asked again before then. */
    final Map<PlaneState, Pushback> pushbacks = new HashMap<>();

    CallState(Intent intent, EdgeRequest request, @Nullable String key, IntentPolicy policy, TraceContext trace) {
      this.trace = trace;
      this.intent = intent;
      this.request = request;
      this.idempotencyKey = key;
      this.deadlineNanos = startNanos + policy.deadline().toNanos();
      this.attemptTimeoutNanos = policy.attemptTimeout().toNanos();
    }
  }

  /**
   * A plane's {@code Retry-After}: ask it again not before {@code untilNanos} (System.nanoTime),
   * or not within this call when {@code pastDeadline}.
   */
  private record Pushback(long untilNanos, boolean pastDeadline, SdkServiceException answer, Outcome outcome) {}

  @Override
  public EdgeResponse call(Intent intent, EdgeRequest request) {
    java.util.Objects.requireNonNull(intent, "intent");
    java.util.Objects.requireNonNull(request, "request");
    checkOpen();
    Instant startedAt = clock.instant();
    ServiceMode mode = modes.current();
    if (!mode.admits(intent.criticality())) {
      ShedException shed = new ShedException(intent, mode, modes.currentReason());
      meters.count("microevent.client.sheds", "intent", intent.name(), "mode", mode.name().toLowerCase(Locale.ROOT));
      finish(new CallEvent(intent, request, null, Outcome.SHED, 0, 0, startedAt, Duration.ZERO, shed));
      throw shed;
    }
    IntentExecutor executor = executorFor(intent);
    String key = intent.keyed()
        ? request.idempotencyKey().orElseGet(settings.idempotencyKeys())
        : request.idempotencyKey().orElse(null);
    CallState st = new CallState(intent, request, key, executor.policy(), trace(request));
    executor.budget().recordRequest();
    try {
      EdgeResponse response = executor.execute(ctx -> attempt(ctx, executor, st));
      finish(new CallEvent(intent, request, st.lastPlane, Outcome.SUCCESS, st.lastStatus, st.attempts.get(), startedAt,
          elapsed(st), null));
      return response;
    } catch (RuntimeException e) {
      SdkException failure = translate(e, st);
      // An attempt failure knows its outcome; the rest (breaker, bulkhead, rate limit) are read off the failure.
      Outcome outcome = e instanceof AttemptFailure af ? af.outcome()
          : interruptedWhileWaiting(e) ? Outcome.CANCELLED : outcomeOf(failure);
      finish(new CallEvent(intent, request, st.lastPlane, outcome, st.lastStatus, st.attempts.get(), startedAt,
          elapsed(st), failure));
      throw failure;
    }
  }

  private EdgeResponse attempt(ExecutionContext<EdgeResponse> ctx, IntentExecutor executor, CallState st) {
    Intent intent = st.intent;
    if (ctx.isRetry()) {
      SdkException previous = st.lastFailure;
      if (!executor.budget().tryRetry()) {
        meters.count("microevent.client.retry.budget.exhausted", "intent", intent.name());
        throw new AttemptFailure(previous != null ? previous
            : new SdkClientException("retry budget of " + intent + " exhausted", null), false, st.lastOutcome);
      }
      meters.count("microevent.client.retries", "intent", intent.name());
    }
    if (st.deadlineNanos - System.nanoTime() <= 0) {
      throw new AttemptFailure(deadlineExceeded(executor, st), false, Outcome.TIMEOUT);
    }
    Router.Route route = routeAfterPushback(st);
    try (route) {
      // Measured after the route choice: a CRITICAL call may have waited there for a failover slot.
      long remaining = st.deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        throw new AttemptFailure(deadlineExceeded(executor, st), false, Outcome.TIMEOUT);
      }
      Plane plane = route.state().plane();
      TransportBinding binding;
      try {
        binding = settings.transportBinder().bind(intent, plane, st.request);
      } catch (NoRouteException e) {
        st.lastFailure = e;
        throw new AttemptFailure(e, false, Outcome.NO_ROUTE);
      }
      OkHttpClient http = transport.clientFor(binding);
      Call call = http.newCall(transport.request(plane, st.request, st.idempotencyKey, st.trace.child(ids())));
      long attemptNanos = Math.min(executor.policy().attemptTimeout().toNanos(), remaining);
      call.timeout().timeout(attemptNanos, TimeUnit.NANOSECONDS);
      ctx.onCancel(call::cancel);
      long t0 = System.nanoTime();
      Transport.Exchange ex = Transport.execute(call);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      int attemptNo = st.attempts.incrementAndGet();
      st.lastPlane = plane.id();
      st.lastStatus = ex.status();
      if (ex.outcome() != Outcome.CANCELLED) {
        outliers.record(route.state(), ex.outcome());
      }
      AttemptEvent event = new AttemptEvent(intent, plane, binding.name(), attemptNo, route.failover(), ex.outcome(),
          ex.status(), took, serverTimings(plane, ex.headers()));
      meters.attempt(event);
      anomalies.record(event);
      for (CallListener l : callListeners) {
        try {
          l.onAttempt(event);
        } catch (RuntimeException e) {
          log.warn("call listener {} threw on an attempt; skipped", l, e);
        }
      }
      if (ex.outcome() == Outcome.SUCCESS) {
        return new EdgeResponse(ex.status(), ex.headers(), ex.body(), plane.id(), attemptNo,
            elapsed(st), st.idempotencyKey);
      }
      st.tried.add(route.state());
      st.lastFailedPlane = route.state();
      st.lastOutcome = ex.outcome();
      SdkException failure = failureOf(ex, plane, attemptNanos, remaining);
      st.lastFailure = failure;
      if (ex.outcome() == Outcome.CANCELLED) {
        throw new AttemptFailure(failure, false, Outcome.CANCELLED);
      }
      lastError = ex.outcome().tag() + " on " + plane.id() + " at " + clock.instant();
      boolean retryable = ex.outcome() != Outcome.CLIENT_ERROR && !(ex.outcome() == Outcome.TIMEOUT
          && attemptNanos >= remaining);
      if (retryable && failure instanceof SdkServiceException answer) {
        answer.retryAfter().ifPresent(wait -> st.pushbacks.put(route.state(), pushback(st, answer, wait, ex.outcome())));
      }
      throw new AttemptFailure(failure, retryable, ex.outcome());
    }
  }

  private static Pushback pushback(CallState st, SdkServiceException answer, Duration wait, Outcome outcome) {
    long now = System.nanoTime();
    // Compared as durations first: a Retry-After of years must not overflow the nanosecond clock.
    boolean pastDeadline = wait.compareTo(Duration.ofNanos(st.deadlineNanos - now)) >= 0;
    return new Pushback(pastDeadline ? st.deadlineNanos : now + wait.toNanos(), pastDeadline, answer, outcome);
  }

  /**
   * The attempt's route, honouring a {@code Retry-After} of the plane chosen: a retry to another
   * plane goes at once, one to the same plane waits until the plane said (on top of the backoff
   * already waited, not in addition to it), and when that is past the deadline the call ends now
   * with the plane's answer rather than hold the caller until its deadline.
   */
  private Router.Route routeAfterPushback(CallState st) {
    Router.Route route = selectRoute(st);
    Pushback p = st.pushbacks.get(route.state());
    long wait = p == null ? 0 : p.untilNanos() - System.nanoTime();
    if (p == null || (wait <= 0 && !p.pastDeadline())) {
      return route;
    }
    route.close(); // no failover slot is held while waiting
    if (p.pastDeadline()) {
      throw new AttemptFailure(p.answer(), false, p.outcome());
    }
    meters.count("microevent.client.retry.after.waits", "intent", st.intent.name());
    try {
      TimeUnit.NANOSECONDS.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the caller's interrupt visible
      SdkClientException cancelled = new SdkClientException("the calling thread was interrupted while " + st.intent
          + " waited out plane " + p.answer().planeId() + "'s Retry-After; the call is not retried", e);
      st.lastFailure = cancelled;
      throw new AttemptFailure(cancelled, false, Outcome.CANCELLED);
    }
    return selectRoute(st);
  }

  private Router.Route selectRoute(CallState st) {
    try {
      return route(st);
    } catch (NoRouteException e) {
      if (e.reason() != NoRouteException.Reason.PLANES_EXHAUSTED || st.tried.isEmpty()) {
        throw noRoute(st, e);
      }
    }
    // Every reachable plane failed once: start another round, avoiding the plane that failed last
    // if another one is left, else allowing it again (a single plane is simply retried).
    PlaneState last = st.lastFailedPlane;
    st.tried.clear();
    if (last != null) {
      st.tried.add(last);
      try {
        return route(st);
      } catch (NoRouteException e) {
        if (e.reason() != NoRouteException.Reason.PLANES_EXHAUSTED) {
          throw noRoute(st, e);
        }
        st.tried.clear();
      }
    }
    try {
      return route(st);
    } catch (NoRouteException e) {
      throw noRoute(st, e);
    }
  }

  private Router.Route route(CallState st) {
    return router.select(st.intent, configSync.active().route(st.intent), st.tried, st.lastFailure,
        criticalWait(st));
  }

  /**
   * How long a CRITICAL call may wait for a route when the failover caps are reached (for a slot,
   * or for an edge plane to answer again): as long as its deadline leaves time for one attempt, at
   * least the failover policy's critical wait, never past the deadline.
   */
  private long criticalWait(CallState st) {
    long left = st.deadlineNanos - System.nanoTime();
    return Math.min(left, Math.max(settings.failover().criticalWait().toNanos(), left - st.attemptTimeoutNanos));
  }

  private static AttemptFailure noRoute(CallState st, NoRouteException e) {
    st.lastFailure = e;
    return new AttemptFailure(e, false, Outcome.NO_ROUTE);
  }

  private SdkException failureOf(Transport.Exchange ex, Plane plane, long attemptNanos, long remaining) {
    if (ex.failure() instanceof Transport.BodyTooLargeException tooLarge) {
      return new ResponseTooLargeException(tooLarge.limit(), plane.id());
    }
    return switch (ex.outcome()) {
      case SERVER_ERROR, CLIENT_ERROR -> new SdkServiceException(ex.status(), ex.body(),
          RetryAfter.parse(ex.header("retry-after"), clock), ex.header("x-request-id"), plane.id());
      case CANCELLED -> new SdkClientException("the calling thread was interrupted; the exchange with plane "
          + plane.id() + " was cancelled and the call is not retried", ex.failure());
      case TIMEOUT -> new DeadlineExceededException(
          (attemptNanos >= remaining ? "call deadline reached" : "attempt timed out")
              + " after " + Duration.ofNanos(attemptNanos).toMillis() + " ms on plane " + plane.id(),
          Duration.ofNanos(attemptNanos), ex.failure());
      default -> new ConnectionFailedException(
          (ex.beforeSend() ? "could not connect to plane " : "connection failed mid-exchange with plane ")
              + plane.id() + " (" + describe(ex.failure()) + ")", ex.failure());
    };
  }

  private static String describe(@Nullable Throwable t) {
    if (t == null) {
      return "unknown";
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private DeadlineExceededException deadlineExceeded(IntentExecutor executor, CallState st) {
    return new DeadlineExceededException("deadline of " + executor.policy().deadline().toMillis() + " ms for "
        + st.intent + " passed after " + st.attempts.get() + " attempt(s); the in-flight exchange was cancelled",
        executor.policy().deadline(), st.lastFailure);
  }

  private SdkException translate(RuntimeException e, CallState st) {
    if (e instanceof AttemptFailure af) {
      return af.failure();
    }
    if (e instanceof CircuitBreakerOpenException) {
      return new CallRejectedException(CallRejectedException.Reason.CIRCUIT_OPEN,
          "circuit breaker of " + st.intent + " is open after repeated failures; calls resume after its open delay");
    }
    if (e instanceof FailsafeException && e.getCause() instanceof RuntimeException cause) {
      return translate(cause, st);
    }
    if (interruptedWhileWaiting(e)) {
      Thread.currentThread().interrupt(); // keep the caller's interrupt visible
      return new SdkClientException("the calling thread was interrupted while " + st.intent
          + " waited to retry; the call is not retried", e.getCause());
    }
    if (e instanceof SdkException sdk) {
      return sdk;
    }
    return new SdkClientException("unexpected failure in " + st.intent + " call: " + describe(e), e);
  }

  /** Failsafe's backoff sleep was interrupted: the caller gave the call up. */
  private static boolean interruptedWhileWaiting(RuntimeException e) {
    return e instanceof FailsafeException && e.getCause() instanceof InterruptedException;
  }

  private static Outcome outcomeOf(SdkException failure) {
    if (failure instanceof ShedException) {
      return Outcome.SHED;
    }
    if (failure instanceof CallRejectedException) {
      return Outcome.REJECTED;
    }
    if (failure instanceof NoRouteException) {
      return Outcome.NO_ROUTE;
    }
    if (failure instanceof DeadlineExceededException) {
      return Outcome.TIMEOUT;
    }
    if (failure instanceof SdkServiceException service) {
      return Transport.outcomeOf(service.statusCode());
    }
    return Outcome.CONNECTION_FAILURE;
  }

  private void finish(CallEvent event) {
    meters.call(event);
    budgets.record(event);
    for (CallListener l : callListeners) {
      try {
        l.onCall(event);
      } catch (RuntimeException e) {
        log.warn("call listener {} threw on a call; skipped", l, e);
      }
    }
  }

  private static Duration elapsed(CallState st) {
    return Duration.ofNanos(System.nanoTime() - st.startNanos);
  }

  /** Where trace and span ids come from: the injected random, else the uncontended thread-local one. */
  private RandomGenerator ids() {
    Random injected = settings.random();
    return injected != null ? injected : ThreadLocalRandom.current();
  }

  private TraceContext trace(EdgeRequest request) {
    List<String> incoming = request.headers().getOrDefault("traceparent", List.of());
    if (incoming.isEmpty()) {
      return TraceContext.newRoot(ids());
    }
    Optional<TraceContext> parsed =
        TraceContext.parse(incoming, request.headers().getOrDefault("tracestate", List.of()));
    if (parsed.isEmpty()) {
      meters.count("microevent.trace.invalid");
      return TraceContext.newRoot(ids());
    }
    return parsed.get();
  }

  private final Set<String> serverMetricNames = ConcurrentHashMap.newKeySet();

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

  private ConfigParser configParser() {
    Map<String, Intent> known = new LinkedHashMap<>();
    for (Intent i : Intent.builtIns()) {
      known.put(i.name(), i);
    }
    settings.policies().keySet().forEach(i -> known.put(i.name(), i));
    settings.slos().keySet().forEach(i -> known.put(i.name(), i));
    Set<String> edgeIds = new java.util.LinkedHashSet<>();
    edgeStates.forEach(s -> edgeIds.add(s.plane().id()));
    return new ConfigParser(known, edgeIds, this::localPolicy, settings.detector(), settings.slos());
  }

  private List<Plane> configPlanes() {
    Instant now = clock.instant();
    List<Plane> ordered = new ArrayList<>();
    allStates.stream().filter(s -> s.plane().isEdge() && s.routable(now)).forEach(s -> ordered.add(s.plane()));
    allStates.stream().filter(s -> !ordered.contains(s.plane())).forEach(s -> ordered.add(s.plane()));
    return ordered;
  }

  private void configApplied(ActiveConfig config) {
    // Executors are not dropped here: executorFor() replaces one whose policy the new document
    // changed, and keeps the breaker and retry budget of every other intent.
    budgets.configure(config.slos());
  }

  /**
   * The intent's Failsafe stack for the policy in force. One built for an older policy is
   * replaced; one whose policy is unchanged is kept, so a new config document (a flag flip) does
   * not close an open breaker or refill a spent retry budget.
   */
  private IntentExecutor executorFor(Intent intent) {
    IntentPolicy policy = policy(intent);
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
      return new IntentExecutor(i, policy, clock, scheduler, meters);
    });
  }

  // ---------------------------------------------------------------- typed helpers

  @Override
  public <T> T get(Intent intent, String path, Class<T> type) {
    return Json.read(call(intent, EdgeRequest.get(path)).body(), type);
  }

  @Override
  public <T> T get(Intent intent, String path, TypeRef<T> type) {
    return Json.read(call(intent, EdgeRequest.get(path)).body(), type);
  }

  @Override
  public <T> T post(Intent intent, String path, Object body, Class<T> type) {
    EdgeRequest request = EdgeRequest.builder("POST", path)
        .header("accept", "application/json")
        .body(Json.write(body), "application/json")
        .build();
    return Json.read(call(intent, request).body(), type);
  }

  @Override
  public byte[] toJson(Object value) {
    return Json.write(value);
  }

  @Override
  public <T> T fromJson(byte[] json, Class<T> type) {
    return Json.read(json, type);
  }

  // ---------------------------------------------------------------- state

  @Override
  public ServiceModes modes() {
    return modes;
  }

  @Override
  public List<PlaneStatus> planes() {
    Instant now = clock.instant();
    List<PlaneStatus> out = new ArrayList<>(allStates.size());
    for (PlaneState s : allStates) {
      out.add(s.snapshot(now));
    }
    return List.copyOf(out);
  }

  @Override
  public IntentPolicy policy(Intent intent) {
    IntentPolicy remote = configSync.active().policies().get(intent);
    return remote != null ? remote : localPolicy(intent);
  }

  private IntentPolicy localPolicy(Intent intent) {
    IntentPolicy p = settings.policies().get(intent);
    return p != null ? p : defaultPolicies.computeIfAbsent(intent, IntentPolicy::defaultsFor);
  }

  @Override
  public ErrorBudgets errorBudgets() {
    return budgets;
  }

  @Override
  public ConfigSync config() {
    return configSync;
  }

  @Override
  public HybridOracle oracle() {
    return oracle;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public Executor ioExecutor() {
    return io;
  }

  @Override
  public @Nullable MeterRegistry meterRegistry() {
    return meters.registry();
  }

  /** The transport, for SDK modules that need the shared HTTP machinery. */
  public Transport transport() {
    return transport;
  }

  /** The meters, for SDK modules that record beside the client's. */
  public ClientMeters meters() {
    return meters;
  }

  /** The settings the client was built with. */
  public ClientSettings settings() {
    return settings;
  }

  /**
   * The SDK-internal view of a client built by {@link MicroEventClient#builder()}.
   *
   * @param client a client
   * @return it, as the internal type
   * @throws IllegalArgumentException for another implementation (a fake)
   */
  public static DefaultMicroEventClient internal(MicroEventClient client) {
    if (client instanceof DefaultMicroEventClient internal) {
      return internal;
    }
    throw new IllegalArgumentException("this needs a client from MicroEventClient.builder(), got "
        + client.getClass().getName());
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new ClientClosedException("the client is closed: nothing was sent; build a new client");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (health != null) {
      health.close();
    }
    configSync.close();
    budgets.close();
    executors.values().forEach(IntentExecutor::close);
    transport.close();
    meters.close();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownedIo != null) {
      ownedIo.shutdownNow();
    }
    log.info("microevent client {} closed", settings.instanceId());
  }
}
