package dev.microevent.slices.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.internal.Periodic;
import dev.microevent.core.spi.ConfigSection;
import dev.microevent.core.spi.Meters;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.TransportBinder;
import dev.microevent.core.spi.TransportBinding;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceFailoverEvent;
import dev.microevent.slices.SliceHealth;
import dev.microevent.slices.SliceHealthConfig;
import dev.microevent.slices.SliceHealthEvent;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SliceListener;
import dev.microevent.slices.SliceReservations;
import dev.microevent.slices.SlicePlan;
import dev.microevent.slices.SliceRoute;
import dev.microevent.slices.SliceRule;
import dev.microevent.slices.SlicesSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steering engine: resolves rules to routes, hands the core one {@link TransportBinding} per
 * slice (its own pool), keeps per-slice health from hard evidence, passive attempts and active
 * probes, and records per-slice counters, budgets and meters.
 */
public final class SteeringEngine implements TransportBinder, CallListener {
  private static final Logger log = LoggerFactory.getLogger(SteeringEngine.class);
  /** The route key and failover event "rule" of an intent the plane reserved a slice for. */
  static final int RESERVATION = -1;
  /** Slice budgets are tracked in the core under {@code slice:<id>}. */
  public static final String BUDGET_PREFIX = "slice:";

  private final SlicePlan plan;
  private final Map<SliceId, SliceState> states;
  private final Map<String, SliceState> byBinding;
  private final Map<SliceId, TransportBinding> bindings;
  private final SliceState defaultState;
  private final List<SliceListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<RouteKey, SliceId> lastRoute = new ConcurrentHashMap<>();
  private final ConcurrentMap<Move, Generations> reported = new ConcurrentHashMap<>();
  private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final List<Periodic> probes = new CopyOnWriteArrayList<>();
  private volatile Clock clock = Clock.systemUTC();
  private volatile @Nullable Meters meters;
  private volatile @Nullable ScheduledExecutorService scheduler;
  private volatile Executor io = Runnable::run;
  private volatile boolean attached;
  private volatile @Nullable ModuleRuntime installedOn;
  private volatile SliceReservations reservations = SliceReservations.NONE;

  /** Which route an intent took under one rule, to tell failovers from first use. */
  private record RouteKey(Intent intent, int rule) {}

  /** One move of an intent's traffic: the key a failover is reported under. */
  private record Move(Intent intent, SliceId from, SliceId to) {}

  /** How many times a move's two routes had changed health when it was reported. */
  private record Generations(long from, long to) {}

  /** One attempts timer's tags; a record, so the per-attempt lookup builds no string. */
  private record TimerKey(String slice, String intent, String outcome) {}

  /**
   * Creates steering for a plan; use {@link dev.microevent.slices.SliceSteering#of}.
   *
   * @param plan the plan
   */
  public SteeringEngine(SlicePlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
    Instant now = clock.instant();
    Map<SliceId, SliceState> s = new LinkedHashMap<>(); // plan order, for snapshots
    Map<String, SliceState> b = new LinkedHashMap<>();
    Map<SliceId, TransportBinding> tb = new LinkedHashMap<>();
    for (Slice slice : plan.slices().values()) {
      SliceState st = new SliceState(slice.id(), slice, now);
      s.put(slice.id(), st);
      b.put(slice.id().value(), st);
      Proxy proxy = slice.proxy().map(a -> new Proxy(Proxy.Type.HTTP, a)).orElse(null);
      tb.put(slice.id(), TransportBinding.of(slice.id().value(),
          new SliceSocketFactory(slice, reason -> hardFailure(st, reason)), proxy));
    }
    this.defaultState = new SliceState(SliceId.DEFAULT_NETWORK, null, now);
    b.put(TransportBinding.DEFAULT.name(), defaultState);
    this.states = java.util.Collections.unmodifiableMap(s);
    this.byBinding = Map.copyOf(b);
    this.bindings = Map.copyOf(tb);
  }

