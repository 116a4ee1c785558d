package dev.microevent.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.AsyncTimeout;

/**
 * The decision path measured in pairs, the way a difference of a few microseconds can be seen on
 * a shared 2-core machine: raw OkHttp, raw OkHttp with a watchdog anchor ({@link AnchoredRawSide})
 * and the SDK ({@link Clients#sdk}), all over in-memory sockets ({@link MemorySocketFactory}), run
 * in one JVM in rounds of one batch of calls each, the caller thread's CPU time taken around each
 * batch. A round runs within milliseconds, so what drifts over a run (the clock of a shared core,
 * the heap, other processes) cancels out of the differences within it. Each side is loaded by a
 * class loader of its own, with its own copy of OkHttp, Okio and Kotlin, so the JIT profiles and
 * compiles each side's code as if it ran alone: raw OkHttp does not pay for call sites the SDK's
 * use made polymorphic, nor the SDK for raw's.
 *
 * <p>What a JVM's JIT decides (what it inlines, where code lands) still differs from one JVM to the
 * next by about a microsecond for the same code, so the report runs several JVMs (forks) one after
 * the other and treats each fork's median difference as one measurement: it prints their mean with
 * a 95 % confidence interval (Student's t over the forks) and the verdict against the 3 us target
 * for SDK - raw OkHttp, "inconclusive" when the interval straddles it or when other processes used
 * more than a quarter of a core. SDK - anchored raw OkHttp, beside it, is the SDK's own work: the
 * anchor is the one thing the SDK's transport does that makes OkHttp itself cheaper.
 *
 * <p>{@code java -cp benchmarks.jar dev.microevent.benchmarks.DecisionPathPairs [--forks N]
 * [--rounds N] [--batch N] [--out DIR]} (defaults 6 forks of 300 rounds of 2,000 calls per side:
 * about three minutes). Writes the text and a JSON file like {@link OverheadReport}.
 */
public final class DecisionPathPairs {
  /** The per-call overhead target, microseconds. */
  static final double TARGET_US = 3.0;

  private DecisionPathPairs() {}

