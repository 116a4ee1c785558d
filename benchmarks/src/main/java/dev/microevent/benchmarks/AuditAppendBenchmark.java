package dev.microevent.benchmarks;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditSigningKey;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable audit log appends per second, as the log acknowledges them (written and {@code
 * fdatasync}ed, group commit), to a log on the build machine's disk: one producer keeping up to
 * {@value #WINDOW} {@code appendAsync} calls in flight (what a gate's listener does), and 16
 * threads each calling the blocking {@code append} (what a busy checkout server does). Each
 * operation is one acknowledged append. Run it with {@link AuditLogReport}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AuditAppendBenchmark {
  /** Appends a producer keeps in flight. */
  static final int WINDOW = 16_384;

  /** A log in a fresh directory, and a ring of ready-made entries. */
  @State(Scope.Benchmark)
  public static class Log {
    AuditLog log;
    Path dir;
    final AuditEntry[] entries = entries(4_096);
    final AtomicInteger next = new AtomicInteger();

    /**
     * Opens the log.
     *
     * @throws IOException if the directory cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory(Path.of(System.getProperty("audit.bench.dir", "target")).toAbsolutePath(),
          "audit-bench");
      log = open(dir);
    }

    static AuditLog open(Path dir) {
      return AuditLog.builder().directory(dir).logId("bench.north-1")
          .signingKey(AuditSigningKey.fromSeed(new byte[32])).open();
    }

    /**
     * Closes the log and deletes its files.
     *
     * @throws IOException if they cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      log.close();
      delete(dir);
    }

    AuditEntry entry() {
      return entries[next.getAndIncrement() & (entries.length - 1)];
    }
  }

  /** One producer's appends in flight. */
  @State(Scope.Thread)
  public static class Window {
    final ArrayDeque<CompletableFuture<AuditReceipt>> inFlight = new ArrayDeque<>();

    /** Waits for every append in flight, so each iteration counts only acknowledged appends. */
    @TearDown(Level.Iteration)
    public void drain() {
      while (!inFlight.isEmpty()) {
        inFlight.poll().join();
      }
    }
  }

  static AuditEntry[] entries(int n) {
    AuditEntry[] out = new AuditEntry[n];
    EventId event = EventId.of("rooftop-2026-06-13");
    GateId gate = GateId.of("north-1");
    Instant at = Instant.parse("2026-06-13T19:30:00Z");
    for (int i = 0; i < n; i++) {
      out[i] = AuditEntry.gateScan(event, TicketId.of("T-" + (100_000 + i)), gate,
          i % 17 == 0 ? VerdictKind.ALREADY_USED : VerdictKind.VALID, at.plusMillis(i * 37L));
    }
    return out;
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * One producer, {@code appendAsync}, up to {@value #WINDOW} in flight: one acknowledged append
   * per operation in the steady state.
   *
   * @param s the log
   * @param w the producer's window
   * @return the receipt acknowledged by this operation, if any
   */
  @Benchmark
  @Threads(1)
  public Object appendAsyncPipelined(Log s, Window w) {
    w.inFlight.add(s.log.appendAsync(s.entry()));
    return w.inFlight.size() > WINDOW ? w.inFlight.poll().join() : w;
  }

  /**
   * Sixteen threads, each waiting for its append to be durable.
   *
   * @param s the log
   * @return the receipt
   */
  @Benchmark
  @Threads(16)
  public AuditReceipt appendBlocking16Threads(Log s) {
    return s.log.append(s.entry());
  }
}
