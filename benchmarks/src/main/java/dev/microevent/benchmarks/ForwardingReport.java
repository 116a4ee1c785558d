package dev.microevent.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.microevent.benchmarks.OverheadReport.Diff;
import dev.microevent.benchmarks.OverheadReport.Run;
import dev.microevent.benchmarks.OverheadReport.Stats;
import dev.microevent.plane.EdgePlaneServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.HdrHistogram.Histogram;

/**
 * The edge plane's forwarding path against a direct call to the central plane, in one run, on
 * loopback: throughput (calls/s) and latency percentiles with 1, 16 and 64 concurrent callers, in
 * two deployment shapes ({@link Scenario}):
 *
 * <ul>
 *   <li><b>plane cost</b>: "central" is the {@link CannedHttpServer} answering at once (one NIO
 *       thread, a few microseconds per request), so what the plane adds is what is measured: its
 *       Jetty front, its routing, its own SDK client toward central and the second loopback hop.
 *       Callers, plane and central share the machine's cores, so the throughput ratio is bounded
 *       by CPU accounting: it cannot exceed direct CPU per call / plane CPU per call (both the
 *       whole JVM's), printed beside it.
 *   <li><b>central far away</b>: the same server answers each request {@code -DcentralDelayMs}
 *       (default {@value #DEFAULT_CENTRAL_DELAY_MS}) after it arrived, as a central plane across a
 *       WAN does, without holding a thread per request; the plane is then one more hop in front
 *       of a far answer, which is how a venue deploys it.
 * </ul>
 *
 * <p>The callers are raw OkHttp (configured like {@link Clients#rawOkHttp}, with a connection pool
 * as wide as the most callers), the same client on both sides: {@code GET /v1/item} straight to
 * central, or to an {@link EdgePlaneServer} on embedded defaults whose central plane is that
 * server (forwarded as READ).
 *
 * <p>Every caller runs closed-loop (a call, then the next); each call started in the measured
 * window is timed (HdrHistogram, microseconds), after a warm-up. Direct and plane alternate, round
 * after round, their order swapped each round, in one JVM, so a machine that gets busier or quieter
 * moves both sides. The report prints per scenario and caller count both throughputs and their
 * ratio, p50 / p99 / p99.9 of both and the p99 the plane adds (means over rounds with the 95 % CI),
 * the whole JVM's CPU time per call, and the verdicts on the targets (plane/direct throughput at
 * least {@value #THROUGHPUT_TARGET}x, p99 added at most {@value #P99_ADDED_TARGET_MS} ms) from the
 * CI over rounds, for both scenarios; the CPU other processes used is named beside them. Text and
 * JSON go to {@code bench-results/} beside the jar ({@link BenchResults}).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.ForwardingReport          # 3 rounds, ~7 min
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.ForwardingReport quick    # 1 round, ~1.5 min
 * }</pre>
 *
 * {@code -Drounds=N} sets the rounds, {@code -DcentralDelayMs=N} the far central's delay (0 leaves
 * the far scenario out), {@code -Dscenarios=far} or {@code -Dscenarios=plane-cost} runs one scenario
 * alone (more rounds of one in the same time), {@code --out DIR} where the results go.
 */
public final class ForwardingReport {
  /** Targets from the edge-plane issue. */
  static final double THROUGHPUT_TARGET = 0.8;
  static final double P99_ADDED_TARGET_MS = 2.0;

  /** The far central's delay unless {@code -DcentralDelayMs} says otherwise. */
  static final int DEFAULT_CENTRAL_DELAY_MS = 20;

  private static final int[] CALLERS = {1, 16, 64};
  private static final String DIRECT = "direct";
  private static final String PLANE = "plane";
  private static final String PATH = "/v1/item";

  /** How long each part runs. */
  record Profile(String name, int rounds, Duration warmup, Duration measured) {
    boolean judged() {
      return !name.equals("quick");
    }
  }

