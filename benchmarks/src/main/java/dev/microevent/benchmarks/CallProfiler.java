package dev.microevent.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Scanner;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for what a call costs besides wall-clock time, per operation of each iteration
 * (every operation JMH ran in it, as {@code -prof gc} counts them):
 *
 * <ul>
 *   <li>{@code alloc.caller} bytes allocated by the benchmark's own threads (the callers);
 *   <li>{@code alloc.all} bytes allocated by every thread of the JVM (the callers, the client's
 *       background threads, and the in-process server, whose share is the same on both sides of a
 *       comparison and is reported on its own);
 *   <li>{@code cpu.caller} CPU time of the callers, nanoseconds: unlike wall-clock time it does not
 *       grow when a caller waits for a core on a busy machine;
 *   <li>{@code cpu.all} CPU time of the whole JVM (callers, background threads, the server, the JIT
 *       compiler and the garbage collector), nanoseconds;
 *   <li>{@code server.cpu} and {@code server.alloc}: the {@link CannedHttpServer} thread's CPU time
 *       (ns) and allocation (bytes) per request it answered, when one runs;
 *   <li>{@code jit}: milliseconds the JIT compilers worked per second of the iteration; more than a
 *       few in measured iterations means the warm-up was too short for the code to settle;
 *   <li>{@code machine.others}: cores' worth of CPU time that other processes used during the
 *       iteration (from {@code /proc/stat}, Linux only, else NaN): how busy the machine was.
 * </ul>
 *
 * Snapshots of allocation are taken last before and first after an iteration, so the profiler's
 * own work barely counts. Threads that end during an iteration take their allocation with them
 * (the JDK forgets them); none of the measured paths starts or ends threads per call.
 */
public final class CallProfiler implements InternalProfiler {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Map<Long, Long> allocBefore = Map.of();
  private Map<Long, Long> callerCpuBefore = Map.of();
  private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private long cpuBefore;
  private long jitBefore;
  private long wallBefore;
  private long[] machineBefore = {};
  private long serverRequestsBefore;
  private long serverCpuBefore;
  private long serverAllocBefore;

  /** Used by JMH. */
  public CallProfiler() {
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);
  }

  @Override
  public String getDescription() {
    return "allocation (caller threads, all threads), CPU time, server cost and machine load per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    machineBefore = machineTicks();
    wallBefore = System.nanoTime();
    cpuBefore = os.getProcessCpuTime();
    jitBefore = jitMillis();
    CannedHttpServer server = CannedHttpServer.current();
    if (server != null) {
      serverRequestsBefore = server.requests();
      serverCpuBefore = threads.getThreadCpuTime(server.threadId());
      serverAllocBefore = threads.getThreadAllocatedBytes(server.threadId());
    }
    callerCpuBefore = callerCpu();
    allocBefore = allocations();
  }

  @Override
  public Collection<ScalarResult> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    Map<Long, Long> allocAfter = allocations();
    Map<Long, Long> callerCpuAfter = callerCpu();
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    long[] machine = machineTicks();
    double ops = result.getMetadata().getAllOps();
    long callers = 0;
    long all = 0;
    for (Map.Entry<Long, Long> e : allocAfter.entrySet()) {
      long delta = e.getValue() - allocBefore.getOrDefault(e.getKey(), 0L);
      all += delta;
      if (isCaller(e.getKey())) {
        callers += delta;
      }
    }
    long callerCpu = 0;
    for (Map.Entry<Long, Long> e : callerCpuAfter.entrySet()) {
      callerCpu += e.getValue() - callerCpuBefore.getOrDefault(e.getKey(), 0L);
    }
    List<ScalarResult> out = new ArrayList<>();
    if (ops > 0) {
      out.add(new ScalarResult("cpu.caller", callerCpu / ops, "ns/op", AggregationPolicy.AVG));
      out.add(new ScalarResult("alloc.caller", callers / ops, "B/op", AggregationPolicy.AVG));
      out.add(new ScalarResult("alloc.all", all / ops, "B/op", AggregationPolicy.AVG));
      out.add(new ScalarResult("cpu.all", cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
    CannedHttpServer server = CannedHttpServer.current();
    if (server != null) {
      long served = server.requests() - serverRequestsBefore;
      long serverCpu = threads.getThreadCpuTime(server.threadId()) - serverCpuBefore;
      long serverAlloc = threads.getThreadAllocatedBytes(server.threadId()) - serverAllocBefore;
      if (served > 0) {
        out.add(new ScalarResult("server.cpu", (double) serverCpu / served, "ns/req", AggregationPolicy.AVG));
        out.add(new ScalarResult("server.alloc", (double) serverAlloc / served, "B/req", AggregationPolicy.AVG));
      }
    }
    long compiled = jitMillis() - jitBefore;
    if (compiled >= 0) {
      out.add(new ScalarResult("jit", compiled * 1e9 / wall, "ms/s", AggregationPolicy.AVG));
    }
    double others = othersCores(machine, cpu, wall);
    if (!Double.isNaN(others)) {
      out.add(new ScalarResult("machine.others", others, "cores", AggregationPolicy.AVG));
    }
    return out;
  }

  /** Milliseconds the JIT compilers have worked so far, or -1 where the JVM does not say. */
  private long jitMillis() {
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  /** Cores' worth of CPU that processes other than this JVM used over the interval. */
  private double othersCores(long[] machine, long ownCpuNanos, long wallNanos) {
    return othersCores(machineBefore, machine, ownCpuNanos, wallNanos);
  }

  /**
   * Cores' worth of CPU that processes other than this JVM used between two {@link #machineTicks()}
   * snapshots, NaN where there are none.
   *
   * @param ownCpuNanos this JVM's CPU time over the interval
   * @param wallNanos the interval
   */
  static double othersCores(long[] before, long[] after, long ownCpuNanos, long wallNanos) {
    if (after.length == 0 || before.length == 0 || wallNanos <= 0) {
      return Double.NaN;
    }
    long busyTicks = after[0] - before[0];
    // USER_HZ is 100 on every Linux this runs on: one tick is 10 ms.
    double busyNanos = busyTicks * 10_000_000.0;
    return Math.max(0, (busyNanos - ownCpuNanos) / wallNanos);
  }

  /** {busy ticks} of all CPUs from /proc/stat, or empty where there is none. */
  static long[] machineTicks() {
    try {
      String first = Files.readAllLines(PROC_STAT, StandardCharsets.US_ASCII).get(0);
      long busy = 0;
      // cpu user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
      try (Scanner fields = new Scanner(first)) {
        fields.next();
        for (int i = 1; i <= 8 && fields.hasNextLong(); i++) {
          long ticks = fields.nextLong();
          if (i != 4 && i != 5) {
            busy += ticks;
          }
        }
      }
      return new long[] {busy};
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  private Map<Long, Long> allocations() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> m = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        m.put(ids[i], bytes[i]);
      }
    }
    return m;
  }

  /** CPU time of each caller thread. */
  private Map<Long, Long> callerCpu() {
    Map<Long, Long> m = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      if (isCaller(id)) {
        long t = threads.getThreadCpuTime(id);
        if (t >= 0) {
          m.put(id, t);
        }
      }
    }
    return m;
  }

  private boolean isCaller(long threadId) {
    java.lang.management.ThreadInfo info = threads.getThreadInfo(threadId);
    return info != null && info.getThreadName().contains("-jmh-worker-");
  }
}
