package dev.microevent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.load.IntentLoad;
import dev.microevent.testkit.load.LoadGenerator;
import dev.microevent.testkit.load.LoadProfile;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.load.LoadTarget;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A flapping edge (up 2 s, down 2 s) with the central plane behind a small failover cap, under
 * many concurrent calls of every criticality: the critical intents must get through. Prints the
 * success ratio per intent.
 *
 * <p>CI runs 40 caller threads at 150 calls/s for 10 s, the edge answering 503 to everything
 * (heartbeats too) while down. The black-box report's 200 threads, on demand: {@code mvn -B -pl
 * sdk-testkit verify -Dit.test=FlappingEdgeIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dflapping.threads=200 -Dflapping.rate=600 -Dflapping.seconds=20 -Dflapping.down=503|reset|refused};
 * the figures are in {@code target/failsafe-reports/dev.microevent.testkit.FlappingEdgeIT-output.txt}.
 */
class FlappingEdgeIT {
  private static final Duration HALF_CYCLE = Duration.ofSeconds(2);
  private static final List<Intent> CRITICAL = List.of(Intent.PAYMENT, Intent.GATE_SCAN, Intent.CONTROL);
  private static final List<Intent> MIX =
      List.of(Intent.PAYMENT, Intent.GATE_SCAN, Intent.CONTROL, Intent.READ, Intent.TELEMETRY);

  private final int threads = Integer.getInteger("flapping.threads", 40);
  private final int rate = Integer.getInteger("flapping.rate", 150);
  private final long seconds = Long.getLong("flapping.seconds", 10);
  private final String down = System.getProperty("flapping.down", "503");

  @Test
  void criticalCallsGetThroughAFlappingEdge_behindASmallFailoverCap() {
    ScheduledExecutorService flapper = Executors.newSingleThreadScheduledExecutor();
    LoadReport report;
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
        FakeCentralPlane central = FakeCentralPlane.start();
        MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(edge.plane())
            .centralPlane(central.plane())
            .failover(FailoverPolicy.builder().maxConcurrent(4).maxPerSecond(20).criticalReserve(0.25).build())
            .build()) {
      // A warm client first (a cold first call takes seconds: timeouts would eject the edge at once).
      for (Intent i : MIX) {
        client.call(i, EdgeRequest.get("/v1/warm-up"));
      }
      flap(edge, flapper);
      LoadGenerator.Builder load = LoadGenerator.builder()
          .target(LoadTarget.of(client))
          .profile(LoadProfile.constant(rate, Duration.ofSeconds(seconds)))
          .maxConcurrency(threads)
          .drainTimeout(Duration.ofSeconds(30));
      for (Intent i : MIX) {
        load.request(i, EdgeRequest.get("/v1/" + i.name()));
      }
      report = load.build().run();
    } finally {
      flapper.shutdownNow();
    }

    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "flapping edge (up/down %d s, down = %s), %d threads, %d calls/s for %d s%n", HALF_CYCLE.toSeconds(), down,
        threads, rate, seconds));
    report.byIntent().values().forEach(l -> text.append(String.format(Locale.ROOT,
        "  %-14s %6d calls %8.2f %% ok  p50 %6.0f ms  p99 %6.0f ms%n", l.intent(), l.requests(), 100 * ratio(l),
        l.latency().p50().toNanos() / 1e6, l.latency().p99().toNanos() / 1e6)));
    text.append("  failures: ").append(report.errorsByKind()).append('\n');
    System.out.print(text);
    report.timeline().forEach(t -> System.out.printf(Locale.ROOT, "  %5d ms: %4d ok %4d failed %s%n",
        t.start().toMillis(), t.succeeded(), t.failed(), t.errorsByKind()));
    for (Intent critical : CRITICAL) {
      assertThat(ratio(report.byIntent().get(critical.name())))
          .as("%s success ratio%n%s", critical, text).isGreaterThanOrEqualTo(0.99);
    }
  }

  private static double ratio(IntentLoad l) {
    return l.requests() == 0 ? 0 : (double) l.succeeded() / l.requests();
  }

  /** Up for a half cycle, then down for a half cycle, and again. */
  private void flap(FakeEdgePlane edge, ScheduledExecutorService flapper) {
    if (!down.equals("refused")) {
      edge.faults().inject(Fault.flapping(HALF_CYCLE, HALF_CYCLE,
          down.equals("reset") ? Fault.reset() : Fault.status(503)));
      return;
    }
    AtomicBoolean up = new AtomicBoolean(true);
    ScheduledFuture<?> unused = flapper.scheduleAtFixedRate(() -> {
      if (up.compareAndSet(true, false)) {
        edge.stop();
      } else if (up.compareAndSet(false, true)) {
        edge.restart();
      }
    }, HALF_CYCLE.toNanos(), HALF_CYCLE.toNanos(), TimeUnit.NANOSECONDS);
  }
}
