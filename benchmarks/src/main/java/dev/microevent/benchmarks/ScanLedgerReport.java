package dev.microevent.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link ScanLedgerBenchmark} (one run, one thread, every call timed) and prints each
 * method's p50, p99 and p99.9 in microseconds, and whether the gate's decision meets the targets
 * (p99 at most 2 ms on SQLite, 5 ms on Redis), for the default durability and, on SQLite, for a
 * ledger flushing each decision to the disk. Latency on a shared, busy machine includes waiting
 * for a core and for the disk; so the report also measures, in-process after JMH, the thread's
 * own CPU time per call (ThreadMXBean): what a decision costs a core, apart from the waiting.
 * Extra arguments go to JMH (e.g. {@code -i 3}); {@code -Dledger.redis=redis://...} uses a running
 * Redis instead of starting one:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.ScanLedgerReport
 * }</pre>
 */
public final class ScanLedgerReport {
  /** The targets from the ledger issue: a gate decision's p99, in microseconds. */
  static final double SQLITE_P99_TARGET = 2_000;
  static final double REDIS_P99_TARGET = 5_000;

  private static final String[] METHODS = {
      "gateSqlite", "gateSqliteFlushed", "gateRedis", "gateInMemory", "claimSqlite", "claimSqliteFlushed", "claimSqliteNoDisk",
      "claimRedis", "fsyncFloor", "redisPingFloor"};

  private ScanLedgerReport() {}

  /**
   * Runs the benchmark and prints the figures.
   *
   * @param args JMH command-line options
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the options are malformed
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli).include(ScanLedgerBenchmark.class.getName() + "\\.");
    String redis = System.getProperty("ledger.redis");
    if (redis != null) {
      options.jvmArgsAppend("-Dledger.redis=" + redis);
    }
    Map<String, Statistics> stats = new LinkedHashMap<>();
    for (RunResult r : new Runner(options.build()).run()) {
      String method = r.getParams().getBenchmark();
      stats.put(method.substring(method.lastIndexOf('.') + 1), r.getPrimaryResult().getStatistics());
    }
    out.println();
    out.println("latency per call, microseconds (JMH sample time, one thread):");
    out.printf(Locale.ROOT, "%-19s %10s %10s %10s %10s%n", "", "p50", "p99", "p99.9", "samples");
    for (String m : METHODS) {
      Statistics s = stats.get(m);
      if (s != null) {
        out.printf(Locale.ROOT, "%-19s %10.1f %10.1f %10.1f %10d%n", m, s.getPercentile(50), s.getPercentile(99),
            s.getPercentile(99.9), s.getN());
      }
    }
    verdict(out, "gate decision, SQLite", stats.get("gateSqlite"), SQLITE_P99_TARGET);
    verdict(out, "  ... flushing each (FULL)", stats.get("gateSqliteFlushed"), SQLITE_P99_TARGET);
    verdict(out, "gate decision, Redis", stats.get("gateRedis"), REDIS_P99_TARGET);
    verdict(out, "gate decision, in memory", stats.get("gateInMemory"), SQLITE_P99_TARGET);
    out.printf(Locale.ROOT, "load average during the run   %.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

    ScanLedgerBenchmark b = new ScanLedgerBenchmark();
    try {
      b.setUp();
      out.println();
      out.println("CPU time of the calling thread per call, microseconds (in-process, after JMH):");
      cpu(out, "gateSqlite", b::gateSqlite);
      cpu(out, "gateRedis", b::gateRedis);
      cpu(out, "gateSqliteFlushed", b::gateSqliteFlushed);
      cpu(out, "gateInMemory", b::gateInMemory);
      cpu(out, "claimSqlite", b::claimSqlite);
      cpu(out, "claimSqliteFlushed", b::claimSqliteFlushed);
      cpu(out, "claimSqliteNoDisk", b::claimSqliteNoDisk);
      cpu(out, "claimRedis", b::claimRedis);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      b.tearDown();
    }
  }

  private static void verdict(PrintStream out, String what, Statistics s, double target) {
    if (s == null) {
      return;
    }
    double p99 = s.getPercentile(99);
    out.printf(Locale.ROOT, "%-29s p99 %.0f us (target %.0f us: %s)%n", what, p99, target,
        p99 <= target ? "met" : "NOT met");
  }

  /** Runs a call for a few seconds after a warm-up; the thread's CPU time per call. */
  private static void cpu(PrintStream out, String name, Supplier<?> op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int sink = 0;
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      sink += op.get().hashCode() & 1;
    }
    long ops = 0;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    long end = wallStart + 3_000_000_000L;
    while (System.nanoTime() < end) {
      sink += op.get().hashCode() & 1;
      ops++;
    }
    double cpuUs = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e3 / ops;
    double wallUs = (System.nanoTime() - wallStart) / 1e3 / ops;
    if (sink == -1) {
      out.print("");
    }
    out.printf(Locale.ROOT, "%-19s %8.1f us CPU, %8.1f us wall (mean), %,.0f decisions per CPU-second%n", name, cpuUs,
        wallUs, 1e6 / cpuUs);
  }
}