  /**
   * Attaches the engine to a client's clock, scheduler, meters and error budgets (one per slice,
   * named {@code slice:<id>}, which the core evaluates and alerts on) and starts active probes.
   *
   * @param clock the client's clock
   * @param scheduler what times probes
   * @param io where probes run (they block on a connect)
   * @param meters where to record; may be disabled
   * @param budgets the client's error budgets
   * @param newListeners listeners to add before the first probes, so they hear an outage those find
   * @throws IllegalStateException if already attached
   */
  public synchronized void attach(Clock clock, ScheduledExecutorService scheduler, Executor io, Meters meters,
      ErrorBudgets budgets, List<SliceListener> newListeners) {
    checkAttachable();
    attached = true;
    listeners.addAll(newListeners);
    this.clock = clock;
    this.scheduler = scheduler;
    this.io = io;
    this.meters = meters;
    SliceHealthConfig cfg = plan.health();
    Instant now = clock.instant();
    for (SliceState st : allStates()) {
      String tag = st.id().value();
      st.attached(now, budgets.track(BUDGET_PREFIX + tag, new Slo(st.availabilityTarget())));
      meters.gauge("microevent.slices.healthy", () -> st.health() == SliceHealth.UP ? 1 : 0, "slice", tag);
    }
    for (SliceState st : states.values()) {
      if (!needsProbe(st)) {
        continue;
      }
      probe(st); // a slice that is already out must not take the first call down with it
      probes.add(Periodic.every(scheduler, io, cfg.probeInterval(), cfg.probeInterval(),
          "probe of slice " + st.id().value(), () -> probe(st)));
    }
  }

  /**
   * Fails fast, before a client builds anything else, when this steering already serves a client.
   *
   * @throws IllegalStateException if already attached
   */
  public synchronized void checkAttachable() {
    if (attached) {
      throw new IllegalStateException(
          "this SliceSteering is already attached to a SlicesClient; create one per client");
    }
  }

  /**
   * Notes the client runtime this engine was installed on as its transport binder and call
   * listener; a {@code SlicesClient} on another client refuses it.
   *
   * @param runtime the runtime
   * @throws IllegalStateException if installed on a client already
   */
  public synchronized void installed(ModuleRuntime runtime) {
    if (installedOn != null) {
      throw new IllegalStateException("this SliceSteering is installed on a client already; create one per client");
    }
    installedOn = runtime;
  }

  /**
   * The runtime of the client this engine was installed on.
   *
   * @return the runtime, or {@code null} when the app plugged the binder and listener in by hand
   */
  public @Nullable ModuleRuntime installedOn() {
    return installedOn;
  }

  /** Stops active probes. Idempotent. */
  public void detach() {
    probes.forEach(Periodic::close);
    probes.clear();
  }

  private static boolean needsProbe(SliceState st) {
    Slice s = Objects.requireNonNull(st.slice());
    return s.localAddress().isPresent() || s.proxy().isPresent() || s.probeTarget().isPresent();
  }

  private List<SliceState> allStates() {
    List<SliceState> all = new ArrayList<>(states.values());
    all.add(defaultState);
    return all;
  }

  // ------------------------------------------------------------------ routing

  /** {@return the reservations of the plane's config document in effect now} */
  public SliceReservations reservations() {
    return reservations;
  }

  /** {@return the slice plan this engine steers by} */
  public SlicePlan plan() {
    return plan;
  }

  @Override
  public TransportBinding bind(Intent intent, Plane plane) {
    return bind(intent, plane, (String) null);
  }

  /** The core client calls this one: path rules match the request's path (before the plane's base path). */
  @Override
  public TransportBinding bind(Intent intent, Plane plane, EdgeRequest request) {
    return bind(intent, plane, request.path());
  }

  private TransportBinding bind(Intent intent, Plane plane, @Nullable String path) {
    URI uri = plane.baseUri();
    SliceId chosen = resolve(intent, uri.getHost(), port(uri), path).slice();
    return chosen.isDefaultNetwork() ? TransportBinding.DEFAULT : Objects.requireNonNull(bindings.get(chosen));
  }

  /**
   * Steers one flow: the intent's reserved slice (the plane's reservations), else the route the
   * plan's rules choose for the intent and destination.
   *
   * @param intent what the flow is for
   * @param destination where it goes; its path is matched in full
   * @return the route chosen, with the rule that chose it and the routes passed over
   * @throws NoRouteException with reason {@code BINDING_REFUSED} if every route of the matching
   *     rule is down
   */
  public SliceRoute route(Intent intent, URI destination) {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(destination, "destination");
    return resolve(intent, destination.getHost(), port(destination), destination.getRawPath());
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
  }