  /**
   * One deployment shape: how long central takes to answer.
   *
   * @param key the name in the JSON ({@code part} of each run, prefix of each figure)
   * @param title the heading in the text
   * @param centralDelay how long after a request central answers
   */
  record Scenario(String key, String title, Duration centralDelay) {
    boolean cpuBound() {
      return centralDelay.isZero();
    }
  }

  static final Scenario PLANE_COST = new Scenario("plane-cost",
      "Plane cost: central on loopback answering at once (callers, plane and central share the cores)", Duration.ZERO);

  static Scenario far(int delayMs) {
    return new Scenario("central-" + delayMs + "ms", "Central " + delayMs + " ms away (each answer written "
        + delayMs + " ms after its request): the deployment shape", Duration.ofMillis(delayMs));
  }

  static final Profile FULL = new Profile("full", 3, Duration.ofSeconds(4), Duration.ofSeconds(6));
  static final Profile QUICK = new Profile("quick", 1, Duration.ofSeconds(2), Duration.ofSeconds(3));

  private final Profile profile;
  private final List<Scenario> scenarios;
  private final PrintStream out;
  private final List<Run> runs = new ArrayList<>();
  private final Map<String, Double> loadAverages = new LinkedHashMap<>();
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ForwardingReport(Profile profile, List<Scenario> scenarios, PrintStream out) {
    this.profile = profile;
    this.scenarios = scenarios;
    this.out = out;
  }

