package dev.microevent.testkit.rehearsal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.internal.ReasonText;
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
import java.util.concurrent.atomic.AtomicReference;
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
 * with the traffic's own mix at its mean rate ({@link Builder#warmUp}; not judged, not charted),
 * starts the fault script and the traffic together, waits for the end, and closes the client.
 * The fault script's offsets are in run time (after the speed factor). Every call is judged and
 * charted at its intended start, the one time base of the report. Error budgets are sdk-core's
 * {@link dev.microevent.core.budget.ErrorBudget}s, fed with each call at its traffic time (run
 * offset times speed), so the multi-window burn-rate rules judge a 10x replay on the original
 * event's time line.
 *
 * <p>The verdict is {@link Verdict.Status#INCONCLUSIVE} when the load generator itself fell behind
 * its schedule by more than {@link Builder#maxGeneratorLag} (a busy or cold test machine): its
 * latencies and bursts would be the machine's, so it neither passes nor fails the configuration.
 * A rehearsal is not thread-safe; run one at a time.
 */
public final class Rehearsal {
  private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
  private static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(2);
  private static final Duration DEFAULT_MAX_GENERATOR_LAG = Duration.ofMillis(100);
  /** Warm-up rounds at most: the first, and more while the generator cannot keep the schedule. */
  private static final int WARM_UP_ROUNDS = 4;
  /** Distinct requests of a replay that the warm-up cycles through. */
  private static final int WARM_UP_REQUESTS = 500;

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
  private final Duration maxGeneratorLag;
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
    this.maxGeneratorLag = b.maxGeneratorLag;
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
    String warmedUp;
    List<FaultScript.Step> applied;
    Map<String, Plane.Kind> kinds = new HashMap<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rehearsal-faults");
      t.setDaemon(true);
      return t;
    });
    timeline.clear();
    try (MicroEventClient c = client.build()) {
      for (PlaneStatus p : c.planes()) {
        kinds.put(p.plane().id(), p.plane().kind());
      }
      // The fault script starts at time zero of the traffic's schedule, once the generator is ready.
      AtomicReference<FaultScript.@Nullable Run> run = new AtomicReference<>();
      LoadGenerator generator = generator(timeline.measured(c, () -> run.set(faults.start(scheduler))));
      warmedUp = warmUp(timeline.warmUp(c), generator.scheduledDuration());
      // Collect the warm-up's garbage now rather than in a pause during the measured run: a
      // stop-the-world pause freezes the generator too, for up to half a second on a busy machine.
      System.gc();
      log.info("rehearsal '{}' starts: {} with {} fault step(s)", name, generator.scheduledDuration(),
          faults.steps().size());
      try {
        report = generator.run();
      } finally {
        FaultScript.Run r = run.get();
        if (r != null) {
          r.close();
        }
      }
      FaultScript.Run r = run.get();
      applied = r == null ? List.of() : r.applied();
    } finally {
      scheduler.shutdownNow();
    }
    long sliceNanos = report.timeline().isEmpty() ? 1_000_000_000L : report.timeline().get(0).length().toNanos();
    List<CallTimeline.Call> calls = timeline.calls();
    List<Long> failovers = timeline.failoverOffsets();
    List<RouteSlice> routes = routes(report.timeline(), calls, failovers, sliceNanos, kinds);
    List<Marker> markers = markers(applied, routes, failovers, sliceNanos);
    Verdict verdict = judge(calls, report);
    RehearsalResult result = new RehearsalResult(name, report.startedAt(), report.description(), speed, settings,
        warmedUp, verdict, report, routes, markers);
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

  /**
   * Sends the traffic's own mix through the freshly built client at the run's mean rate (a quarter
   * of it, then half, then all of it for the second half; never more calls than the run's own
   * over the warm-up), so class loading, JIT compilation,
   * connection pools and threads of the client and the fakes are warm when the measured run starts.
   * Repeats while the generator could not keep the warm-up's schedule (the machine is still busy
   * compiling, or busy with something else), up to {@value #WARM_UP_ROUNDS} rounds.
   *
   * @return what was done, for the report
   */
  private String warmUp(LoadTarget target, Duration scheduled) {
    long arrivals = traffic != null ? traffic.size() : Objects.requireNonNull(profile).expectedArrivals();
    if (warmUp.isZero() || arrivals == 0) {
      return "none";
    }
    // The run's mean rate, but never more calls than the run itself (a replay of one burst).
    double rate = arrivals / Math.max(Math.max(1e-3, scheduled.toNanos() / 1e9), warmUp.toNanos() / 1e9);
    Duration quarter = warmUp.dividedBy(4);
    LoadProfile ramp = LoadProfile.builder().step(rate / 4, quarter).step(rate / 2, quarter)
        .step(rate, warmUp.minus(quarter).minus(quarter)).build();
    LoadGenerator.Builder g = LoadGenerator.builder().target(target).maxConcurrency(maxConcurrency)
        .drainTimeout(drainTimeout).profile(ramp);
    List<TrafficRecord> t = traffic;
    if (t != null) {
      List<TrafficRecord> sorted = new ArrayList<>(t);
      sorted.sort((a, b) -> a.offset().compareTo(b.offset()));
      for (TrafficRecord r : sorted.subList(0, Math.min(WARM_UP_REQUESTS, sorted.size()))) {
        g.request(r.intent(), r.toRequest());
      }
    } else {
      for (WeightedRequest w : requests) {
        g.request(w.intent, w.request, w.weight);
      }
    }
    LoadGenerator generator = g.build();
    long calls = 0;
    int round = 0;
    long late;
    do {
      round++;
      LoadReport warm = generator.run();
      calls += warm.offered();
      late = warm.lateArrivals(maxGeneratorLag);
      log.info("rehearsal '{}' warm-up round {}: {} calls, {} failed, {} sent more than {} ms late (max {} ms)", name,
          round, warm.offered(), warm.failed(), late, maxGeneratorLag.toMillis(), warm.generatorLag().max().toMillis());
    } while (late > 0 && round < WARM_UP_ROUNDS);
    return String.format(Locale.ROOT, "%d calls of the traffic's mix in %d round%s of %s s, ramping up to %.0f/s%s",
        calls, round, round == 1 ? "" : "s", fmtSeconds(warmUp), rate,
        late > 0 ? "; the generator still lagged in the last round" : "");
  }

  private static String fmtSeconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
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

  /**
   * Fault steps at their offsets; a failover at the intended start of the first call that failed
   * over, a failback at the start of the first slice without failovers after it.
   */
  private static List<Marker> markers(List<FaultScript.Step> applied, List<RouteSlice> routes, List<Long> failovers,
      long sliceNanos) {
    List<Marker> out = new ArrayList<>();
    for (FaultScript.Step s : applied) {
      out.add(new Marker(s.at(), Marker.Kind.FAULT, s.description()));
    }
    boolean failingOver = false;
    int next = 0;
    for (RouteSlice r : routes) {
      long sliceEnd = r.start().toNanos() + sliceNanos;
      long first = -1;
      while (next < failovers.size() && failovers.get(next) < sliceEnd) {
        first = first < 0 ? failovers.get(next) : first;
        next++;
      }
      if (!failingOver && r.failoverAttempts() > 0) {
        failingOver = true;
        Duration at = first >= 0 ? Duration.ofNanos(first) : r.start();
        out.add(new Marker(at, Marker.Kind.FAILOVER, "calls fail over to the central plane"));
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
        findings.add("availability " + ReasonText.compare(availability * 100, "is below the objective",
            o.slo().target() * 100, 3, "%") + " (" + bad + " of " + n + " calls failed)");
      }
      Duration latency = Duration.ZERO;
      Duration threshold = o.latencyThreshold();
      if (threshold != null) {
        IntentLoad load = report.byIntent().get(o.intent().name());
        latency = load == null ? Duration.ZERO : load.latency().percentile(o.latencyPercentile());
        if (latency.compareTo(threshold) > 0) {
          findings.add("p" + Objective.fmt(o.latencyPercentile()) + " latency " + ReasonText.compare(
              latency.toNanos() / 1e6, "is above the objective", threshold.toNanos() / 1e6, 0, " ms"));
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
    long late = report.lateArrivals(maxGeneratorLag);
    if (late > 0) {
      return new Verdict(Verdict.Status.INCONCLUSIVE, results, List.of(String.format(Locale.ROOT,
          "the load generator fell behind its schedule: %d of %d calls (%.1f %%) were sent more than %d ms late,"
              + " the latest %d ms late (median lag %.1f ms), so the latencies and bursts measured are the test"
              + " machine's, not the configuration's; run it again on a quieter machine or at a lower speed",
          late, report.offered(), 100.0 * late / Math.max(1, report.offered()), maxGeneratorLag.toMillis(),
          report.generatorLag().max().toMillis(), report.generatorLag().p50().toNanos() / 1e6)));
    }
    return new Verdict(allPassed ? Verdict.Status.PASSED : Verdict.Status.FAILED, results, List.of());
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
    private Duration warmUp = DEFAULT_WARM_UP;
    private Duration maxGeneratorLag = DEFAULT_MAX_GENERATOR_LAG;
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
     * How long to warm up before the measured run: the traffic's own mix (a replay's first 500
     * requests, or the load's mix) through the freshly built client at the run's mean rate,
     * ramping up over the first half, so that class loading, JIT compilation, connection pools
     * and threads of the client and the fakes do not pass for the configuration's behaviour;
     * repeated, up to four rounds in all, while the generator cannot keep the warm-up's schedule
     * (see {@link #maxGeneratorLag}). Default 2 s. The warm-up is not judged, charted or
     * faulted, but the fakes do receive its calls. {@code Duration.ZERO} turns it off (to
     * rehearse a cold start).
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
     * The most the load generator may fall behind its schedule: when any call of the measured run
     * is sent later than this after its intended time, the verdict is {@link
     * Verdict.Status#INCONCLUSIVE}, saying how late and how often, instead of passing or failing
     * the configuration on the machine's latencies and bursts. Default 100 ms.
     *
     * @param lag 1 ms or more
     * @return this builder
     */
    public Builder maxGeneratorLag(Duration lag) {
      Objects.requireNonNull(lag, "lag");
      if (lag.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("maxGeneratorLag must be 1 ms or more, got " + lag);
      }
      this.maxGeneratorLag = lag;
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