  /**
   * Resolves one flow: the intent's reserved slice first (the plane's {@code slices} section),
   * then the matching rule's routes. A volatile read of the reservations; no lock.
   */
  private SliceRoute resolve(Intent intent, @Nullable String host, int port, @Nullable String path) {
    SliceId reserved = reservations.byIntent().get(intent);
    List<String> skipped = new ArrayList<>(2);
    if (reserved != null) {
      SliceState st = reserved.isDefaultNetwork() ? defaultState : Objects.requireNonNull(states.get(reserved));
      if (st.health() == SliceHealth.UP) {
        return chosen(intent, RESERVATION, reserved, reserved, OptionalInt.empty(), skipped); // no rule is matched
      }
      skipped.add(reserved + ": DOWN (" + st.reason() + ")");
    }
    Optional<SliceRule> match = plan.match(intent, host, port, path);
    if (match.isEmpty()) {
      return reserved == null ? new SliceRoute(SliceId.DEFAULT_NETWORK, OptionalInt.empty(), List.of())
          : chosen(intent, RESERVATION, reserved, SliceId.DEFAULT_NETWORK, OptionalInt.empty(), skipped);
    }
    SliceRule rule = match.get();
    int flow = reserved == null ? rule.precedence() : RESERVATION;
    SliceId preferred = reserved == null ? rule.routes().get(0) : reserved;
    OptionalInt precedence = OptionalInt.of(rule.precedence());
    for (SliceId route : rule.routes()) {
      if (route.equals(reserved)) {
        continue; // down: passed over above
      }
      if (route.isDefaultNetwork()) {
        return chosen(intent, flow, preferred, route, precedence, skipped);
      }
      SliceState st = Objects.requireNonNull(states.get(route));
      Slice slice = Objects.requireNonNull(st.slice());
      if (!slice.admits(intent) && !rule.borrowing().contains(route)) {
        skipped.add(route + ": reserved for " + slice.exclusiveTo());
        continue;
      }
      if (st.health() == SliceHealth.UP) {
        return chosen(intent, flow, preferred, route, precedence, skipped);
      }
      skipped.add(route + ": DOWN (" + st.reason() + ")");
    }
    Meters m = meters;
    if (m != null) {
      m.count("microevent.slices.refusals", "intent", intent.name());
    }
    throw new NoRouteException(NoRouteException.Reason.BINDING_REFUSED,
        "slice rule " + rule.precedence() + " has no usable route for " + intent + " (" + String.join("; ", skipped)
            + "); other slices are not used (isolation). Wait for the slice to recover, or add a fallback route "
            + "to the rule if it is acceptable", null);
  }

  /**
   * Notes the route a flow took, telling listeners when it moved.
   *
   * @param flow the rule's precedence, or {@link #RESERVATION} for an intent the plane reserved a
   *     slice for
   * @param preferred the flow's first choice, the route it counts as riding before its first call
   * @param precedence the rule that chose the route, empty when the reservation did
   */
  private SliceRoute chosen(Intent intent, int flow, SliceId preferred, SliceId route, OptionalInt precedence,
      List<String> skipped) {
    RouteKey key = new RouteKey(intent, flow);
    // Every call passes here: read first, so a call on the same route as the last one writes nothing.
    SliceId last = route.equals(lastRoute.get(key)) ? route : lastRoute.put(key, route);
    SliceId previous = last != null ? last : preferred;
    if (!previous.equals(route) && (state(previous).health() == SliceHealth.UP || news(intent, previous, route))) {
      Instant now = clock.instant();
      int chooser = precedence.orElse(RESERVATION);
      log.info("{} traffic moved from {} to {} ({}){}", intent, previous, route,
          precedence.isPresent() ? "rule " + chooser : route.equals(preferred) ? "reserved by the plane"
              : "no rule matches", skipped.isEmpty() ? "" : ": " + skipped);
      Meters m = meters;
      if (m != null) {
        m.count("microevent.slices.failovers", "intent", intent.name(), "from", previous.value(), "to", route.value());
      }
      SliceFailoverEvent event = new SliceFailoverEvent(intent, chooser, previous, route, now);
      tell("a failover", l -> l.onFailover(event));
    }
    return new SliceRoute(route, precedence, skipped);
  }

