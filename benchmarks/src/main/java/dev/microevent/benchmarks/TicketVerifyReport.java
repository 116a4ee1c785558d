package dev.microevent.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TicketVerifyBenchmark} (all four methods, one run, one thread) and prints
 * verifications per second per core, the Bouncy Castle / JDK ratio and whether the gate's full
 * check meets the bar. JMH measures wall-clock time, which on a shared, busy machine counts the
 * time the thread waited for a core; so the report also measures each method per second of the
 * thread's own CPU time (ThreadMXBean), which is what "per core" means there. Extra arguments go
 * to JMH (e.g. {@code -wi 3}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.TicketVerifyReport
 * }</pre>
 */
public final class TicketVerifyReport {
  /** The bar from the tickets issue: verifications per second per core. */
  static final double BAR = 5_000;

  private TicketVerifyReport() {}

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
    Map<String, Double> score = new HashMap<>();
    for (RunResult r : new Runner(new OptionsBuilder().parent(cli)
        .include(TicketVerifyBenchmark.class.getName() + "\\.").build()).run()) {
      String method = r.getParams().getBenchmark();
      score.put(method.substring(method.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    double bc = score.get("bouncyCastle");
    double jdk = score.get("jdk");
    double check = score.get("ticketCheck");
    out.println();
    out.printf(Locale.ROOT, "Bouncy Castle, key decoded once   %,10.0f verifications/s/core%n", bc);
    out.printf(Locale.ROOT, "Bouncy Castle, key decoded each   %,10.0f verifications/s/core%n",
        score.get("bouncyCastleRawKey"));
    out.printf(Locale.ROOT, "JDK Ed25519 (SunEC)               %,10.0f verifications/s/core%n", jdk);
    out.printf(Locale.ROOT, "ratio Bouncy Castle / JDK         %10.2f%n", bc / jdk);
    out.printf(Locale.ROOT, "TicketVerifier.check (full path)  %,10.0f tickets/s/core (bar %,.0f: %s)%n", check, BAR,
        check >= BAR ? "met" : "NOT met");
    out.printf(Locale.ROOT, "load average during the run       %10.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

    TicketVerifyBenchmark b = new TicketVerifyBenchmark();
    try {
      b.setUp();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
    double cpuBc = perCpuSecond(b::bouncyCastle);
    double cpuRaw = perCpuSecond(b::bouncyCastleRawKey);
    double cpuJdk = perCpuSecond(() -> {
      try {
        return b.jdk();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
    double cpuCheck = perCpuSecond(() -> b.ticketCheck().admits());
    out.println();
    out.println("per second of the thread's own CPU time (in-process, after JMH):");
    out.printf(Locale.ROOT, "Bouncy Castle, key decoded once   %,10.0f verifications/s/core%n", cpuBc);
    out.printf(Locale.ROOT, "Bouncy Castle, key decoded each   %,10.0f verifications/s/core%n", cpuRaw);
    out.printf(Locale.ROOT, "JDK Ed25519 (SunEC)               %,10.0f verifications/s/core%n", cpuJdk);
    out.printf(Locale.ROOT, "ratio Bouncy Castle / JDK         %10.2f%n", cpuBc / cpuJdk);
    out.printf(Locale.ROOT, "TicketVerifier.check (full path)  %,10.0f tickets/s/core (bar %,.0f: %s)%n", cpuCheck, BAR,
        cpuCheck >= BAR ? "met" : "NOT met");
  }

  /** Runs an operation for a few seconds after a warm-up; operations per second of thread CPU time. */
  private static double perCpuSecond(BooleanSupplier op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int sink = 0;
    long warmEnd = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      sink += op.getAsBoolean() ? 1 : 0;
    }
    long ops = 0;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long end = System.nanoTime() + 4_000_000_000L;
    while (System.nanoTime() < end) {
      sink += op.getAsBoolean() ? 1 : 0;
      ops++;
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpuStart;
    if (sink == 42) {
      System.out.print("");
    }
    return ops / (cpu / 1e9);
  }
}
