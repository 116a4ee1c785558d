package dev.microevent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The SDK's overhead over raw OkHttp, in one run, against the targets:
 *
 * <ol>
 *   <li>per call, one caller ({@link OverheadBenchmark} against a canned keep-alive server): the
 *       SDK's absolute overhead in microseconds (wall clock, with a 95 % confidence interval over
 *       rounds, and whole-JVM CPU time), and its extra allocation on the caller thread and on all
 *       threads; raw OkHttp and the SDK alternate, a fresh fork each, round after round, so a
 *       machine that gets busier or quieter moves both sides;
 *   <li>the server's own cost: its CPU time and allocation per request, and raw OkHttp against
 *       the JDK's built-in server for comparison;
 *   <li>throughput with 1, 16 and 64 concurrent callers, raw against SDK (1 caller: from the
 *       per-call rounds);
 *   <li>the decision path alone over in-memory sockets ({@link DecisionPathBenchmark}): the SDK
 *       against Failsafe's and Resilience4j's decorators doing the shared part of its work, and
 *       the SDK against raw OkHttp with 16 callers, where only the client's own contention differs.
 * </ol>
 *
 * It prints a text report and writes it, with a JSON file of every figure, run and the
 * environment, to {@code bench-results/} beside the jar (both paths printed). {@code --compare
 * FILE} prints each figure beside the same figure of an earlier JSON file. Every verdict is
 * "met", "NOT met" or "inconclusive" with the reason: a time figure taken while other processes
 * used more than {@value #QUIET_CORES} of a core is inconclusive.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar            # full: about 15 minutes
 * java -jar benchmarks/target/benchmarks.jar quick      # smoke: about a minute, figures rough
 * java -jar benchmarks/target/benchmarks.jar --compare benchmarks/target/bench-results/<earlier>.json
 * }</pre>
 *
 * {@code -Drounds=N} sets the rounds of every part; other arguments go to JMH (e.g. {@code -v
 * NORMAL} to see its own output, {@code -jvmArgsAppend ...}).
 */
public final class OverheadReport {
  /** Targets from the release issue. */
  static final double OVERHEAD_TARGET_US = 3.0;
  static final double ALLOC_TARGET_BYTES = 1024;
  static final double THROUGHPUT_TARGET = 0.95;
  static final int TARGET_CALLERS = 16;
  /** Above this many cores' worth of other processes' CPU, time figures are not judged. */
  static final double QUIET_CORES = 0.25;
  /** Above this many milliseconds of JIT compilation per second of measurement, a fork had not settled. */
  static final double SETTLED_JIT_MS_PER_S = 20;

  private static final String QUICK_NAME = "quick";
  private static final String QUICK_VERDICT = "not judged: a quick run's warm-up is too short";
  private static final int[] CALLERS = {1, 16, 64};
  private static final String OVERHEAD = OverheadBenchmark.class.getName();
  private static final String DECISION = DecisionPathBenchmark.class.getName();
  private static final String[] DECISION_METHODS = {"rawOkHttp", "sdkClient", "failsafe", "resilience4j"};
  private static final Map<String, String> LABELS = Map.of("rawOkHttp", "raw OkHttp", "sdkClient", "SDK",
      "failsafe", "Failsafe", "resilience4j", "Resilience4j");

  /** How long each part runs. */
  record Profile(String name, int latencyRounds, int throughputRounds, int decisionRounds, int warmups,
      TimeValue warmupTime, int measurements, TimeValue measurementTime) {
    /** Whether its figures are judged against the targets: a quick run's are not. */
    boolean judged() {
      return !name.equals(QUICK_NAME);
    }
  }

  static final Profile FULL = new Profile("full", 5, 3, 3, 15, TimeValue.seconds(1), 5, TimeValue.seconds(1));
  static final Profile QUICK =
      new Profile(QUICK_NAME, 1, 1, 1, 2, TimeValue.milliseconds(300), 3, TimeValue.milliseconds(300));

