package dev.microevent.testkit.rehearsal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.testkit.fault.FaultScript;
import dev.microevent.testkit.load.IntentLoad;
import dev.microevent.testkit.load.LoadGenerator;
import dev.microevent.testkit.load.LoadProfile;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.load.LoadTarget;
import dev.microevent.testkit.load.TimeSlice;
import dev.microevent.testkit.replay.TrafficRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dress rehearsal of a micro-event: traffic (a recorded traffic file replayed at a speed factor,
 * or a load profile) and a fault script run against a client configuration, judged against
 * per-intent {@link Objective}s and their error budgets, with a report a person can open.
 *
 * <pre>{@code
 * RehearsalResult result = Rehearsal.builder("pop-up at 10x")
 *     .client(MicroEventClient.builder()
 *         .addEdgePlane(edge.plane())
 *         .centralPlane(central.plane()))
 *     .replay(TrafficFile.read(Path.of("demo-traffic.ndjson")), 10)
 *     .faults(FaultScript.builder().outage(Duration.ofSeconds(1), Duration.ofSeconds(2), edge).build())
 *     .objective(Objective.of(Intent.PAYMENT, Slo.percent(99.9)).withLatency(99, Duration.ofSeconds(1)))
 *     .build()
 *     .run();
 * result.writeHtml(Path.of("target/rehearsal.html"));
 * }</pre>
 *
 * <p>{@link #run()} adds a listener to the given client builder, builds the client, warms it up
 * ({@link Builder#warmUp}), starts the fault script and the traffic together, waits for the end, and closes the client. The fault
 * script's offsets are in run time (after the speed factor). Error budgets are sdk-core's {@link
 * dev.microevent.core.budget.ErrorBudget}s, fed with each call at its traffic time (run offset times
 * speed), so the multi-window burn-rate rules judge a 10x replay on the original event's time line. A rehearsal
 * is not thread-safe; run one at a time.
 */
public final class Rehearsal {
  private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);

  private final String name;
  private final MicroEventClient.Builder client;
  private final @Nullable List<TrafficRecord> traffic;
  private final double speed;
  private final @Nullable LoadProfile profile;
  private final List<WeightedRequest> requests;
  private final FaultScript faults;
  private final List<Objective> objectives;
  private final int maxConcurrency;
  private final Duration drainTimeout;
  private final Duration warmUp;
  private final Map<String, String> settings;
  private final CallTimeline timeline = new CallTimeline();

  private record WeightedRequest(Intent intent, EdgeRequest request, int weight) {}

  private Rehearsal(Builder b, MicroEventClient.Builder client) {
    this.name = b.name;
    this.client = client;
    this.traffic = b.traffic;
    this.speed = b.traffic == null ? 1 : b.speed;
    this.profile = b.profile;
    this.requests = List.copyOf(b.requests);
    this.faults = b.faults;
    this.objectives = List.copyOf(b.objectives);
    this.maxConcurrency = b.maxConcurrency;
    this.drainTimeout = b.drainTimeout;
    this.warmUp = b.warmUp;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    client.addCallListener(timeline);
  }

  /**
   * A builder.
   *
   * @param name what is rehearsed, e.g. {@code "pop-up doors open at 10x"}
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Runs the rehearsal: builds the client, runs traffic and faults, closes the client, judges.
   *
   * @return the result with its verdict
   */
  public RehearsalResult run() {
    LoadReport report;
    List<FaultScript.Step> applied;
    Map<String, Plane.Kind> kinds = new HashMap<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rehearsal-faults");
      t.setDaemon(true);
      return t;
    });
    try (MicroEventClient c = client.build()) {
      for (PlaneStatus p : c.planes()) {
        kinds.put(p.plane().id(), p.plane().kind());
      }
      LoadGenerator generator = generator(LoadTarget.of(c));
      if (warmUp.compareTo(Duration.ZERO) > 0 && (traffic == null || !traffic.isEmpty())) {
        LoadReport warm = warmUpGenerator(LoadTarget.of(c)).run();
        log.info("rehearsal '{}' warmed up: {} calls, {} failed", name, warm.offered(), warm.failed());
      }
      log.info("rehearsal '{}' starts: {} with {} fault step(s)", name, generator.scheduledDuration(),
          faults.steps().size());
      timeline.start();
      FaultScript.Run run = faults.start(scheduler);
      try {
        report = generator.run();
      } finally {
        run.close();
      }
      applied = run.applied();
    } finally {
      scheduler.shutdownNow();
    }
    long sliceNanos = report.timeline().isEmpty() ? 1_000_000_000L : report.timeline().get(0).length().toNanos();
    List<CallTimeline.Call> calls = timeline.calls();
    List<RouteSlice> routes = routes(report.timeline(), calls, timeline.failoverOffsets(), sliceNanos, kinds);
    List<Marker> markers = markers(applied, routes);
    Verdict verdict = judge(calls, report);
    RehearsalResult result = new RehearsalResult(name, report.startedAt(), report.description(), speed, settings,
        verdict, report, routes, markers);
    log.info("{}", result);
    return result;
  }

  private LoadGenerator generator(LoadTarget target) {
    LoadGenerator.Builder g = LoadGenerator.builder().target(target).maxConcurrency(maxConcurrency)
        .drainTimeout(drainTimeout);
    List<TrafficRecord> t = traffic;
    if (t != null) {
      g.replay(t, speed);
    } else {
      g.profile(Objects.requireNonNull(profile));
      for (WeightedRequest w : requests) {
        g.request(w.intent, w.request, w.weight);
      }
    }
    return g.build();
  }

  /** Up to 50 calls spread over the warm-up: the traffic's first calls, or the load's mix. */
  private LoadGenerator warmUpGenerator(LoadTarget target) {
    double rate = 50 / (warmUp.toNanos() / 1e9);
    LoadGenerator.Builder g = LoadGenerator.builder().target(target).drainTimeout(drainTimeout)
        .profile(LoadProfile.constant(rate, warmUp));
    List<TrafficRecord> t = traffic;
    if (t != null) {
      for (TrafficRecord r : t.subList(0, Math.min(50, t.size()))) {
        g.request(r.intent(), r.toRequest());
      }
    } else {
      for (WeightedRequest w : requests) {
        g.request(w.intent, w.request, w.weight);
      }
    }
    return g.build();
  }

  private static List<RouteSlice> routes(List<TimeSlice> slices, List<CallTimeline.Call> calls, List<Long> failovers,
      long sliceNanos, Map<String, Plane.Kind> kinds) {
    int n = Math.max(1, slices.size());
    long[] edge = new long[n];
    long[] central = new long[n];
    long[] failed = new long[n];
    long[] fo = new long[n];
    for (CallTimeline.Call call : calls) {
      int i = (int) Math.min(n - 1, call.startOffsetNanos() / sliceNanos);
      if (call.outcome() != Outcome.SUCCESS) {
        failed[i]++;
      } else if (call.planeId() != null && kinds.get(call.planeId()) == Plane.Kind.CENTRAL) {
        central[i]++;
      } else {
        edge[i]++;
      }
    }
    for (long f : failovers) {
      fo[(int) Math.min(n - 1, f / sliceNanos)]++;
    }
    List<RouteSlice> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new RouteSlice(Duration.ofNanos(i * sliceNanos), edge[i], central[i], failed[i], fo[i]));
    }
    return out;
  }

  private static List<Marker> markers(List<FaultScript.Step> applied, List<RouteSlice> routes) {
    List<Marker> out = new ArrayList<>();
    for (FaultScript.Step s : applied) {
      out.add(new Marker(s.at(), Marker.Kind.FAULT, s.description()));
    }
    boolean failingOver = false;
    for (RouteSlice r : routes) {
      if (!failingOver && r.failoverAttempts() > 0) {
        failingOver = true;
        out.add(new Marker(r.start(), Marker.Kind.FAILOVER, "calls fail over to the central plane"));
      } else if (failingOver && r.failoverAttempts() == 0) {
        failingOver = false;
        out.add(new Marker(r.start(), Marker.Kind.FAILBACK, "calls are served by the edge again"));
      }
    }
    out.sort((a, b) -> a.at().compareTo(b.at()));
    return out;
  }

  private Verdict judge(List<CallTimeline.Call> calls, LoadReport report) {
    List<ObjectiveResult> results = new ArrayList<>();
    boolean allPassed = true;
    for (Objective o : objectives) {
      long count = 0;
      List<CallTimeline.Call> eligible = new ArrayList<>();
      for (CallTimeline.Call call : calls) {
        if (call.intent().equals(o.intent())) {
          count++;
          if (call.outcome() != Outcome.CLIENT_ERROR && call.outcome() != Outcome.SHED) {
            eligible.add(call);
          }
        }
      }
      long[] times = new long[eligible.size()];
      boolean[] badFlags = new boolean[eligible.size()];
      long bad = 0;
      for (int i = 0; i < times.length; i++) {
        times[i] = (long) (eligible.get(i).startOffsetNanos() * speed / 1e6);
        badFlags[i] = eligible.get(i).outcome() != Outcome.SUCCESS;
        bad += badFlags[i] ? 1 : 0;
      }
      long n = times.length;
      double availability = n == 0 ? 1 : (double) (n - bad) / n;
      double spent = bad == 0 ? 0 : bad / Math.max(o.slo().budget() * n, 1e-9);
      double burn = n == 0 ? 0 : ((double) bad / n) / o.slo().budget();
      List<String> findings = new ArrayList<>();
      if (availability < o.slo().target()) {
        findings.add(String.format(Locale.ROOT, "availability %.3f%% is below the objective %.3f%% (%d of %d calls failed)",
            availability * 100, o.slo().target() * 100, bad, n));
      }
      Duration latency = Duration.ZERO;
      Duration threshold = o.latencyThreshold();
      if (threshold != null) {
        IntentLoad load = report.byIntent().get(o.intent().name());
        latency = load == null ? Duration.ZERO : load.latency().percentile(o.latencyPercentile());
        if (latency.compareTo(threshold) > 0) {
          findings.add(String.format(Locale.ROOT, "p%s latency %d ms is above the objective %d ms",
              Objective.fmt(o.latencyPercentile()), latency.toMillis(), threshold.toMillis()));
        }
      }
      if (count == 0) {
        findings.add("no calls of this intent were made");
      }
      boolean passed = findings.isEmpty();
      allPassed &= passed;
      results.add(new ObjectiveResult(o, count, n, bad, availability, spent, burn,
          BurnRates.peak(times, badFlags, o.slo()), latency, passed, findings));
    }
    return new Verdict(allPassed, results);
  }

  /** Builds a {@link Rehearsal}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private MicroEventClient.@Nullable Builder client;
    private @Nullable List<TrafficRecord> traffic;
    private double speed = 1;
    private @Nullable LoadProfile profile;
    private final List<WeightedRequest> requests = new ArrayList<>();
    private FaultScript faults = FaultScript.none();
    private final List<Objective> objectives = new ArrayList<>();
    private int maxConcurrency = 1024;
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Duration warmUp = Duration.ofSeconds(1);
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.length() > 200) {
        throw new IllegalArgumentException("name must be 1..200 characters");
      }
      this.name = name;
    }

    /**
     * The client configuration to rehearse. Required. {@link #build()} adds the rehearsal's call
     * listener to it; each run builds (and closes) one client from it.
     *
     * @param builder a configured client builder
     * @return this builder
     */
    public Builder client(MicroEventClient.Builder builder) {
      this.client = Objects.requireNonNull(builder, "builder");
      return this;
    }

    /**
     * Replays recorded traffic.
     *
     * @param traffic the records, e.g. {@code TrafficFile.read(path)}
     * @param speed 1 for real time, 10 for ten times faster (peak rehearsal)
     * @return this builder
     */
    public Builder replay(List<TrafficRecord> traffic, double speed) {
      this.traffic = List.copyOf(Objects.requireNonNull(traffic, "traffic"));
      this.speed = speed;
      return this;
    }

    /**
     * Generates load instead of replaying: a rate profile and a weighted request mix.
     *
     * @param profile the arrival rate over time
     * @return this builder
     */
    public Builder load(LoadProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Adds a request to the generated load's mix.
     *
     * @param intent its intent
     * @param request the request
     * @param weight 1..1000
     * @return this builder
     */
    public Builder request(Intent intent, EdgeRequest request, int weight) {
      requests.add(new WeightedRequest(Objects.requireNonNull(intent, "intent"),
          Objects.requireNonNull(request, "request"), weight));
      return this;
    }

    /**
     * The faults to run alongside the traffic; default none. Offsets are in run time.
     *
     * @param script the script
     * @return this builder
     */
    public Builder faults(FaultScript script) {
      this.faults = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * Adds an objective the verdict checks.
     *
     * @param objective the objective
     * @return this builder
     */
    public Builder objective(Objective objective) {
      objectives.add(Objects.requireNonNull(objective, "objective"));
      return this;
    }

    /**
     * Most calls in flight at once; default 1024.
     *
     * @param max 1..10,000
     * @return this builder
     */
    public Builder maxConcurrency(int max) {
      this.maxConcurrency = max;
      return this;
    }

    /**
     * How long to wait for calls in flight after the traffic ends; default 30 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sends about 50 calls (the traffic's first calls, or the load's mix) through the freshly
     * built client before the measured run, so JIT compilation, connection set-up and thread
     * start-up of the client and the fakes do not pass for the system's behaviour; default 1 s.
     * The warm-up is not judged, reported or faulted, but the fakes do receive its calls.
     * {@code Duration.ZERO} turns it off (to rehearse a cold start).
     *
     * @param duration zero, or 100 ms or more
     * @return this builder
     */
    public Builder warmUp(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (!duration.isZero() && duration.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException("warm-up must be zero or at least 100 ms, got " + duration);
      }
      this.warmUp = duration;
      return this;
    }

    /**
     * Notes a setting of the rehearsed configuration, shown in the reports in the order given (a
     * client builder cannot be read back, and a reader comparing two reports needs to see what
     * differed), e.g. {@code setting("failover cap", "60 calls/s")}. Setting a name again replaces
     * its value.
     *
     * @param name what the setting is, 1..80 characters
     * @param value its value, at most 200 characters
     * @return this builder
     */
    public Builder setting(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank() || name.length() > 80 || value.length() > 200) {
        throw new IllegalArgumentException("a setting needs a name of 1..80 and a value of at most 200 characters");
      }
      settings.put(name, value);
      return this;
    }

    /**
     * Builds the rehearsal.
     *
     * @return the rehearsal
     * @throws IllegalStateException if the client, or exactly one of replay and load, is missing
     */
    public Rehearsal build() {
      MicroEventClient.Builder c = client;
      if (c == null) {
        throw new IllegalStateException("set the client configuration: client(MicroEventClient.builder()...)");
      }
      if ((traffic == null) == (profile == null)) {
        throw new IllegalStateException("set exactly one of replay(...) and load(...)");
      }
      Rehearsal rehearsal = new Rehearsal(this, c);
      rehearsal.generator((intent, request) -> { }); // fails now, not at run time, on bad traffic settings
      return rehearsal;
    }
  }
}
