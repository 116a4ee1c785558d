package dev.microevent.benchmarks;

import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import dev.microevent.plane.telemetry.ObjectStore;
import dev.microevent.plane.telemetry.SamplingPolicy;
import dev.microevent.plane.telemetry.Span;
import dev.microevent.plane.telemetry.TelemetryCollector;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the edge collector costs the app per span, on the calling thread: {@code recordKept} (a
 * span the sampling keeps: counted, buffered; a full batch is handed to the collector's thread),
 * {@code recordSampledOut} (counted only), and {@code callListener} (the SDK's call event turned
 * into a span, then recorded with the default 10 % head share). Allocation per operation comes
 * from {@code -prof gc}:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main TelemetryCollectorBenchmark -prof gc -f 1
 * }</pre>
 *
 * <p>The store points at a closed port and nothing is uploaded: the spool (bounded, oldest
 * dropped) absorbs the sealed batches, so the sealing thread's work runs beside the measured one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryCollectorBenchmark {
  private static final int SPANS = 4096;

  private Path spool;
  private TelemetryCollector keepAll;
  private TelemetryCollector sampled;
  private CallListener listener;
  private Span[] kept;
  private Span[] fast;
  private CallEvent[] calls;
  private int i;

  /** Starts two collectors and prepares spans and call events. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    spool = Files.createTempDirectory("telemetry-bench");
    ObjectStore nowhere = ObjectStore.builder().endpoint(URI.create("http://127.0.0.1:9")).bucket("bench-bucket")
        .credentials("bench", "bench-secret").maxAttempts(1).build();
    keepAll = TelemetryCollector.builder().venue("bench").collectorId("keep").store(nowhere)
        .spoolDirectory(spool.resolve("keep")).spoolMaxBytes(64L * 1024 * 1024).flushInterval(Duration.ZERO)
        .sampling(SamplingPolicy.keepAll()).start();
    sampled = TelemetryCollector.builder().venue("bench").collectorId("sampled").store(nowhere)
        .spoolDirectory(spool.resolve("sampled")).spoolMaxBytes(64L * 1024 * 1024).flushInterval(Duration.ZERO)
        .sampling(new SamplingPolicy(Duration.ofMillis(500), 0.10)).start();
    listener = sampled.callListener();
    Random r = new Random(1);
    HexFormat hex = HexFormat.of();
    kept = new Span[SPANS];
    fast = new Span[SPANS];
    calls = new CallEvent[SPANS];
    String[] intents = {"payment", "read", "gate_scan"};
    EdgeRequest request = EdgeRequest.get("/v1/catalog");
    Instant t0 = Instant.parse("2026-12-06T14:00:00Z");
    for (int n = 0; n < SPANS; n++) {
      byte[] trace = randomId(r, 16);
      byte[] id = randomId(r, 8);
      String intent = intents[n % 3];
      kept[n] = new Span(hex.formatHex(trace), hex.formatHex(id), intent, "embb", "edge-1", "success", 200,
          t0.toEpochMilli() * 1_000_000L + n, 30_000_000L + n);
      // a trace id whose last 56 bits are above the 10 % share: sampled out
      trace[9] = (byte) 0xff;
      fast[n] = new Span(hex.formatHex(trace), hex.formatHex(id), intent, "embb", "edge-1", "success", 200,
          t0.toEpochMilli() * 1_000_000L + n, 30_000_000L + n);
      calls[n] = CallEvent.builder().intent(Intent.READ).request(request).planeId("edge-1")
          .outcome(n % 100 == 0 ? Outcome.SERVER_ERROR : Outcome.SUCCESS).statusCode(n % 100 == 0 ? 503 : 200)
          .attempts(1).startedAt(t0.plusMillis(n)).duration(Duration.ofMillis(20 + n % 50)).build();
    }
  }

  /** A random id of some bytes, never all zero (shared with {@link TelemetryUploadReport}). */
  static byte[] randomId(Random r, int bytes) {
    byte[] id = new byte[bytes];
    r.nextBytes(id);
    id[0] |= 1;
    return id;
  }

  /** Stops the collectors and removes the spool. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    keepAll.close();
    sampled.close();
    try (var files = Files.walk(spool)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A span the policy keeps. */
  @Benchmark
  public boolean recordKept() {
    return keepAll.record(kept[i++ & (SPANS - 1)]);
  }

  /** A fast, successful span outside the head share: counted, not kept. */
  @Benchmark
  public boolean recordSampledOut() {
    return sampled.record(fast[i++ & (SPANS - 1)]);
  }

  /** The SDK's call listener: call event to span, sampled at 10 %. */
  @Benchmark
  public void callListener() {
    listener.onCall(calls[i++ & (SPANS - 1)]);
  }
}
