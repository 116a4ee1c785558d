package dev.microevent.benchmarks;

import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AuditAppendBenchmark} and {@link AuditProofBenchmark} and prints durable appends per
 * second against the bar, and proof times at a million entries. JMH measures wall-clock time,
 * which on a shared, busy machine counts the time threads waited for a core; so the report also
 * measures appends per second of the whole process's CPU time (the producer, the writer and the
 * JVM: what one core of a quiet machine would do) and proofs per second of the thread's own CPU
 * time. Extra arguments go to JMH (e.g. {@code -wi 1}):
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.AuditLogReport
 * }</pre>
 */
public final class AuditLogReport {
  /** The bar from the audit log issue: durable appends per second. */
  static final double BAR = 100_000;

  private AuditLogReport() {}

  /**
   * Runs the benchmarks and prints the figures.
   *
   * @param args JMH command-line options
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the options are malformed
   * @throws IOException if the in-process log cannot be made
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CommandLineOptions cli = new CommandLineOptions(args);
    Map<String, Double> score = new HashMap<>();
    Map<String, Double> error = new HashMap<>();
    for (RunResult r : new Runner(new OptionsBuilder().parent(cli)
        .include(AuditAppendBenchmark.class.getName() + "\\.").include(AuditProofBenchmark.class.getName() + "\\.")
        .build()).run()) {
      String method = r.getParams().getBenchmark();
      String name = method.substring(method.lastIndexOf('.') + 1);
      score.put(name, r.getPrimaryResult().getScore());
      error.put(name, r.getPrimaryResult().getScoreError());
    }
    double pipelined = score.get("appendAsyncPipelined");
    out.println();
    out.println("JMH, wall clock:");
    out.printf(Locale.ROOT, "durable appends, 1 producer, appendAsync   %,10.0f appends/s (bar %,.0f: %s)%n", pipelined,
        BAR, pipelined >= BAR ? "met" : "NOT met");
    out.printf(Locale.ROOT, "durable appends, 16 threads, append        %,10.0f appends/s%n",
        score.get("appendBlocking16Threads"));
    for (String m : new String[] {"inclusionProof", "consistencyProof", "treeHead", "verifyInclusion",
        "verifyInclusionPathOnly", "verifyConsistency"}) {
      out.printf(Locale.ROOT, "%-42s %10.2f µs/op (± %.2f) at %,d entries%n", m, score.get(m), error.get(m),
          AuditProofBenchmark.SIZE);
    }
    out.printf(Locale.ROOT, "load average during the run                %10.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

    out.println();
    out.println("per second of CPU time (in-process, after JMH):");
    appendsPerCpuSecond(out);
    AuditProofBenchmark b = new AuditProofBenchmark();
    b.fill();
    try {
      perThreadCpu(out, "inclusionProof", b::inclusionProof);
      perThreadCpu(out, "consistencyProof", b::consistencyProof);
      perThreadCpu(out, "treeHead", b::treeHead);
      perThreadCpu(out, "verifyInclusion", b::verifyInclusion);
      perThreadCpu(out, "verifyInclusionPathOnly", b::verifyInclusionPathOnly);
      perThreadCpu(out, "verifyConsistency", b::verifyConsistency);
    } finally {
      b.close();
    }
  }

  /** Pipelined appends for a few seconds after a warm-up; appends per second of process CPU time. */
  private static void appendsPerCpuSecond(PrintStream out) throws IOException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("audit.bench.dir", "target")).toAbsolutePath(),
        "audit-cpu");
    AuditAppendBenchmark.Log state = new AuditAppendBenchmark.Log();
    try (AuditLog log = AuditAppendBenchmark.Log.open(dir)) {
      ArrayDeque<CompletableFuture<AuditReceipt>> inFlight = new ArrayDeque<>();
      long warmEnd = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < warmEnd) {
        pump(log, state, inFlight);
      }
      while (!inFlight.isEmpty()) {
        inFlight.poll().join();
      }
      long sizeStart = log.size();
      long cpuStart = os.getProcessCpuTime();
      long wallStart = System.nanoTime();
      long end = wallStart + 6_000_000_000L;
      while (System.nanoTime() < end) {
        pump(log, state, inFlight);
      }
      while (!inFlight.isEmpty()) {
        inFlight.poll().join();
      }
      double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
      double wall = (System.nanoTime() - wallStart) / 1e9;
      long appended = log.size() - sizeStart;
      out.printf(Locale.ROOT, "durable appends, 1 producer, appendAsync   %,10.0f appends per process CPU-second"
          + " (bar %,.0f: %s); %,.0f/s wall; %.2f cores busy%n", appended / cpu, BAR, appended / cpu >= BAR ? "met"
          : "NOT met", appended / wall, cpu / wall);
    } finally {
      AuditAppendBenchmark.delete(dir);
    }
  }

  private static void pump(AuditLog log, AuditAppendBenchmark.Log state,
      ArrayDeque<CompletableFuture<AuditReceipt>> inFlight) {
    inFlight.add(log.appendAsync(state.entry()));
    if (inFlight.size() > AuditAppendBenchmark.WINDOW) {
      inFlight.poll().join();
    }
  }

  /** Runs an operation for a few seconds after a warm-up; microseconds of thread CPU time per operation. */
  private static void perThreadCpu(PrintStream out, String name, Supplier<?> op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int sink = 0;
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      sink += op.get().hashCode() & 1;
    }
    long ops = 0;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long end = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < end) {
      sink += op.get().hashCode() & 1;
      ops++;
    }
    double cpuMicros = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e3;
    if (sink == 42) {
      out.print("");
    }
    out.printf(Locale.ROOT, "%-42s %10.2f µs of CPU/op, %,10.0f ops per CPU-second%n", name, cpuMicros / ops,
        ops / (cpuMicros / 1e6));
  }
}