  /** One fork of one benchmark method. */
  record Run(String part, String benchmark, int callers, int round, double score, double error, String unit,
      Map<String, Double> secondary) {
    double get(String label) {
      return secondary.getOrDefault(label, Double.NaN);
    }
  }

  private final Profile profile;
  private final CommandLineOptions cli;
  private final PrintStream out;
  private final List<Run> runs = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Double> loadAverages = new LinkedHashMap<>();

  private OverheadReport(Profile profile, CommandLineOptions cli, PrintStream out) {
    this.profile = profile;
    this.cli = cli;
    this.out = out;
  }

  /**
   * Runs every part and reports.
   *
   * @param args {@code quick} or {@code full} (default), {@code --compare FILE}, {@code --out DIR},
   *     then JMH options
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the JMH options are malformed
   * @throws IOException if the results cannot be written
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Profile profile = FULL;
    Path compare = null;
    Path outDir = BenchResults.defaultOutDir();
    List<String> jmhArgs = new ArrayList<>();
    for (Iterator<String> it = Arrays.asList(args).iterator(); it.hasNext(); ) {
      String a = it.next();
      switch (a) {
        case "quick" -> profile = QUICK;
        case "full" -> profile = FULL;
        case "--compare" -> compare = Path.of(next(it, a));
        case "--out" -> outDir = Path.of(next(it, a));
        default -> jmhArgs.add(a);
      }
    }
    Integer rounds = Integer.getInteger("rounds");
    if (rounds != null) {
      int r = Math.max(1, rounds);
      profile = new Profile(profile.name(), r, r, r, profile.warmups(), profile.warmupTime(), profile.measurements(),
          profile.measurementTime());
    }
    CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    new OverheadReport(profile, cli, out).run(compare, outDir);
  }

  private static String next(Iterator<String> it, String option) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return it.next();
  }

  // ------------------------------------------------------------------ running

  private void run(Path compare, Path outDir) throws RunnerException, IOException {
    Instant started = Instant.now();
    load("start");
    out.printf(Locale.ROOT, "%s run: %d+%d+%d rounds, %d x %s warm-up and %d x %s measured per fork%n", profile.name(),
        profile.latencyRounds(), profile.throughputRounds(), profile.decisionRounds(), profile.warmups(),
        profile.warmupTime(), profile.measurements(), profile.measurementTime());
    for (int round = 1; round <= profile.latencyRounds(); round++) {
      for (String m : new String[] {"rawOkHttp", "sdkClient"}) {
        measure("latency", OVERHEAD, m, Mode.AverageTime, 1, round);
      }
    }
    load("after per-call rounds");
    measure("reference", OVERHEAD, "rawOkHttpJdkServer", Mode.AverageTime, 1, 1);
    for (int callers : CALLERS) {
      if (callers == 1) {
        continue; // from the per-call rounds
      }
      for (int round = 1; round <= profile.throughputRounds(); round++) {
        for (String m : new String[] {"rawOkHttp", "sdkClient"}) {
          measure("throughput", OVERHEAD, m, Mode.Throughput, callers, round);
        }
      }
    }
    load("after throughput");
    for (int round = 1; round <= profile.decisionRounds(); round++) {
      for (String m : DECISION_METHODS) {
        measure("decision", DECISION, m, Mode.AverageTime, 1, round);
      }
    }
    for (int round = 1; round <= profile.decisionRounds(); round++) {
      for (String m : new String[] {"rawOkHttp", "sdkClient"}) {
        measure("decision", DECISION, m, Mode.Throughput, TARGET_CALLERS, round);
      }
    }
    load("end");
    Report report = new Report(started);
    String text = report.text();
    if (compare != null) {
      text += report.comparison(compare);
    }
    BenchResults.write(outDir, started, profile.name(), text, report.json(), out);
  }

  private void load(String when) {
    loadAverages.put(when, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private void measure(String part, String benchmark, String method, Mode mode, int callers, int round)
      throws RunnerException {
    org.openjdk.jmh.runner.options.Options options = new org.openjdk.jmh.runner.options.OptionsBuilder()
        .parent(cli)
        .include("^" + java.util.regex.Pattern.quote(benchmark + "." + method) + "$")
        .mode(mode)
        .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
        .threads(callers)
        .forks(1)
        .warmupIterations(profile.warmups())
        .warmupTime(profile.warmupTime())
        .measurementIterations(profile.measurements())
        .measurementTime(profile.measurementTime())
        .addProfiler(CallProfiler.class)
        .verbosity(cli.verbosity().orElse(VerboseMode.SILENT))
        .shouldFailOnError(true)
        .build();
    RunResult r;
    try {
      r = runWhenFree(options);
    } catch (RunnerException e) {
      // One failed fork (a call failed: on a loaded machine, a timeout) must not lose the whole run.
      String why = rootMessage(e);
      failures.add(String.format(Locale.ROOT, "%s %s x%d round %d: %s", part, method, callers, round, why));
      out.printf(Locale.ROOT, "  %-10s round %d  %-18s %3d caller(s)  FAILED: %s%n", part, round, method, callers, why);
      return;
    }
    Map<String, Double> secondary = new LinkedHashMap<>();
    r.getSecondaryResults().forEach((label, result) -> secondary.put(label, result.getScore()));
    Run run = new Run(part, method, callers, round, r.getPrimaryResult().getScore(),
        r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getScoreUnit(), secondary);
    runs.add(run);
    out.printf(Locale.ROOT, "  %-10s round %d  %-18s %3d caller(s)  %,12.2f %-7s alloc %,8.0f B/op caller"
            + "  %,8.0f B/op all  CPU %,7.2f us/op caller  JIT %4.0f ms/s  others %.2f cores%n",
        part, round, method, callers, run.score(), run.unit(), run.get("alloc.caller"), run.get("alloc.all"),
        run.get("cpu.caller") / 1000, run.get("jit"), run.get("machine.others"));
  }

  /**
   * Runs one fork; while another JMH run on the machine holds JMH's lock, waits for it (up to 30
   * minutes) instead of failing half-way through, or running beside it and skewing both.
   */
  private RunResult runWhenFree(org.openjdk.jmh.runner.options.Options options) throws RunnerException {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    boolean told = false;
    while (true) {
      try {
        return new Runner(options).runSingle();
      } catch (RunnerException e) {
        String why = String.valueOf(e.getMessage());
        if (!why.contains("JMH lock") || System.nanoTime() > giveUp) {
          throw e;
        }
        if (!told) {
          out.println("  (another JMH run holds the JMH lock: waiting for it to finish)");
          told = true;
        }
        try {
          TimeUnit.SECONDS.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The innermost cause's message: what actually went wrong in the fork. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t != null) {
      for (Throwable s : t.getSuppressed()) {
        if (s.getMessage() != null) {
          message = s.getMessage();
        }
      }
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      t = t.getCause();
    }
    return message.lines().findFirst().orElse(message);
  }

  // ------------------------------------------------------------------ reporting

  /** The figures of the runs, as text and JSON. */
  private final class Report {
    private final Instant started;
    private final BenchResults results = new BenchResults();

    Report(Instant started) {
      this.started = started;
      build();
    }

    private List<Run> of(String part, String method, int callers) {
      return runs.stream()
          .filter(r -> r.part().equals(part) && r.benchmark().equals(method) && r.callers() == callers)
          .toList();
    }

    private double others(String part) {
      return Stats.mean(runs.stream().filter(r -> r.part().equals(part))
          .mapToDouble(r -> r.get("machine.others")).filter(d -> !Double.isNaN(d)).toArray());
    }

    private double maxLoad() {
      return loadAverages.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private void build() {
      int cores = Runtime.getRuntime().availableProcessors();
      line("Microevent SDK overhead over raw OkHttp: %s run, %s UTC, commit %s", profile.name(),
          DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(started).substring(0, 19),
          BenchResults.gitCommit());
      line("%s %s (%s), %d cores; load average %s", System.getProperty("java.vm.name"),
          System.getProperty("java.version"), System.getProperty("java.vm.vendor"), cores, loadText());
      line("other processes used %.2f / %.2f / %.2f cores during the per-call / throughput / decision-path "
          + "measurements (from /proc/stat; judged quiet below %.2f)", others("latency"), others("throughput"),
          others("decision"), QUIET_CORES);
      List<Run> unsettled = runs.stream().filter(r -> r.get("jit") > SETTLED_JIT_MS_PER_S).toList();
      if (!failures.isEmpty()) {
        line("FAILED forks (left out of every figure): %s", String.join("; ", failures));
      }
      if (!unsettled.isEmpty()) {
        Run worst = unsettled.stream().max(java.util.Comparator.comparingDouble(r -> r.get("jit"))).orElseThrow();
        line("JIT compiling while measured (over %.0f ms per s; a busy machine stretches compile times) in %d of %d "
            + "forks, the most in %s %s x%d round %d (%.0f ms/s): their time figures are high", SETTLED_JIT_MS_PER_S,
            unsettled.size(), runs.size(), worst.part(), worst.benchmark(), worst.callers(), worst.round(),
            worst.get("jit"));
      }
      line("");

      // Per call, one caller.
      List<Run> raw = of("latency", "rawOkHttp", 1);
      List<Run> sdk = of("latency", "sdkClient", 1);
      Diff wall = Diff.scores(raw, sdk);
      Diff cpu = Diff.of(raw, sdk, r -> r.get("cpu.caller") / 1000);
      Diff cpuAll = Diff.of(raw, sdk, r -> r.get("cpu.all") / 1000);
      Diff allocCaller = Diff.of(raw, sdk, r -> r.get("alloc.caller"));
      Diff allocAll = Diff.of(raw, sdk, r -> r.get("alloc.all"));
      line("Per call, 1 caller, loopback GET to the canned server (%d round(s), raw and SDK alternating, a fresh "
          + "fork each)", raw.size());
      line("  %-28s %14s %14s %26s", "", "raw OkHttp", "SDK", "SDK - raw " + wall.ciLabel());
      diffLine("latency, wall clock (us)", wall, "%,.2f");
      diffLine("CPU, caller thread (us)", cpu, "%,.2f");
      diffLine("CPU, whole JVM (us)", cpuAll, "%,.2f");
      diffLine("allocated, caller (B)", allocCaller, "%,.0f");
      diffLine("allocated, all threads (B)", allocAll, "%,.0f");
      figure("latency.raw", wall.a(), "us", null);
      figure("latency.sdk", wall.b(), "us", null);
      figure("overhead.wall", wall.mean(), "us", wall);
      figure("overhead.cpu.caller", cpu.mean(), "us", cpu);
      figure("overhead.cpu.all", cpuAll.mean(), "us", cpuAll);
      figure("alloc.caller.raw", allocCaller.a(), "B", null);
      figure("alloc.caller.sdk", allocCaller.b(), "B", null);
      figure("alloc.caller.extra", allocCaller.mean(), "B", allocCaller);
      figure("alloc.all.raw", allocAll.a(), "B", null);
      figure("alloc.all.sdk", allocAll.b(), "B", null);
      figure("alloc.all.extra", allocAll.mean(), "B", allocAll);
      line("");

      // The server.
      double serverCpu = Stats.mean(runs.stream().filter(r -> r.benchmark().equals("rawOkHttp")
          && r.part().equals("latency")).mapToDouble(r -> r.get("server.cpu")).toArray()) / 1000;
      double serverAlloc = Stats.mean(runs.stream().filter(r -> r.benchmark().equals("rawOkHttp")
          && r.part().equals("latency")).mapToDouble(r -> r.get("server.alloc")).toArray());
      List<Run> jdk = of("reference", "rawOkHttpJdkServer", 1);
      double jdkLatency = jdk.isEmpty() ? Double.NaN : jdk.get(0).score();
      double jdkCpu = jdk.isEmpty() ? Double.NaN : jdk.get(0).get("cpu.all") / 1000;
      double jdkAlloc = jdk.isEmpty() ? Double.NaN : jdk.get(0).get("alloc.all");
      line("The server: the canned keep-alive server spends %.2f us of CPU and allocates %.0f B per request.",
          serverCpu, serverAlloc);
      line("  Raw OkHttp against it / against the JDK's built-in server: %.2f / %.2f us per call, whole-JVM CPU",
          wall.a(), jdkLatency);
      line("  %.2f / %.2f us per call, allocated on all threads %,.0f / %,.0f B per call.", cpuAll.a(), jdkCpu,
          allocAll.a(), jdkAlloc);
      figure("server.cpu", serverCpu, "us/req", null);
      figure("server.alloc", serverAlloc, "B/req", null);
      figure("reference.jdkServer.latency.raw", jdkLatency, "us", null);
      figure("reference.jdkServer.cpu.all.raw", jdkCpu, "us", null);
      figure("reference.jdkServer.alloc.all.raw", jdkAlloc, "B", null);
      line("");

      // Throughput.
      line("Throughput, calls/s (1 caller: from the per-call rounds)");
      line("  %-12s %14s %14s %10s %22s %14s", "callers", "raw OkHttp", "SDK", "SDK/raw", "range / 95% CI",
          "extra B/call");
      Diff ratioAtTarget = null;
      for (int callers : CALLERS) {
        List<Run> r = callers == 1 ? raw : of("throughput", "rawOkHttp", callers);
        List<Run> s = callers == 1 ? sdk : of("throughput", "sdkClient", callers);
        ToDoubleFunction<Run> perSecond = callers == 1 ? run -> 1e6 / run.score() : Run::score;
        Diff ratio = Diff.ratio(r, s, perSecond);
        Diff alloc = Diff.of(r, s, run -> run.get("alloc.all"));
        line("  %-12d %,14.0f %,14.0f %9.3fx %22s %,14.0f", callers, ratio.a(), ratio.b(), ratio.mean(),
            ratio.n() > 1 ? String.format(Locale.ROOT, "%.3f..%.3f / %.3f..%.3f", ratio.min(), ratio.max(), ratio.lo(),
                ratio.hi()) : "1 round", alloc.mean());
        figure("throughput.raw.c" + callers, ratio.a(), "calls/s", null);
        figure("throughput.sdk.c" + callers, ratio.b(), "calls/s", null);
        figure("throughput.ratio.c" + callers, ratio.mean(), "x", ratio);
        if (callers == TARGET_CALLERS) {
          ratioAtTarget = ratio;
        }
      }
      line("");

      // Decision path.
      line("Decision path: the same GET over in-memory sockets (no kernel, no server), 1 caller (%d round(s))",
          profile.decisionRounds());
      line("  %-14s %10s %10s %12s %10s %14s %10s %12s", "", "us/call", "over raw", "CPU us/call", "over raw",
          "B/call caller", "over raw", "B/call all");
      List<Run> base = of("decision", "rawOkHttp", 1);
      for (String m : DECISION_METHODS) {
        List<Run> rs = of("decision", m, 1);
        Diff t = Diff.scores(base, rs);
        Diff c = Diff.of(base, rs, r -> r.get("cpu.caller") / 1000);
        Diff a = Diff.of(base, rs, r -> r.get("alloc.caller"));
        double all = Stats.mean(rs.stream().mapToDouble(r -> r.get("alloc.all")).toArray());
        boolean isBase = m.equals("rawOkHttp");
        line("  %-14s %10.2f %10s %12.2f %10s %,14.0f %10s %,12.0f", LABELS.get(m), t.b(),
            isBase ? "" : String.format(Locale.ROOT, "%+.2f", t.mean()), c.b(),
            isBase ? "" : String.format(Locale.ROOT, "%+.2f", c.mean()), a.b(),
            isBase ? "" : String.format(Locale.ROOT, "%+,.0f", a.mean()), all);
        figure("decision." + m + ".latency", t.b(), "us", null);
        figure("decision." + m + ".cpu.caller", c.b(), "us", null);
        figure("decision." + m + ".alloc.caller", a.b(), "B", null);
        figure("decision." + m + ".alloc.all", all, "B", null);
        if (!isBase) {
          figure("decision." + m + ".overRaw", t.mean(), "us", t);
          figure("decision." + m + ".cpu.caller.overRaw", c.mean(), "us", c);
          figure("decision." + m + ".alloc.caller.overRaw", a.mean(), "B", a);
        }
      }
      List<Run> raw16 = of("decision", "rawOkHttp", TARGET_CALLERS);
      List<Run> sdk16 = of("decision", "sdkClient", TARGET_CALLERS);
      Diff ratio16 = Diff.ratio(raw16, sdk16, Run::score);
      Diff cpu16 = Diff.of(raw16, sdk16, r -> r.get("cpu.caller") / 1000);
      line("  %d callers: raw OkHttp %,.0f calls/s, SDK %,.0f calls/s, SDK/raw %.3fx %s; caller CPU per call %.2f / "
          + "%.2f us", TARGET_CALLERS, ratio16.a(), ratio16.b(), ratio16.mean(), ratio16.ciText("%.3f"), cpu16.a(),
          cpu16.b());
      figure("decision.throughput.raw.c" + TARGET_CALLERS, ratio16.a(), "calls/s", null);
      figure("decision.throughput.sdk.c" + TARGET_CALLERS, ratio16.b(), "calls/s", null);
      figure("decision.throughput.ratio.c" + TARGET_CALLERS, ratio16.mean(), "x", ratio16);
      figure("decision.cpu.caller.raw.c" + TARGET_CALLERS, cpu16.a(), "us", null);
      figure("decision.cpu.caller.sdk.c" + TARGET_CALLERS, cpu16.b(), "us", null);
      line("");

      // Verdicts.
      line("Targets");
      double busyLatency = others("latency");
      double busyThroughput = others("throughput");
      verdict("overhead per call <= 3 us (wall clock)", String.format(Locale.ROOT, "%+.2f us %s", wall.mean(),
          wall.ciText("%+.2f")), timeVerdict(wall.lo(), wall.hi(), OVERHEAD_TARGET_US, true, busyLatency));
      verdict("extra allocation per call <= 1 KB, caller thread", String.format(Locale.ROOT, "%+,.0f B",
          allocCaller.mean()), allocVerdict(allocCaller.mean()));
      verdict("extra allocation per call <= 1 KB, all threads", String.format(Locale.ROOT, "%+,.0f B",
          allocAll.mean()), allocVerdict(allocAll.mean()));
      if (ratioAtTarget != null) {
        verdict("throughput at 16 callers >= 0.95x raw", String.format(Locale.ROOT, "%.3fx %s", ratioAtTarget.mean(),
            ratioAtTarget.ciText("%.3f")), timeVerdict(ratioAtTarget.lo(), ratioAtTarget.hi(), THROUGHPUT_TARGET,
            false, busyThroughput));
      }
      line("  (the caller's CPU time per call, which waiting for a core does not inflate: %+.2f us %s)", cpu.mean(),
          cpu.ciText("%+.2f"));
    }

    /**
     * A verdict on a time figure with a confidence interval: inconclusive on a busy machine or when
     * the interval straddles the target.
     *
     * @param atMost whether the target is an upper bound (else a lower bound)
     */
    private String timeVerdict(double lo, double hi, double target, boolean atMost, double others) {
      if (!profile.judged()) {
        return QUICK_VERDICT;
      }
      if (!failures.isEmpty()) {
        return "inconclusive: " + failures.size() + " fork(s) failed";
      }
      if (Double.isNaN(others) || others > QUIET_CORES) {
        return String.format(Locale.ROOT, "inconclusive: load average %.1f, other processes used %.2f cores",
            maxLoad(), others);
      }
      boolean met = atMost ? hi <= target : lo >= target;
      boolean missed = atMost ? lo > target : hi < target;
      return met ? "met" : missed ? "NOT met" : "inconclusive: the confidence interval straddles the target";
    }

    /** Allocation does not depend on the machine's load, but it does on the JIT: a quick run is not judged. */
    private String allocVerdict(double extra) {
      return !profile.judged() ? QUICK_VERDICT : extra <= ALLOC_TARGET_BYTES ? "met" : "NOT met";
    }

    private void verdict(String target, String value, String verdict) {
      results.verdict(target, value, verdict);
    }

    private void diffLine(String label, Diff d, String fmt) {
      line("  %-28s %14s %14s %26s", label, String.format(Locale.ROOT, fmt, d.a()),
          String.format(Locale.ROOT, fmt, d.b()), String.format(Locale.ROOT, "%+" + fmt.substring(1), d.mean()) + " "
              + d.ciText("%+" + fmt.substring(1)));
    }

    private void figure(String key, double value, String unit, Diff spread) {
      results.figure(key, value, unit, spread);
    }

    private void line(String fmt, Object... args) {
      results.line(fmt, args);
    }

    private String loadText() {
      return BenchResults.loadText(loadAverages);
    }

    String text() {
      return results.text();
    }

    Map<String, Object> json() {
      Map<String, Object> env = BenchResults.environment(loadAverages);
      Map<String, Object> others = new LinkedHashMap<>();
      for (String part : new String[] {"latency", "reference", "throughput", "decision"}) {
        others.put(part, BenchResults.finite(others(part)));
      }
      env.put("otherProcessesCores", others);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", 1);
      doc.put("started", started.toString());
      doc.put("mode", profile.name());
      doc.put("commit", BenchResults.gitCommit());
      doc.put("profile", Map.of("latencyRounds", profile.latencyRounds(), "throughputRounds",
          profile.throughputRounds(), "decisionRounds", profile.decisionRounds(), "warmups", profile.warmups(),
          "warmupTime", profile.warmupTime().toString(), "measurements", profile.measurements(),
          "measurementTime", profile.measurementTime().toString()));
      doc.put("environment", env);
      doc.put("verdicts", results.verdicts());
      doc.put("failedForks", failures);
      doc.put("figures", results.figures());
      doc.put("runs", BenchResults.runs(runs));
      return doc;
    }

    /** Each figure beside the same figure of an earlier run's JSON. */
    String comparison(Path earlier) throws IOException {
      JsonNode before = new ObjectMapper().readTree(earlier.toFile());
      JsonNode old = before.path("figures");
      StringBuilder b = new StringBuilder();
      b.append('\n').append(String.format(Locale.ROOT, "Compared with %s (%s run of %s, commit %s)%n", earlier,
          before.path("mode").asText("?"), before.path("started").asText("?"), before.path("commit").asText("?")));
      b.append(String.format(Locale.ROOT, "  %-40s %14s %14s %12s%n", "figure", "before", "now", "change"));
      results.figures().forEach((key, f) -> {
        JsonNode o = old.path(key).path("value");
        Object now = ((Map<?, ?>) f).get("value");
        if (o.isNumber() && now instanceof Double n) {
          double was = o.asDouble();
          b.append(String.format(Locale.ROOT, "  %-40s %,14.2f %,14.2f %+11.1f%%  %s%n", key, was, n,
              was == 0 ? 0 : (n - was) / Math.abs(was) * 100, ((Map<?, ?>) f).get("unit")));
        }
      });
      return b.toString();
    }
  }

  /**
   * A paired comparison of two benchmarks over rounds: their means ({@code a}, {@code b}), and the
   * per-round difference (or ratio) with its mean, range and 95 % confidence interval (Student's t
   * over rounds; with one round, JMH's own 99.9 % interval over iterations, combined).
   */
  record Diff(double a, double b, double mean, double lo, double hi, double min, double max, int n) {
    static Diff of(List<Run> xs, List<Run> ys, ToDoubleFunction<Run> f) {
      return pair(xs, ys, f, false, false);
    }

    /** The primary scores; with one round the interval is JMH's. */
    static Diff scores(List<Run> xs, List<Run> ys) {
      return pair(xs, ys, Run::score, false, true);
    }

    static Diff ratio(List<Run> xs, List<Run> ys, ToDoubleFunction<Run> f) {
      return pair(xs, ys, f, true, false);
    }

    private static Diff pair(List<Run> xs, List<Run> ys, ToDoubleFunction<Run> f, boolean ratio,
        boolean jmhErrors) {
      // Paired by round; a round either side lacks (a failed fork, a figure not measured) is left out.
      List<Run[]> pairs = new ArrayList<>();
      for (Run x : xs) {
        for (Run y : ys) {
          if (x.round() == y.round() && Double.isFinite(f.applyAsDouble(x)) && Double.isFinite(f.applyAsDouble(y))) {
            pairs.add(new Run[] {x, y});
          }
        }
      }
      int n = pairs.size();
      double[] a = new double[n];
      double[] b = new double[n];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = f.applyAsDouble(pairs.get(i)[0]);
        b[i] = f.applyAsDouble(pairs.get(i)[1]);
        d[i] = ratio ? b[i] / a[i] : b[i] - a[i];
      }
      double mean = Stats.mean(d);
      double half;
      if (n >= 2) {
        half = Stats.t95(n - 1) * Stats.stdev(d) / Math.sqrt(n);
      } else if (n == 1 && jmhErrors) {
        half = Math.hypot(pairs.get(0)[0].error(), pairs.get(0)[1].error());
      } else {
        half = Double.NaN;
      }
      double[] sorted = d.clone();
      Arrays.sort(sorted);
      return new Diff(Stats.mean(a), Stats.mean(b), mean, mean - half, mean + half,
          n == 0 ? Double.NaN : sorted[0], n == 0 ? Double.NaN : sorted[n - 1], n);
    }

    String ciLabel() {
      return n >= 2 ? "(95% CI over rounds)" : "(99.9% CI, 1 round)";
    }

    String ciText(String fmt) {
      if (Double.isNaN(lo)) {
        return "";
      }
      return "(" + String.format(Locale.ROOT, fmt, lo) + ".." + String.format(Locale.ROOT, fmt, hi) + ")";
    }
  }

  /** Small statistics. */
  static final class Stats {
    /** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
        2.048, 2.045, 2.042};

    private Stats() {}

    static double mean(double[] xs) {
      double s = 0;
      int n = 0;
      for (double x : xs) {
        if (!Double.isNaN(x)) {
          s += x;
          n++;
        }
      }
      return n == 0 ? Double.NaN : s / n;
    }

    static double stdev(double[] xs) {
      double m = mean(xs);
      double s = 0;
      for (double x : xs) {
        s += (x - m) * (x - m);
      }
      return xs.length < 2 ? Double.NaN : Math.sqrt(s / (xs.length - 1));
    }

    static double t95(int df) {
      return df < 1 ? Double.NaN : df <= T.length ? T[df - 1] : 1.96;
    }
  }
}
