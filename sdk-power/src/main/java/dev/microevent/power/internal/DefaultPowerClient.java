package dev.microevent.power.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ModeChange;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.Subscription;
import dev.microevent.core.internal.Periodic;
import dev.microevent.power.NutErrorException;
import dev.microevent.power.PowerAlert;
import dev.microevent.power.PowerClient;
import dev.microevent.power.PowerEstimate;
import dev.microevent.power.PowerListener;
import dev.microevent.power.PowerLoad;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSource;
import dev.microevent.power.PowerSourceException;
import dev.microevent.power.PowerStatus;
import dev.microevent.power.SourceState;
import dev.microevent.power.SourceStatus;
import dev.microevent.power.VeDirectSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the sources on the scheduler, estimates the budget, runs the policy, proposes the mode
 * (to bound sinks and the core client) and tells listeners. Rounds are serialized.
 */
public final class DefaultPowerClient implements PowerClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultPowerClient.class);

  private final PowerSettings settings;
  private final Clock clock;
  private final List<PowerSource> sources;
  private final List<Tracked> tracked = new ArrayList<>();
  private final PolicyEngine engine;
  private final PowerMeters meters;
  private final List<PowerListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ServiceModeSource.ModeSink> sinks = new CopyOnWriteArrayList<>();
  private final List<RoleHook> hooks = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Periodic polling;
  private final @Nullable Subscription coreListener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object roundLock = new Object();
  private volatile PowerStatus status;
  private volatile ServiceMode proposed = ServiceMode.NORMAL;
  private volatile String proposedReason = "power budget not evaluated yet";

  /** Per-source state across rounds; guarded by roundLock. */
  private static final class Tracked {
    final PowerSource source;
    SourceState state = SourceState.UNKNOWN;
    @Nullable PowerReading last;
    @Nullable String problem;

    Tracked(PowerSource source) {
      this.source = source;
    }

    SourceView view() {
      return new SourceView(source.id(), state, last, source.battery().orElse(null));
    }

    SourceStatus status() {
      return new SourceStatus(source.id(), state, last, problem);
    }
  }

  /** One pause/resume hook. */
  private static final class RoleHook {
    final Criticality role;
    final Runnable pause;
    final Runnable resume;
    boolean paused;

    RoleHook(Criticality role, Runnable pause, Runnable resume) {
      this.role = role;
      this.pause = pause;
      this.resume = resume;
    }

    synchronized void apply(ServiceMode mode) {
      boolean shed = !mode.admits(role);
      if (shed == paused) {
        return;
      }
      paused = shed;
      try {
        (shed ? pause : resume).run();
      } catch (RuntimeException e) {
        log.warn("power hook for {} work threw on {}; it is skipped", role, shed ? "pause" : "resume", e);
      }
    }
  }

  /**
   * Builds and starts a client; use {@link PowerClient#builder()}.
   *
   * @param settings what the builder collected
   */
  public DefaultPowerClient(PowerSettings settings) {
    this.settings = settings;
    this.clock = settings.clock();
    this.engine = new PolicyEngine(settings.policy());
    List<PowerSource> all = new ArrayList<>(settings.sources());
    for (PowerSettings.Simulated sim : settings.simulated()) {
      all.add(new SimulatedSource(sim.id(), sim.profile(), clock,
          settings.loads().isEmpty() ? null : () -> admittedDraw(appliedMode())));
    }
    this.sources = List.copyOf(all);
    for (PowerSource s : sources) {
      tracked.add(new Tracked(s));
    }
    listeners.addAll(settings.listeners());
    Instant now = clock.instant();
    this.status = snapshot(estimate(views(), now), now);
    List<VeDirectSource> veDirect = new ArrayList<>();
    for (PowerSource s : sources) {
      if (s instanceof VeDirectSource v) {
        veDirect.add(v);
      }
    }
    this.meters = new PowerMeters(settings.registry(), () -> status, sources.stream().map(PowerSource::id).toList(),
        veDirect);
    MicroEventClient core = settings.core();
    this.coreListener = core == null ? null : core.modes().addListener(change -> applyHooks(change.to()));
    ScheduledExecutorService given = settings.scheduler();
    this.ownsScheduler = given == null;
    this.scheduler = given != null ? given : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "microevent-power");
      t.setDaemon(true);
      return t;
    });
    this.polling = Periodic.every(scheduler, Duration.ZERO, settings.pollInterval(), "power polling round",
        this::refresh);
    log.debug("power client started: {} source(s), {} load(s), polling every {}", sources.size(),
        settings.loads().size(), settings.pollInterval());
  }

  private ServiceMode appliedMode() {
    MicroEventClient core = settings.core();
    return core != null ? core.modes().current().mostSevere(proposed) : proposed;
  }

  private double admittedDraw(ServiceMode mode) {
    double sum = 0;
    for (PowerLoad l : settings.loads()) {
      if (mode.admits(l.role())) {
        sum += l.watts();
      }
    }
    return sum;
  }

  @Override
  public PowerStatus refresh() {
    // One lock for the whole round, announcements included: two rounds (the scheduled one and an
    // app's refresh) must not tell the core their modes in the opposite order of deciding them, and
    // a round must not propose after close() withdrew the proposal.
    synchronized (roundLock) {
      if (closed.get()) {
        return status;
      }
      List<PowerAlert> alerts = new ArrayList<>();
      ModeChange change = null;
      Instant now = clock.instant();
      for (Tracked t : tracked) {
        if (closed.get()) {
          return status; // close() ended this round's reads: it decides nothing
        }
        poll(t, now, alerts);
      }
      if (closed.get()) {
        return status;
      }
      List<SourceView> views = views();
      PowerEstimate est = estimate(views, now);
      PolicyEngine.Decision d = engine.evaluate(est, views, now);
      alerts.addAll(d.alerts());
      if (d.mode() != proposed) {
        change = new ModeChange(proposed, d.mode(), settings.modeSourceName(), d.reason(), now);
        proposed = d.mode();
      }
      proposedReason = d.reason();
      PowerStatus next = snapshot(est, now);
      status = next;
      if (change != null) {
        announce(change);
      }
      for (PowerAlert a : alerts) {
        log.warn("power alert {} ({}): {}", a.kind(), a.source(), a.message());
        meters.alert(a);
        tell(l -> l.onAlert(a));
      }
      tell(l -> l.onStatus(next));
      return next;
    }
  }

  private void poll(Tracked t, Instant now, List<PowerAlert> alerts) {
    SourceState before = t.state;
    try {
      PowerReading r = t.source.read();
      Duration age = Duration.between(r.observedAt(), now);
      if (age.compareTo(settings.staleAfter()) > 0) {
        t.state = SourceState.STALE;
        t.problem = "latest reading is " + age.toSeconds() + " s old (limit " + settings.staleAfter().toSeconds() + " s)";
      } else {
        t.last = r;
        t.problem = null;
        t.state = r.present() ? SourceState.FRESH : SourceState.ABSENT;
      }
    } catch (PowerSourceException | NutErrorException e) {
      t.state = SourceState.STALE;
      t.problem = e.getMessage();
    } catch (RuntimeException e) {
      t.state = SourceState.STALE;
      t.problem = "source threw " + e.getClass().getSimpleName();
      log.warn("power source {} threw; its data counts as stale", t.source.id(), e);
    }
    String id = t.source.id();
    if (t.state == SourceState.STALE && before != SourceState.STALE) {
      alerts.add(new PowerAlert(PowerAlert.Kind.SOURCE_STALE, id, "source " + id + " is stale: " + t.problem, now));
    } else if (before == SourceState.STALE && t.state != SourceState.STALE) {
      alerts.add(new PowerAlert(PowerAlert.Kind.SOURCE_RECOVERED, id, "source " + id + " gives fresh data again", now));
    }
    if (t.state == SourceState.ABSENT && before != SourceState.ABSENT) {
      alerts.add(new PowerAlert(PowerAlert.Kind.PACK_REMOVED, id, "pack " + id + " was pulled out", now));
    } else if (before == SourceState.ABSENT && t.state == SourceState.FRESH) {
      alerts.add(new PowerAlert(PowerAlert.Kind.PACK_INSERTED, id, "pack " + id + " is back"
          + Optional.ofNullable(t.last).flatMap(r -> r.chargePercent().isPresent()
              ? Optional.of(String.format(java.util.Locale.ROOT, " at %.0f %%", r.chargePercent().getAsDouble()))
              : Optional.empty()).orElse(""), now));
    }
  }

  private List<SourceView> views() {
    List<SourceView> v = new ArrayList<>();
    for (Tracked t : tracked) {
      v.add(t.view());
    }
    return v;
  }

  private PowerEstimate estimate(List<SourceView> views, Instant now) {
    return BudgetCalculator.estimate(views, settings.loads(), appliedMode(), now, settings.policy().mainsCoverDraw());
  }

  private PowerStatus snapshot(PowerEstimate est, Instant now) {
    List<SourceStatus> s = new ArrayList<>();
    for (Tracked t : tracked) {
      s.add(t.status());
    }
    return new PowerStatus(proposed, proposedReason, est, s, now);
  }

  private void announce(ModeChange change) {
    log.info("power proposes {} (was {}): {}", change.to(), change.from(), change.reason());
    meters.modeChanged(change.to());
    for (ServiceModeSource.ModeSink sink : sinks) {
      sink.propose(change.to(), change.reason());
    }
    MicroEventClient core = settings.core();
    if (core != null) {
      core.modes().propose(settings.modeSourceName(), change.to(), change.reason());
    } else {
      applyHooks(change.to());
    }
    tell(l -> l.onModeChange(change));
  }

  private void applyHooks(ServiceMode mode) {
    for (RoleHook h : hooks) {
      h.apply(mode);
    }
  }

  private interface Call {
    void on(PowerListener l);
  }

  private void tell(Call call) {
    for (PowerListener l : listeners) {
      try {
        call.on(l);
      } catch (RuntimeException e) {
        log.warn("power listener {} threw; it is skipped", l, e);
      }
    }
  }

  @Override
  public PowerStatus status() {
    return status;
  }

  @Override
  public ServiceMode mode() {
    return proposed;
  }

  @Override
  public ServiceModeSource modeSource() {
    return new ServiceModeSource() {
      @Override
      public String name() {
        return settings.modeSourceName();
      }

      @Override
      public void bind(ModeSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (roundLock) { // in order with the rounds' announcements and with close()
          if (closed.get()) {
            return; // a closed client proposes nothing
          }
          sinks.add(sink);
          if (proposed != ServiceMode.NORMAL) {
            sink.propose(proposed, proposedReason);
          }
        }
      }
    };
  }

  @Override
  public Optional<PowerSource> source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  @Override
  public Subscription addListener(PowerListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public Subscription pauseWhileShed(Criticality role, Runnable pause, Runnable resume) {
    RoleHook hook = new RoleHook(Objects.requireNonNull(role, "role"), Objects.requireNonNull(pause, "pause"),
        Objects.requireNonNull(resume, "resume"));
    synchronized (roundLock) {
      if (closed.get()) {
        return () -> { }; // power no longer decides: nothing to pause
      }
      hooks.add(hook);
      hook.apply(appliedMode());
    }
    return () -> hooks.remove(hook);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    polling.close();
    // Closing the sources first ends a round blocked on a slow server at once (their sockets close);
    // that round then decides nothing.
    for (PowerSource s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing power source {} failed", s.id(), e);
      }
    }
    synchronized (roundLock) { // waits for the round in progress to unwind before we withdraw
      String why = "power client closed";
      if (proposed != ServiceMode.NORMAL) {
        for (ServiceModeSource.ModeSink sink : sinks) {
          sink.propose(ServiceMode.NORMAL, why);
        }
      }
      MicroEventClient core = settings.core();
      if (core != null) {
        core.modes().withdraw(settings.modeSourceName()); // power no longer has a say; resumes hooks it frees
      } else {
        applyHooks(ServiceMode.NORMAL); // work power paused runs again once power no longer decides
      }
      if (coreListener != null) {
        coreListener.close();
      }
      hooks.clear();
      meters.close();
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    log.debug("power client closed");
  }

  @Override
  public String toString() {
    return "PowerClient{" + sources.size() + " source(s), mode " + proposed + "}";
  }
}