  /**
   * Runs the comparison and reports.
   *
   * @param args {@code quick} or {@code full} (default), {@code --out DIR}
   * @throws IOException if a server cannot start or the results cannot be written
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Profile profile = FULL;
    Path outDir = BenchResults.defaultOutDir();
    for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
      String a = it.next();
      switch (a) {
        case "quick" -> profile = QUICK;
        case "full" -> profile = FULL;
        case "--out" -> {
          if (!it.hasNext()) {
            throw new IllegalArgumentException("--out needs a directory");
          }
          outDir = Path.of(it.next());
        }
        default -> throw new IllegalArgumentException("unknown argument " + a + " (quick, full, --out DIR)");
      }
    }
    Integer rounds = Integer.getInteger("rounds");
    if (rounds != null) {
      profile = new Profile(profile.name(), Math.max(1, rounds), profile.warmup(), profile.measured());
    }
    int delayMs = Integer.getInteger("centralDelayMs", DEFAULT_CENTRAL_DELAY_MS);
    if (delayMs < 0 || delayMs > 10_000) {
      throw new IllegalArgumentException("centralDelayMs must be within 0..10000, got " + delayMs);
    }
    List<Scenario> scenarios = switch (System.getProperty("scenarios", "both")) {
      case "both" -> delayMs == 0 ? List.of(PLANE_COST) : List.of(PLANE_COST, far(delayMs));
      case "plane-cost" -> List.of(PLANE_COST);
      case "far" -> {
        if (delayMs == 0) {
          throw new IllegalArgumentException("-Dscenarios=far needs a central delay above 0");
        }
        yield List.of(far(delayMs));
      }
      default -> throw new IllegalArgumentException(
          "scenarios must be both, far or plane-cost, got " + System.getProperty("scenarios"));
    };
    new ForwardingReport(profile, scenarios, out).run(outDir);
  }

  private void run(Path outDir) throws IOException {
    Instant started = Instant.now();
    load("start");
    out.printf(Locale.ROOT, "forwarding %s run: %d round(s) of %s warm-up and %s measured per side and caller count, "
        + "scenarios %s%n", profile.name(), profile.rounds(), profile.warmup(), profile.measured(),
        scenarios.stream().map(Scenario::key).toList());
    boolean first = true;
    for (Scenario scenario : scenarios) {
      out.println(scenario.title());
      try (CannedHttpServer central = CannedHttpServer.start(scenario.centralDelay());
          EdgePlaneServer plane = EdgePlaneServer.builder().port(0).centralUri(central.baseUri()).start()) {
        if (first) {
          // Both paths once, unmeasured, so the JIT's first compilations land in no side's figures.
          measure(scenario, DIRECT, central.baseUri(), 16, 0);
          measure(scenario, PLANE, plane.uri(), 16, 0);
          first = false;
        }
        for (int round = 1; round <= profile.rounds(); round++) {
          for (int callers : CALLERS) {
            String[] order = round % 2 == 1 ? new String[] {DIRECT, PLANE} : new String[] {PLANE, DIRECT};
            for (String side : order) {
              Run r = measure(scenario, side, side.equals(DIRECT) ? central.baseUri() : plane.uri(), callers, round);
              runs.add(r);
              out.printf(Locale.ROOT, "  round %d  %-6s %3d caller(s)  %,10.0f calls/s  p50 %6.2f  p99 %6.2f ms  "
                      + "CPU %6.1f us/call  errors %.0f  others %.2f cores%n", round, side, callers, r.score(),
                  r.get("p50"), r.get("p99"), r.get("cpu.all"), r.get("errors"), r.get("machine.others"));
            }
          }
        }
      }
    }
    load("end");
    BenchResults results = report(started);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", 2);
    doc.put("started", started.toString());
    doc.put("mode", "forwarding-" + profile.name());
    doc.put("commit", BenchResults.gitCommit());
    doc.put("profile", Map.of("rounds", profile.rounds(), "warmup", profile.warmup().toString(), "measured",
        profile.measured().toString()));
    doc.put("scenarios", scenarios.stream().map(s -> Map.of("key", s.key(), "title", s.title(), "centralDelayMs",
        s.centralDelay().toMillis())).toList());
    doc.put("environment", BenchResults.environment(loadAverages));
    doc.put("verdicts", results.verdicts());
    doc.put("figures", results.figures());
    doc.put("runs", BenchResults.runs(runs));
    BenchResults.write(outDir, started, "forwarding-" + profile.name(), results.text(), doc, out);
  }

  private void load(String when) {
    loadAverages.put(when, os.getSystemLoadAverage());
  }

  /** One side with this many closed-loop callers: warm-up, then the measured window. */
  private Run measure(Scenario scenario, String side, URI base, int callers, int round) {
    OkHttpClient client = Clients.rawOkHttp(null).newBuilder()
        .connectionPool(new ConnectionPool(CALLERS[CALLERS.length - 1], 5, TimeUnit.MINUTES))
        .build();
    Request request = new Request.Builder().url(base.resolve(PATH).toString()).build();
    long t0 = System.nanoTime();
    long from = t0 + profile.warmup().toNanos();
    long until = from + profile.measured().toNanos();
    Caller[] threads = new Caller[callers];
    for (int i = 0; i < callers; i++) {
      threads[i] = new Caller(client, request, from, until, side + "-caller-" + i);
      threads[i].start();
    }
    parkUntil(from);
    long cpuBefore = os.getProcessCpuTime();
    long[] machineBefore = CallProfiler.machineTicks();
    parkUntil(until);
    long cpu = os.getProcessCpuTime() - cpuBefore;
    double others = CallProfiler.othersCores(machineBefore, CallProfiler.machineTicks(), cpu, until - from);
    Histogram all = new Histogram(3);
    long errors = 0;
    Throwable first = null;
    for (Caller c : threads) {
      try {
        c.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the callers finish", e);
      }
      all.add(c.latencies);
      errors += c.errors;
      if (first == null) {
        first = c.firstFailure.get();
      }
    }
    if (first != null) {
      out.println("    a failed call (" + side + "): " + first);
    }
    Clients.close(client);
    long calls = all.getTotalCount();
    double seconds = (until - from) / 1e9;
    Map<String, Double> secondary = new LinkedHashMap<>();
    secondary.put("p50", all.getValueAtPercentile(50) / 1000.0);
    secondary.put("p99", all.getValueAtPercentile(99) / 1000.0);
    secondary.put("p999", all.getValueAtPercentile(99.9) / 1000.0);
    secondary.put("cpu.all", calls == 0 ? Double.NaN : cpu / 1000.0 / calls);
    secondary.put("errors", (double) errors);
    secondary.put("machine.others", others);
    return new Run(scenario.key(), side, callers, round, calls / seconds, Double.NaN, "calls/s", secondary);
  }