  /**
   * Runs the forks (or, with {@code --child}, one fork's rounds) and prints the figures.
   *
   * @param args the options above
   * @throws Exception if a fork cannot run or the results cannot be written
   */
  public static void main(String[] args) throws Exception {
    int forks = 6;
    int rounds = 300;
    int batch = 2_000;
    Path out = BenchResults.defaultOutDir();
    boolean child = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--child" -> child = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --forks N --rounds N --batch N --out DIR");
      }
    }
    if (child) {
      Fork f = measure(rounds, batch);
      System.out.println(f.line());
      return;
    }
    report(forks, rounds, batch, out, System.out);
  }

  /**
   * One fork's figures, in nanoseconds per call: each side's median, and the medians of the rounds'
   * differences SDK - raw and SDK - anchored raw with their 95 % intervals; and the other
   * processes' CPU during it, in cores.
   */
  record Fork(double raw, double anchored, double sdk, Diff overRaw, Diff overAnchored, double others) {
    String line() {
      return String.format(Locale.ROOT, "FORK %.1f %.1f %.1f %s %s %.3f", raw, anchored, sdk, overRaw.text(),
          overAnchored.text(), others);
    }

    static Fork parse(String line) {
      String[] f = line.trim().split(" ", -1);
      double[] v = new double[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        v[i - 1] = Double.parseDouble(f[i]);
      }
      return new Fork(v[0], v[1], v[2], new Diff(v[3], v[4], v[5]), new Diff(v[6], v[7], v[8]), v[9]);
    }
  }

  /** A median difference per call and its 95 % interval, nanoseconds. */
  record Diff(double median, double low, double high) {
    String text() {
      return String.format(Locale.ROOT, "%.1f %.1f %.1f", median, low, high);
    }

    /** The median of differences and its interval from order statistics (ranks n/2 -+ 1.96 sqrt(n)/2). */
    static Diff of(double[] a, double[] b) {
      int n = a.length;
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = a[i] - b[i];
      }
      Arrays.sort(d);
      int half = (int) Math.ceil(1.96 * Math.sqrt(n) / 2);
      return new Diff(DecisionPathPairs.median(d), d[Math.max(0, n / 2 - half)], d[Math.min(n - 1, n / 2 + half)]);
    }
  }

  private static void report(int forks, int rounds, int batch, Path outDir, PrintStream out) throws Exception {
    Instant started = Instant.now();
    Map<String, Double> load = new LinkedHashMap<>();
    load.put("start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<Fork> results = new ArrayList<>();
    for (int i = 1; i <= forks; i++) {
      Fork f = fork(rounds, batch);
      out.printf(Locale.ROOT, "  fork %d: raw %.2f us, anchored raw %.2f us, SDK %.2f us; SDK - raw %+.2f us "
          + "(%+.2f..%+.2f), SDK - anchored raw %+.2f us; others %.2f cores%n", i, f.raw() / 1e3, f.anchored() / 1e3,
          f.sdk() / 1e3, f.overRaw().median() / 1e3, f.overRaw().low() / 1e3, f.overRaw().high() / 1e3,
          f.overAnchored().median() / 1e3, f.others());
      results.add(f);
    }
    load.put("end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    double[] overRaw = results.stream().mapToDouble(f -> f.overRaw().median() / 1e3).toArray();
    double[] overAnchored = results.stream().mapToDouble(f -> f.overAnchored().median() / 1e3).toArray();
    double mean = OverheadReport.Stats.mean(overRaw);
    double half = halfWidth(overRaw);
    double meanAnchored = OverheadReport.Stats.mean(overAnchored);
    double halfAnchored = halfWidth(overAnchored);
    double others = results.stream().mapToDouble(Fork::others).max().orElse(Double.NaN);
    String verdict = verdict(mean - half, mean + half, others);
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "Decision path in rounds (commit %s, %s): %d forks x %d rounds of %,d calls "
        + "per side, each side in its own class loader%n", BenchResults.gitCommit(), started, forks, rounds, batch));
    text.append(String.format(Locale.ROOT, "caller CPU per call (means of the forks' medians): raw OkHttp %.2f us, raw "
        + "OkHttp with a watchdog anchor %.2f us, SDK %.2f us%n", mean(results, Fork::raw), mean(results,
        Fork::anchored), mean(results, Fork::sdk)));
    text.append(String.format(Locale.ROOT, "SDK - raw OkHttp: %+.2f us (95 %% CI %+.2f..%+.2f over %d forks); target "
        + "<= %.0f us: %s%n", mean, mean - half, mean + half, forks, TARGET_US, verdict));
    text.append(String.format(Locale.ROOT, "SDK - raw OkHttp with the anchor (the SDK's own work, like for like): "
        + "%+.2f us (95 %% CI %+.2f..%+.2f)%n", meanAnchored, meanAnchored - halfAnchored,
        meanAnchored + halfAnchored));
    text.append(String.format(Locale.ROOT, "other processes: at most %.2f cores in a fork; load average %s%n", others,
        BenchResults.loadText(load)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("report", "decision-path-pairs");
    json.put("commit", BenchResults.gitCommit());
    json.put("started", started.toString());
    json.put("environment", BenchResults.environment(load));
    json.put("forks", forks);
    json.put("rounds", rounds);
    json.put("batch", batch);
    json.put("overheadUs", BenchResults.finite(mean));
    json.put("overheadCi95Us", List.of(BenchResults.finite(mean - half), BenchResults.finite(mean + half)));
    json.put("overheadOverAnchoredUs", BenchResults.finite(meanAnchored));
    json.put("overheadOverAnchoredCi95Us", List.of(BenchResults.finite(meanAnchored - halfAnchored),
        BenchResults.finite(meanAnchored + halfAnchored)));
    json.put("targetUs", TARGET_US);
    json.put("verdict", verdict);
    List<Map<String, Object>> perFork = new ArrayList<>();
    for (Fork f : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rawNs", f.raw());
      m.put("anchoredRawNs", f.anchored());
      m.put("sdkNs", f.sdk());
      m.put("sdkMinusRawNs", List.of(f.overRaw().median(), f.overRaw().low(), f.overRaw().high()));
      m.put("sdkMinusAnchoredRawNs", List.of(f.overAnchored().median(), f.overAnchored().low(),
          f.overAnchored().high()));
      m.put("othersCores", BenchResults.finite(f.others()));
      perFork.add(m);
    }
    json.put("runs", perFork);
    BenchResults.write(outDir, started, "decision-pairs", text.toString(), json, out);
  }

  static String verdict(double low, double high, double othersCores) {
    if (!(othersCores <= OverheadReport.QUIET_CORES)) {
      return "inconclusive (other processes used " + String.format(Locale.ROOT, "%.2f", othersCores) + " cores)";
    }
    if (high <= TARGET_US) {
      return "met";
    }
    return low > TARGET_US ? "NOT met" : "inconclusive (CI)";
  }

  /** Half the width of the 95 % confidence interval of the mean of {@code xs} (Student's t), NaN below 2. */
  static double halfWidth(double[] xs) {
    return OverheadReport.Stats.t95(xs.length - 1) * OverheadReport.Stats.stdev(xs) / Math.sqrt(xs.length);
  }

  private static double mean(List<Fork> forks, java.util.function.ToDoubleFunction<Fork> side) {
    return forks.stream().mapToDouble(side).average().orElse(Double.NaN) / 1e3;
  }

  /** Runs one fork: this class with {@code --child} in a fresh JVM, and reads its figures. */
  private static Fork fork(int rounds, int batch) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
        System.getProperty("java.class.path"), DecisionPathPairs.class.getName(), "--child", "--rounds",
        String.valueOf(rounds), "--batch", String.valueOf(batch));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String result = null;
    List<String> output = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("FORK ")) {
          result = line;
        } else {
          output.add(line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0 || result == null) {
      throw new IOException("fork exited with " + exit + ": " + String.join("\n", output));
    }
    return Fork.parse(result);
  }

  /** One fork's rounds, in this JVM: each round runs a batch on each side, in an order that rotates. */
  private static Fork measure(int rounds, int batch) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Side raw = Side.load(RawSide.class);
        Side anchored = Side.load(AnchoredRawSide.class);
        Side sdk = Side.load(SdkSide.class)) {
      Side[] sides = {raw, anchored, sdk};
      double[][] ns = new double[3][rounds];
      for (int i = 0; i < rounds / 3; i++) { // warm-up: a third of the rounds, not measured
        for (Side side : sides) {
          batch(threads, side, batch);
        }
      }
      long[] machineBefore = CallProfiler.machineTicks();
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        for (int k = 0; k < 3; k++) { // rotate, so that no side always runs first or last
          int s = (i + k) % 3;
          ns[s][i] = batch(threads, sides[s], batch);
        }
      }
      double others = CallProfiler.othersCores(machineBefore, CallProfiler.machineTicks(),
          os.getProcessCpuTime() - cpuBefore, System.nanoTime() - wallBefore);
      Diff overRaw = Diff.of(ns[2], ns[0]);
      Diff overAnchored = Diff.of(ns[2], ns[1]);
      for (double[] side : ns) {
        Arrays.sort(side);
      }
      return new Fork(median(ns[0]), median(ns[1]), median(ns[2]), overRaw, overAnchored, others);
    }
  }

  /** Runs {@code calls} calls and returns the caller's CPU time per call, in nanoseconds. */
  private static double batch(ThreadMXBean threads, Runnable call, int calls) {
    long before = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    return (double) (threads.getCurrentThreadCpuTime() - before) / calls;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * One side, loaded by a class loader of its own over this jar, seen here only
   * through the JDK's interfaces (its classes are not this loader's).
   */
  private static final class Side implements Runnable, Closeable {
    private final Runnable call;
    private final Closeable close;
    private final URLClassLoader loader;

    private Side(Object side, URLClassLoader loader) {
      this.call = (Runnable) side;
      this.close = (Closeable) side;
      this.loader = loader;
    }

    static Side load(Class<?> type) throws Exception {
      URL jar = DecisionPathPairs.class.getProtectionDomain().getCodeSource().getLocation();
      URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
      Object side = Class.forName(type.getName(), true, loader).getConstructor().newInstance();
      if (side.getClass().getClassLoader() != loader) {
        throw new IllegalStateException(type + " was not loaded apart: is the jar on the class path?");
      }
      return new Side(side, loader);
    }

    @Override
    public void run() {
      call.run();
    }

    @Override
    public void close() throws IOException {
      try {
        close.close();
      } finally {
        loader.close();
      }
    }
  }

  /** Raw OkHttp over in-memory sockets: the baseline side. Public for its class loader. */
  public static final class RawSide implements Runnable, Closeable {
    private final OkHttpClient client = Clients.rawOkHttp(new MemorySocketFactory());
    private final Request request = new Request.Builder().url("http://127.0.0.1:9/v1/item").build();

    /** Builds the client. */
    public RawSide() {}

    @Override
    public void run() {
      try {
        OverheadBenchmark.get(client, request);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      Clients.close(client);
    }
  }

  /**
   * Raw OkHttp as {@link RawSide}, with an Okio timeout of 250 ms that re-enters itself, as the
   * SDK's transport keeps one (its {@code WatchdogAnchor}, here without its bookkeeping of clients
   * and activity): the same exchange without Okio's watchdog woken by each one, so that SDK -
   * anchored raw is the SDK's own work, like for like. Public for its class loader.
   */
  public static final class AnchoredRawSide implements Runnable, Closeable {
    private final RawSide raw = new RawSide();
    private volatile boolean open = true;
    private final AsyncTimeout anchor = new AsyncTimeout() {
      @Override
      protected void timedOut() {
        exit();
        if (open) {
          enter();
        }
      }
    };

    /** Builds the client and enters the anchor. */
    public AnchoredRawSide() {
      anchor.timeout(250, TimeUnit.MILLISECONDS);
      anchor.enter();
    }

    @Override
    public void run() {
      raw.run();
    }

    @Override
    public void close() {
      open = false;
      anchor.exit();
      raw.close();
    }
  }

  /**
   * The SDK with every feature on over in-memory sockets; its health checks and config sync go to
   * a canned server. Public for its class loader.
   */
  public static final class SdkSide implements Runnable, Closeable {
    private final CannedHttpServer server;
    private final MicroEventClient client;
    private final EdgeRequest request = EdgeRequest.get("/v1/item");

    /**
     * Starts the server and the client.
     *
     * @throws IOException if the server cannot start
     */
    public SdkSide() throws IOException {
      server = CannedHttpServer.start();
      client = Clients.sdk(server.baseUri(), new SimpleMeterRegistry(), new MemorySocketFactory());
    }

    @Override
    public void run() {
      client.call(Intent.READ, request);
    }

    @Override
    public void close() {
      try {
        client.close();
      } finally {
        server.close();
      }
    }
  }
}