  /**
   * Whether a move away from a slice that is not UP is a failover not reported yet (a move away
   * from an UP slice is a new choice, always reported). A flow remembers its route per rule and
   * per reservation, so a reservation removed or added back meets the move of one outage again
   * under another key; it is reported again only once one of its two routes changed health since
   * (a new outage, or a recovery and a new failover).
   */
  private boolean news(Intent intent, SliceId from, SliceId to) {
    Generations now = new Generations(state(from).generation(), state(to).generation());
    return !now.equals(reported.put(new Move(intent, from, to), now));
  }

  /**
   * Puts the plane's slice reservations into effect (one volatile write; routing reads them
   * without a lock).
   *
   * @param next the reservations; {@link SliceReservations#NONE} for the plan's rules alone
   */
  void reserve(SliceReservations next) {
    reservations = Objects.requireNonNull(next, "next");
  }

  /**
   * The {@code slices} section of the plane's config document, which reserves slices for intents.
   *
   * @param runtime the client's runtime, for its JSON codec and meters
   * @return the section, for {@code ModuleContext.addConfigSection}
   */
  public ConfigSection<?> reservationSection(ModuleRuntime runtime) {
    return new ReservationSection(this, runtime.intents(), runtime.json(), runtime.meters());
  }

  // ------------------------------------------------------------------ health

  private void hardFailure(SliceState st, String reason) {
    SliceHealthEvent event = st.transition(SliceHealth.DOWN, reason, clock.instant());
    if (event != null) {
      log.warn("slice {} is out: {}", st.id(), reason);
    }
    publish(event);
  }

  /**
   * Takes a slice out of service by hand; its probes bring it back once it works again.
   *
   * @param slice a slice of the plan, not the default network
   * @param reason why, for logs and listeners
   * @throws IllegalArgumentException for the default network or an unknown slice
   */
  public void reportOutage(SliceId slice, String reason) {
    Objects.requireNonNull(reason, "reason");
    if (slice.isDefaultNetwork()) {
      throw new IllegalArgumentException("the default network cannot be taken out; take out the slices instead");
    }
    publish(state(slice).transition(SliceHealth.DOWN, "reported: " + reason, clock.instant()));
  }

  private SliceState state(SliceId slice) {
    Objects.requireNonNull(slice, "slice");
    if (slice.isDefaultNetwork()) {
      return defaultState;
    }
    SliceState st = states.get(slice);
    if (st == null) {
      throw new IllegalArgumentException("unknown slice " + slice + "; the plan has " + states.keySet());
    }
    return st;
  }

  /**
   * A slice's health now.
   *
   * @param slice a slice of the plan, or the default network
   * @return its health
   * @throws IllegalArgumentException for an unknown slice
   */
  public SliceHealth health(SliceId slice) {
    return state(slice).health();
  }

  private void publish(@Nullable SliceHealthEvent event) {
    if (event == null) {
      return;
    }
    log.info("slice {} is {}: {}", event.slice(), event.to(), event.reason());
    Meters m = meters;
    if (m != null) {
      m.count("microevent.slices.health.transitions", "slice", event.slice().value(),
          "to", event.to().name().toLowerCase(Locale.ROOT));
    }
    tell("a health change", l -> l.onHealthChanged(event));
  }