  private static void parkUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** One closed-loop caller: times every call that starts inside [from, until). */
  private static final class Caller extends Thread {
    final Histogram latencies = new Histogram(3);
    final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    long errors;
    private final OkHttpClient client;
    private final Request request;
    private final long from;
    private final long until;

    Caller(OkHttpClient client, Request request, long from, long until, String name) {
      super(name);
      setDaemon(true);
      this.client = client;
      this.request = request;
      this.from = from;
      this.until = until;
    }

    @Override
    public void run() {
      for (long start = System.nanoTime(); start < until; start = System.nanoTime()) {
        boolean ok;
        try {
          OverheadBenchmark.get(client, request);
          ok = true;
        } catch (IOException | RuntimeException e) {
          firstFailure.compareAndSet(null, e);
          ok = false;
        }
        if (start >= from) {
          if (ok) {
            latencies.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
          } else {
            errors++;
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ reporting

  private List<Run> of(Scenario scenario, String side, int callers) {
    return runs.stream().filter(r -> r.part().equals(scenario.key()) && r.benchmark().equals(side)
        && r.callers() == callers).toList();
  }

  private BenchResults report(Instant started) {
    BenchResults r = new BenchResults();
    double others = Stats.mean(runs.stream().mapToDouble(x -> x.get("machine.others"))
        .filter(d -> !Double.isNaN(d)).toArray());
    double errors = runs.stream().mapToDouble(x -> x.get("errors")).sum();
    r.line("Edge plane forwarding against a direct call to central: %s run, %s UTC, commit %s", profile.name(),
        DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(started).substring(0, 19),
        BenchResults.gitCommit());
    r.line("%s %s, %d cores; load average %s; other processes used %.2f cores while measured",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), BenchResults.loadText(loadAverages), others);
    r.line("loopback GET %s, raw OkHttp callers, closed loop; %d round(s), direct and plane alternating; failed "
        + "calls: %.0f", PATH, profile.rounds(), errors);
    for (Scenario scenario : scenarios) {
      scenario(r, scenario, others);
    }
    return r;
  }

  /** One scenario's table, figures and verdicts. */
  private void scenario(BenchResults r, Scenario scenario, double others) {
    double errors = runs.stream().filter(x -> x.part().equals(scenario.key())).mapToDouble(x -> x.get("errors")).sum();
    String k = scenario.key() + ".";
    r.line("");
    r.line(scenario.title());
    r.line("  %-8s %12s %12s %8s %18s %9s   %-17s %-17s %9s %16s %13s", "callers", "direct /s", "plane /s", "ratio",
        "95% CI", "CPU bound", "p50 ms dir/plane", "p99 ms dir/plane", "p99 added", "95% CI", "CPU us/call");
    List<Diff> ratios = new ArrayList<>();
    List<Diff> added = new ArrayList<>();
    List<Double> bounds = new ArrayList<>();
    for (int callers : CALLERS) {
      List<Run> d = of(scenario, DIRECT, callers);
      List<Run> p = of(scenario, PLANE, callers);
      Diff ratio = Diff.ratio(d, p, Run::score);
      Diff p50 = Diff.of(d, p, x -> x.get("p50"));
      Diff p99 = Diff.of(d, p, x -> x.get("p99"));
      Diff cpu = Diff.of(d, p, x -> x.get("cpu.all"));
      // On cores the callers, plane and central all share, calls/s follow 1 / CPU per call.
      double bound = cpu.a() / cpu.b();
      String boundText = scenario.cpuBound() ? String.format(Locale.ROOT, "%8.2fx", bound) : "        -";
      r.line("  %-8d %,12.0f %,12.0f %7.3fx %18s %9s   %7.2f / %-7.2f %7.2f / %-7.2f %+9.2f %16s %6.1f / %-6.1f",
          callers, ratio.a(), ratio.b(), ratio.mean(), ratio.ciText("%.3f"), boundText, p50.a(), p50.b(), p99.a(),
          p99.b(), p99.mean(), p99.ciText("%+.2f"), cpu.a(), cpu.b());
      r.figure(k + "direct.throughput.c" + callers, ratio.a(), "calls/s", null);
      r.figure(k + "plane.throughput.c" + callers, ratio.b(), "calls/s", null);
      r.figure(k + "throughput.ratio.c" + callers, ratio.mean(), "x", ratio);
      if (scenario.cpuBound()) {
        r.figure(k + "throughput.cpu.bound.c" + callers, bound, "x", null);
      }
      r.figure(k + "direct.p99.c" + callers, p99.a(), "ms", null);
      r.figure(k + "plane.p99.c" + callers, p99.b(), "ms", null);
      r.figure(k + "p99.added.c" + callers, p99.mean(), "ms", p99);
      r.figure(k + "cpu.all.direct.c" + callers, cpu.a(), "us", null);
      r.figure(k + "cpu.all.plane.c" + callers, cpu.b(), "us", null);
      r.figure(k + "cpu.plane.added.c" + callers, cpu.mean(), "us", cpu);
      ratios.add(ratio);
      added.add(p99);
      bounds.add(bound);
    }
    r.line("  (CPU: the whole JVM's CPU time per call: callers, plane and central alike, which waiting for a core "
        + "does not inflate.");
    if (scenario.cpuBound()) {
      r.line("   CPU bound = direct CPU / plane CPU per call: when callers, plane and central keep the cores busy "
          + "between them (a quiet machine), the plane/direct ratio cannot exceed it; 0.8x would need the plane's "
          + "hop to cost less than a quarter of a direct call, while it is one more HTTP server exchange and one "
          + "more HTTP client exchange. Other processes' load moves both sides and breaks the bound.)");
    } else {
      r.line("   central answers %d ms after each request, as across a WAN; the plane is one more loopback hop in "
          + "front of it)", scenario.centralDelay().toMillis());
    }
    r.line("");
    r.line("Targets, %s", scenario.key());
    for (int i = 0; i < CALLERS.length; i++) {
      Diff ratio = ratios.get(i);
      Diff p99 = added.get(i);
      String bound = scenario.cpuBound() ? String.format(Locale.ROOT, " (CPU bound %.2fx)", bounds.get(i)) : "";
      r.verdict(scenario.key() + ": throughput, " + CALLERS[i] + " caller(s) >= " + THROUGHPUT_TARGET + "x direct",
          String.format(Locale.ROOT, "%.3fx %s%s", ratio.mean(), ratio.ciText("%.3f"), bound),
          verdict(ratio.lo(), ratio.hi(), THROUGHPUT_TARGET, false, others, errors));
      r.verdict(scenario.key() + ": p99 added, " + CALLERS[i] + " caller(s) <= " + P99_ADDED_TARGET_MS + " ms",
          String.format(Locale.ROOT, "%+.2f ms %s", p99.mean(), p99.ciText("%+.2f")),
          verdict(p99.lo(), p99.hi(), P99_ADDED_TARGET_MS, true, others, errors));
    }
  }

  /**
   * Met, NOT met or inconclusive (a quick run, failed calls, or a CI across the target). Both sides
   * run in the same JVM at the same time of the run, so a busy machine is named, not a reason to
   * withhold the verdict on a ratio or a difference.
   */
  private String verdict(double lo, double hi, double target, boolean atMost, double others, double errors) {
    if (!profile.judged()) {
      return "not judged: a quick run";
    }
    if (errors > 0) {
      return "inconclusive: " + (long) errors + " call(s) failed";
    }
    if (Double.isNaN(lo)) {
      return "inconclusive: one round, no interval";
    }
    boolean met = atMost ? hi <= target : lo >= target;
    boolean missed = atMost ? lo > target : hi < target;
    String v = met ? "met" : missed ? "NOT met" : "inconclusive: the confidence interval straddles the target";
    return others > OverheadReport.QUIET_CORES
        ? v + String.format(Locale.ROOT, " (busy: others used %.2f cores)", others) : v;
  }
}
