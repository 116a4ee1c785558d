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
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.AsyncTimeout;

/**
 * The decision path measured in pairs, the way a difference of a few microseconds can be seen on
 * a shared 2-core machine: raw OkHttp, raw OkHttp tuned like the SDK's transport ({@link TunedRawSide})
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
 * more than a quarter of a core. SDK - tuned raw OkHttp, beside it, is the SDK's own work: the
 * tuning is what the SDK's transport does to make OkHttp itself cheaper.
 *
 * <p>With {@code --callers N} each batch is split among N threads started together: the figures
 * are then the callers' CPU per call and, beside it, the throughput of each round (its wall clock),
 * whose ratio SDK / raw is judged against the 0.95x target; with {@code --loopback} the calls go
 * over loopback to a {@link CannedHttpServer} instead of in-memory sockets.
 *
 * <p>{@code java -cp benchmarks.jar dev.microevent.benchmarks.DecisionPathPairs [--forks N]
 * [--rounds N] [--batch N] [--callers N] [--loopback] [--out DIR]} (defaults 6 forks of 300 rounds
 * of 2,000 calls per side from one caller, in memory: about three minutes). Writes the text and a
 * JSON file like {@link OverheadReport}.
 */
public final class DecisionPathPairs {
  /** The per-call overhead target, microseconds. */
  static final double TARGET_US = 3.0;
  /** The throughput target with many callers: the SDK's calls per second over raw OkHttp's. */
  static final double TARGET_RATIO = 0.95;

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
    int callers = 1;
    boolean loopback = false;
    Path out = BenchResults.defaultOutDir();
    boolean child = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--callers" -> callers = Integer.parseInt(args[++i]);
        case "--loopback" -> loopback = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--child" -> child = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --forks N --rounds N --batch N --callers N --loopback --out DIR");
      }
    }
    if (child) {
      Fork f = measure(rounds, batch, callers, loopback);
      System.out.println(f.line());
      return;
    }
    if (callers < 1 || batch % callers != 0) {
      throw new IllegalArgumentException("--callers must be at least 1 and divide --batch (" + batch + ")");
    }
    report(forks, rounds, batch, callers, loopback, out, System.out);
  }

  /**
   * One fork's figures, in nanoseconds of the callers' CPU per call: each side's median, and the
   * medians of the rounds' differences SDK - raw and SDK - tuned raw with their 95 % intervals;
   * the median of the rounds' throughput ratios SDK / raw (wall clock); and the other processes'
   * CPU during it, in cores.
   */
  record Fork(double raw, double tuned, double sdk, Diff overRaw, Diff overTuned, double ratio,
      double others) {
    String line() {
      return String.format(Locale.ROOT, "FORK %.1f %.1f %.1f %s %s %.4f %.3f", raw, tuned, sdk, overRaw.text(),
          overTuned.text(), ratio, others);
    }

    static Fork parse(String line) {
      String[] f = line.trim().split(" ", -1);
      double[] v = new double[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        v[i - 1] = Double.parseDouble(f[i]);
      }
      return new Fork(v[0], v[1], v[2], new Diff(v[3], v[4], v[5]), new Diff(v[6], v[7], v[8]), v[9], v[10]);
    }
  }

  /** A median difference per call and its 95 % interval, nanoseconds. */
  record Diff(double median, double low, double high) {
    String text() {
      return String.format(Locale.ROOT, "%.1f %.1f %.1f", median, low, high);
    }

    List<Double> values() {
      return List.of(median, low, high);
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

  private static void report(int forks, int rounds, int batch, int callers, boolean loopback, Path outDir,
      PrintStream out) throws Exception {
    Instant started = Instant.now();
    Map<String, Double> load = new LinkedHashMap<>();
    load.put("start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<Fork> results = new ArrayList<>();
    for (int i = 1; i <= forks; i++) {
      Fork f = fork(rounds, batch, callers, loopback);
      out.printf(Locale.ROOT, "  fork %d: raw %.2f us, tuned raw %.2f us, SDK %.2f us; SDK - raw %+.2f us "
          + "(%+.2f..%+.2f), SDK - tuned raw %+.2f us; throughput SDK/raw %.3fx; others %.2f cores%n", i,
          f.raw() / 1e3, f.tuned() / 1e3, f.sdk() / 1e3, f.overRaw().median() / 1e3, f.overRaw().low() / 1e3,
          f.overRaw().high() / 1e3, f.overTuned().median() / 1e3, f.ratio(), f.others());
      results.add(f);
    }
    load.put("end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Interval overRaw = Interval.of(results, f -> f.overRaw().median() / 1e3);
    Interval overTuned = Interval.of(results, f -> f.overTuned().median() / 1e3);
    Interval ratio = Interval.of(results, Fork::ratio);
    double others = results.stream().mapToDouble(Fork::others).max().orElse(Double.NaN);
    String verdict = callers == 1 ? verdict(overRaw.high() <= TARGET_US, overRaw.low() > TARGET_US, others)
        : verdict(ratio.low() >= TARGET_RATIO, ratio.high() < TARGET_RATIO, others);
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%s in rounds (commit %s, %s): %d forks x %d rounds of %,d calls per side "
        + "from %d caller(s), each side in its own class loader%n", loopback ? "Loopback calls" : "Decision path",
        BenchResults.gitCommit(), started, forks, rounds, batch, callers));
    text.append(String.format(Locale.ROOT, "callers' CPU per call (means of the forks' medians): raw OkHttp %.2f us, "
        + "raw OkHttp tuned like the SDK's transport %.2f us, SDK %.2f us%n", mean(results, Fork::raw), mean(results,
        Fork::tuned), mean(results, Fork::sdk)));
    text.append(String.format(Locale.ROOT, "SDK - raw OkHttp: %+.2f us (95 %% CI %+.2f..%+.2f over %d forks)%s%n",
        overRaw.mean(), overRaw.low(), overRaw.high(), forks, callers == 1
            ? String.format(Locale.ROOT, "; target <= %.0f us: %s", TARGET_US, verdict) : ""));
    text.append(String.format(Locale.ROOT, "SDK - tuned raw OkHttp (the SDK's own work, like for like): "
        + "%+.2f us (95 %% CI %+.2f..%+.2f)%n", overTuned.mean(), overTuned.low(), overTuned.high()));
    text.append(String.format(Locale.ROOT, "throughput SDK / raw OkHttp: %.3fx (95 %% CI %.3f..%.3f)%s%n",
        ratio.mean(), ratio.low(), ratio.high(), callers == 1 ? ""
            : String.format(Locale.ROOT, "; target >= %.2fx: %s", TARGET_RATIO, verdict)));
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
    json.put("callers", callers);
    json.put("sockets", loopback ? "loopback" : "memory");
    json.put("overheadUs", BenchResults.finite(overRaw.mean()));
    json.put("overheadCi95Us", overRaw.bounds());
    json.put("overheadOverTunedUs", BenchResults.finite(overTuned.mean()));
    json.put("overheadOverTunedCi95Us", overTuned.bounds());
    json.put("throughputRatio", BenchResults.finite(ratio.mean()));
    json.put("throughputRatioCi95", ratio.bounds());
    if (callers == 1) {
      json.put("targetUs", TARGET_US);
    } else {
      json.put("targetRatio", TARGET_RATIO);
    }
    json.put("verdict", verdict);
    List<Map<String, Object>> perFork = new ArrayList<>();
    for (Fork f : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rawNs", f.raw());
      m.put("tunedRawNs", f.tuned());
      m.put("sdkNs", f.sdk());
      m.put("sdkMinusRawNs", f.overRaw().values());
      m.put("sdkMinusTunedRawNs", f.overTuned().values());
      m.put("throughputRatio", f.ratio());
      m.put("othersCores", BenchResults.finite(f.others()));
      perFork.add(m);
    }
    json.put("runs", perFork);
    BenchResults.write(outDir, started, (loopback ? "loopback-pairs" : "decision-pairs") + "-c" + callers,
        text.toString(), json, out);
  }

  /** A mean over the forks with its 95 % confidence interval (Student's t). */
  record Interval(double mean, double low, double high) {
    static Interval of(List<Fork> forks, java.util.function.ToDoubleFunction<Fork> figure) {
      double[] xs = forks.stream().mapToDouble(figure).toArray();
      double mean = OverheadReport.Stats.mean(xs);
      double half = halfWidth(xs);
      return new Interval(mean, mean - half, mean + half);
    }

    List<Object> bounds() {
      return List.of(BenchResults.finite(low), BenchResults.finite(high));
    }
  }

  /**
   * The verdict on a target: "met" or "NOT met" when the interval lies wholly on one side of it,
   * else "inconclusive", as it is too when other processes were busy.
   */
  static String verdict(boolean met, boolean notMet, double othersCores) {
    if (!(othersCores <= OverheadReport.QUIET_CORES)) {
      return "inconclusive (other processes used " + String.format(Locale.ROOT, "%.2f", othersCores) + " cores)";
    }
    return met ? "met" : notMet ? "NOT met" : "inconclusive (CI)";
  }

  /** Half the width of the 95 % confidence interval of the mean of {@code xs} (Student's t), NaN below 2. */
  static double halfWidth(double[] xs) {
    return OverheadReport.Stats.t95(xs.length - 1) * OverheadReport.Stats.stdev(xs) / Math.sqrt(xs.length);
  }

  private static double mean(List<Fork> forks, java.util.function.ToDoubleFunction<Fork> side) {
    return forks.stream().mapToDouble(side).average().orElse(Double.NaN) / 1e3;
  }

  /** Runs one fork: this class with {@code --child} in a fresh JVM, and reads its figures. */
  private static Fork fork(int rounds, int batch, int callers, boolean loopback)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx512m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        DecisionPathPairs.class.getName(), "--child", "--rounds", String.valueOf(rounds), "--batch",
        String.valueOf(batch), "--callers", String.valueOf(callers)));
    if (loopback) {
      cmd.add("--loopback");
    }
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
  private static Fork measure(int rounds, int batch, int callers, boolean loopback) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (CannedHttpServer server = CannedHttpServer.start();
        Side raw = Side.load(RawSide.class, server.baseUri(), loopback);
        Side tuned = Side.load(TunedRawSide.class, server.baseUri(), loopback);
        Side sdk = Side.load(SdkSide.class, server.baseUri(), loopback);
        Callers pool = new Callers(callers)) {
      Side[] sides = {raw, tuned, sdk};
      double[][] ns = new double[3][rounds];
      double[][] wall = new double[3][rounds];
      for (int i = 0; i < rounds / 3; i++) { // warm-up: a third of the rounds, not measured
        for (Side side : sides) {
          pool.batch(side, batch);
        }
      }
      long[] machineBefore = CallProfiler.machineTicks();
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        for (int k = 0; k < 3; k++) { // rotate, so that no side always runs first or last
          int s = (i + k) % 3;
          long[] cpuAndWall = pool.batch(sides[s], batch);
          ns[s][i] = (double) cpuAndWall[0] / batch;
          wall[s][i] = cpuAndWall[1];
        }
      }
      double others = CallProfiler.othersCores(machineBefore, CallProfiler.machineTicks(),
          os.getProcessCpuTime() - cpuBefore, System.nanoTime() - wallBefore);
      Diff overRaw = Diff.of(ns[2], ns[0]);
      Diff overTuned = Diff.of(ns[2], ns[1]);
      double[] ratios = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] = wall[0][i] / wall[2][i];
      }
      Arrays.sort(ratios);
      for (double[] side : ns) {
        Arrays.sort(side);
      }
      return new Fork(median(ns[0]), median(ns[1]), median(ns[2]), overRaw, overTuned, median(ratios), others);
    }
  }

  /**
   * The callers of a batch: this thread, or threads of a pool started together. Each caller times
   * its own CPU, so a batch's CPU is its callers' (the clients' background threads are left out,
   * with one caller as with many); its wall time, from the start to the last caller's end, gives
   * the throughput.
   */
  private static final class Callers implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final int callers;
    private final ExecutorService pool;

    Callers(int callers) {
      this.callers = callers;
      this.pool = Executors.newFixedThreadPool(callers);
    }

    /** Runs {@code calls} calls and returns the callers' CPU time and the wall time they took, nanoseconds. */
    long[] batch(Runnable call, int calls) throws Exception {
      if (callers == 1) {
        long wall = System.nanoTime();
        long cpu = calls(call, calls);
        return new long[] {cpu, System.nanoTime() - wall};
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> done = new ArrayList<>(callers);
      for (int t = 0; t < callers; t++) {
        done.add(pool.submit(() -> {
          go.await();
          return calls(call, calls / callers);
        }));
      }
      long wall = System.nanoTime();
      go.countDown();
      long cpu = 0;
      for (Future<Long> f : done) {
        cpu += f.get();
      }
      return new long[] {cpu, System.nanoTime() - wall};
    }

    /** Runs {@code calls} calls on this thread and returns its CPU time for them. */
    private static long calls(Runnable call, int calls) {
      long before = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      return THREADS.getCurrentThreadCpuTime() - before;
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
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

    static Side load(Class<?> type, URI server, boolean loopback) throws Exception {
      URL jar = DecisionPathPairs.class.getProtectionDomain().getCodeSource().getLocation();
      URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
      Object side = Class.forName(type.getName(), true, loader).getConstructor(URI.class, boolean.class)
          .newInstance(server, loopback);
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

  /** Raw OkHttp: the baseline side. Public for its class loader. */
  public static final class RawSide implements Runnable, Closeable {
    private final OkHttpClient client;
    private final Request request;

    /**
     * Builds the client.
     *
     * @param server the canned server, called only on loopback
     * @param loopback whether calls go to the server over loopback or to in-memory sockets
     */
    public RawSide(URI server, boolean loopback) {
      client = Clients.rawOkHttp(loopback ? null : new MemorySocketFactory());
      request = new Request.Builder().url((loopback ? server.toString() : "http://127.0.0.1:9") + "/v1/item").build();
    }

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
   * Raw OkHttp set up as the SDK's transport sets it up for its attempts: no socket read or write
   * timeout, a call timeout on every call instead ({@link Clients#ATTEMPT_TIMEOUT}), and an Okio
   * timeout of 250 ms that re-enters itself (the transport's {@code WatchdogAnchor}, here without
   * its bookkeeping of clients and activity) so that Okio's watchdog is not woken by each exchange.
   * SDK - tuned raw is the SDK's own work, like for like. Public for its class loader.
   */
  public static final class TunedRawSide implements Runnable, Closeable {
    private final OkHttpClient client;
    private final Request request;
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

    /**
     * Builds the client and enters the anchor.
     *
     * @param server the canned server, called only on loopback
     * @param loopback whether calls go to the server over loopback or to in-memory sockets
     */
    public TunedRawSide(URI server, boolean loopback) {
      RawSide raw = new RawSide(server, loopback);
      client = raw.client.newBuilder().readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO).build();
      request = raw.request;
      anchor.timeout(250, TimeUnit.MILLISECONDS);
      anchor.enter();
    }

    @Override
    public void run() {
      Call call = client.newCall(request);
      call.timeout().timeout(Clients.ATTEMPT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      try {
        OverheadBenchmark.read(call);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      open = false;
      anchor.exit();
      Clients.close(client);
    }
  }

  /**
   * The SDK with every feature on; its health checks and config sync go to the canned server over
   * loopback, its calls too or to in-memory sockets. Public for its class loader.
   */
  public static final class SdkSide implements Runnable, Closeable {
    private final MicroEventClient client;
    private final EdgeRequest request = EdgeRequest.get("/v1/item");

    /**
     * Starts the client.
     *
     * @param server the canned server
     * @param loopback whether calls go to the server over loopback or to in-memory sockets
     */
    public SdkSide(URI server, boolean loopback) {
      client = Clients.sdk(server, new SimpleMeterRegistry(), loopback ? null : new MemorySocketFactory());
    }

    @Override
    public void run() {
      client.call(Intent.READ, request);
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