  /** Runs one active probe of a slice and applies its result. */
  void probe(SliceState st) {
    st.probePending.set(false);
    Slice slice = Objects.requireNonNull(st.slice());
    SliceHealthConfig cfg = plan.health();
    InetSocketAddress proxy = slice.proxy().orElse(null);
    InetSocketAddress target = proxy != null ? proxy : slice.probeTarget().orElse(null);
    String failure = null;
    boolean hard = false;
    Socket socket = null;
    try {
      socket = new SliceSocketFactory(slice, null).createSocket();
    } catch (IOException | RuntimeException e) {
      failure = "local address not usable: " + describe(e);
      hard = true;
    }
    if (socket != null) {
      try (Socket s = socket) {
        if (target != null) {
          s.connect(target, (int) Math.max(1, cfg.probeTimeout().toMillis()));
        }
      } catch (IOException | RuntimeException e) {
        failure = (proxy != null ? "proxy " : "probe target ") + Objects.requireNonNull(target).getAddress()
            .getHostAddress() + ":" + target.getPort() + " refused or unreachable: " + describe(e);
        hard = proxy != null && e instanceof java.net.ConnectException;
      }
    }
    Meters m = meters;
    if (m != null) {
      m.count("microevent.slices.probes", "slice", st.id().value(), "result", failure == null ? "ok" : "failed");
    }
    Instant now = clock.instant();
    if (failure != null && hard) {
      publish(st.transition(SliceHealth.DOWN, failure, now));
    } else {
      publish(st.probed(failure == null, failure == null ? "ok" : failure, cfg.unhealthyThreshold(),
          cfg.healthyThreshold(), now));
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private void probeSoon(SliceState st) {
    if (scheduler == null || st.slice() == null || !needsProbe(st) || !st.probePending.compareAndSet(false, true)) {
      return;
    }
    try {
      io.execute(() -> probe(st));
    } catch (RejectedExecutionException closed) {
      st.probePending.set(false);
    }
  }

  // ------------------------------------------------------------------ passive

  /**
   * A path failure not judged yet: if the same call then succeeds through the same slice on
   * another plane, the slice worked and the failure was the plane's.
   */
  private record Suspect(SliceState state, String plane) {}

  /** The calling thread's suspects; the core runs a call's attempts and its end on the calling thread. */
  private final ThreadLocal<List<Suspect>> suspects = ThreadLocal.withInitial(ArrayList::new);

  @Override
  public void onAttempt(AttemptEvent event) {
    SliceState st = byBinding.get(event.binding());
    if (st == null) {
      return;
    }
    List<Suspect> open = suspects.get();
    if (event.attempt() == 1 && !open.isEmpty()) {
      convict(open); // left over from a call whose end this thread never saw
    }
    Outcome o = event.outcome();
    if (st.record(event.intent().name(), o, event.duration())) {
      open.add(new Suspect(st, event.plane().id()));
      if (st.passiveFailures.incrementAndGet() >= plan.health().suspicionThreshold()) {
        probeSoon(st);
      }
    } else {
      st.passiveFailures.set(0);
      st.judge(true);
      String plane = event.plane().id();
      open.removeIf(s -> s.state() == st && !s.plane().equals(plane));
    }
    Meters m = meters;
    MeterRegistry r = m == null ? null : m.meterRegistry().orElse(null);
    if (r != null) {
      timer(r, st.id().value(), event.intent().name(), o.tag())
          .record(event.duration());
    }
  }

  @Override
  public void onCall(CallEvent event) {
    List<Suspect> open = suspects.get();
    if (!open.isEmpty()) {
      convict(open);
    }
  }

  private static void convict(List<Suspect> open) {
    for (Suspect s : open) {
      s.state().judge(false);
    }
    open.clear();
  }

  /** Calls every listener; one that throws is logged and skipped. */
  private void tell(String what, java.util.function.Consumer<SliceListener> call) {
    for (SliceListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("slice listener {} threw on {}; skipped", l, what, e);
      }
    }
  }

  private Timer timer(MeterRegistry r, String slice, String intent, String outcome) {
    return timers.computeIfAbsent(new TimerKey(slice, intent, outcome), k -> Timer.builder("microevent.slices.attempts")
        .description("HTTP exchanges by the slice they left through")
        .tags("slice", slice, "intent", intent, "outcome", outcome)
        .register(r));
  }

  // ------------------------------------------------------------------ views

  /**
   * Adds a listener for outages, failovers and budget alerts.
   *
   * @param listener notified of every health transition, failover and budget alert
   */
  public void addListener(SliceListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** {@return the health, traffic and budget of every slice and the default network, now} */
  public SlicesSnapshot snapshot() {
    Instant now = clock.instant();
    List<dev.microevent.slices.SliceStatus> out = new ArrayList<>();
    for (SliceState st : allStates()) {
      out.add(st.status());
    }
    return new SlicesSnapshot(now, out);
  }

  @Override
  public String toString() {
    return "SliceSteering{" + plan + "}";
  }
}
