package dev.microevent.testkit.load;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.RetryConfig;
import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Measures what rate the load generator can offer and hold on this machine, against a trivial
 * loopback server (a {@link FakeBackend} answering a 15-byte JSON), through a real {@code
 * MicroEventClient}; and, for the generator alone, against a target that does nothing. Prints a
 * table; asserts nothing (speed figures belong in reports, not in tests).
 *
 * <p>Run: {@code java -cp <test classpath> dev.microevent.testkit.load.LoadGeneratorCapacity [seconds]}
 * (see docs/testkit.md for the exact command).
 */
public final class LoadGeneratorCapacity {
  private LoadGeneratorCapacity() {}

  /**
   * Runs the ladder.
   *
   * @param args optional: seconds per step (default 5)
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Duration step = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
    out.printf(Locale.ROOT, "cores: %d, JVM %s, %d s per step%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), step.toSeconds());
    out.println("target                 offered/s  held/s   ok%    p50ms   p99ms  p99.9ms   maxms  lag-ms  inflight");
    for (double rate : new double[] {20_000, 50_000, 100_000}) {
      print(out, "no-op (generator only)", run((intent, request) -> { }, rate, step));
    }
    try (FakeBackend server = FakeBackend.start("trivial")) {
      server.route("GET", "/ping", FakeResponse.json(200, "{\"pong\":true}"));
      URI uri = server.uri();
      try (MicroEventClient client = MicroEventClient.builder()
          .addEdgePlane(dev.microevent.core.Plane.edge("loopback", uri, 0))
          .healthChecksEnabled(false)
          .policy(Intent.READ, IntentPolicy.builder().retry(RetryConfig.none()).circuitBreaker(null)
              .attemptTimeout(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(2)).build())
          .build()) {
        run(LoadTarget.of(client), 500, Duration.ofSeconds(2)); // warm-up, not printed
        for (double rate : new double[] {2_000, 4_000, 8_000, 12_000, 16_000}) {
          server.clearRequests();
          print(out, "client -> loopback", run(LoadTarget.of(client), rate, step));
        }
      }
    }
  }

  private static LoadReport run(LoadTarget target, double rate, Duration duration) {
    return LoadGenerator.builder()
        .target(target)
        .profile(LoadProfile.constant(rate, duration))
        .request(Intent.READ, EdgeRequest.get("/ping"))
        .maxConcurrency(512)
        .drainTimeout(Duration.ofSeconds(10))
        .build()
        .run();
  }

  private static void print(PrintStream out, String what, LoadReport r) {
    LatencySummary l = r.latency();
    out.printf(Locale.ROOT, "%-22s %9.0f %7.0f %6.2f %8.2f %7.2f %8.2f %7.1f %7.1f %9d%n", what, r.offeredRate(),
        r.throughput(), 100.0 * r.succeeded() / Math.max(1, r.offered()), ms(l.p50()), ms(l.p99()), ms(l.p999()),
        ms(l.max()), ms(r.maxDispatchLag()), r.maxInFlight());
    if (!r.errorsByKind().isEmpty()) {
      out.println("    errors: " + r.errorsByKind());
    }
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }
}
