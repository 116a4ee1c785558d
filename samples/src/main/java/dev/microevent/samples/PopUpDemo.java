package dev.microevent.samples;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkException;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.oracle.DecisionRequest;
import dev.microevent.core.oracle.DecisionStats;
import dev.microevent.samples.plane.ReferencePlane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The live-commerce pop-up demo: an in-process edge plane and central plane on loopback, a client
 * sending mixed traffic (reads, payments, stream chunks, telemetry), the edge plane dying mid-run
 * and coming back. Prints what happened: calls per route, failover and failback times, errors.
 *
 * <p>Run it with the README's first command; no server to install.
 */
public final class PopUpDemo {
  private static final Duration RUN = Duration.ofSeconds(12);
  private static final Duration OUTAGE_START = Duration.ofSeconds(3);
  private static final Duration OUTAGE_END = Duration.ofSeconds(7);

  /** At most 60 failed-over calls per second reach central, a quarter kept for payments. */
  private static final FailoverPolicy FAILOVER = new FailoverPolicy(16, 60, 0.25);

  private final PrintStream out;
  private final long t0 = System.nanoTime();

  private PopUpDemo(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception if the loopback planes cannot start
   */
  public static void main(String[] args) throws Exception {
    new PopUpDemo(new PrintStream(System.out, true, StandardCharsets.UTF_8)).run();
  }

  private String at() {
    return String.format(Locale.ROOT, "[%5.1fs]", (System.nanoTime() - t0) / 1e9);
  }

  private void say(String line) {
    out.println(at() + " " + line);
  }

  private void run() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Timeline timeline = new Timeline();
    try (ReferencePlane edge = ReferencePlane.start("venue-hub");
        ReferencePlane central = ReferencePlane.start("central");
        MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(Plane.edge("venue-hub", edge.uri(), 0))
            .centralPlane(Plane.central(central.uri()))
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(500)).withThresholds(2, 3))
            .failover(FAILOVER)
            .meterRegistry(registry)
            .addCallListener(timeline)
            .build()) {
      out.println("Microevent pop-up demo: edge plane 'venue-hub' at " + edge.uri() + ", central at " + central.uri());
      say("traffic starts: READ 50/s, STREAM_UPLINK 25/s, TELEMETRY 10/s, PAYMENT 5/s");
      ExecutorService workers = Executors.newFixedThreadPool(16);
      ScheduledExecutorService pacer = Executors.newScheduledThreadPool(1);
      List<Runnable> streams = List.of(
          () -> send(client, Intent.READ, EdgeRequest.get("/v1/catalog")),
          () -> send(client, Intent.STREAM_UPLINK, EdgeRequest.builder("POST", "/v1/stream/chunks")
              .body(new byte[2048], "application/octet-stream").build()),
          () -> send(client, Intent.TELEMETRY, EdgeRequest.builder("POST", "/v1/telemetry")
              .body("{\"event\":\"view\"}", "application/json").build()),
          () -> checkout(client));
      long[] periodsMillis = {20, 40, 100, 200};
      for (int i = 0; i < streams.size(); i++) {
        Runnable r = streams.get(i);
        var unused = pacer.scheduleAtFixedRate(() -> workers.execute(r), 0, periodsMillis[i], TimeUnit.MILLISECONDS);
      }
      var down = pacer.schedule(() -> {
        edge.down();
        timeline.outageStarted(System.nanoTime());
        say("!! edge plane venue-hub goes down (connection refused)");
      }, OUTAGE_START.toMillis(), TimeUnit.MILLISECONDS);
      var upAgain = pacer.schedule(() -> {
        try {
          edge.up();
          say("edge plane venue-hub is back up");
        } catch (java.io.IOException e) {
          say("could not restart the edge plane: " + e.getMessage());
        }
      }, OUTAGE_END.toMillis(), TimeUnit.MILLISECONDS);
      pacer.awaitTermination(RUN.toMillis(), TimeUnit.MILLISECONDS);
      pacer.shutdownNow();
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      say("traffic stops");
      down.cancel(false);
      upAgain.cancel(false);
      timeline.print(out, edge, central);
      experience(client, timeline);
    }
  }

  /** A checkout: ask the oracle for an upsell (local-first), then pay. */
  private void checkout(MicroEventClient client) {
    int cartSize = 1 + (int) (System.nanoTime() % 5);
    try {
      client.oracle().decide(DecisionRequest.of("upsell", Map.of("cartSize", Integer.toString(cartSize))));
    } catch (SdkException e) {
      // no upsell this time; the checkout goes on
    }
    send(client, Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
        .body("{\"amount\":2500,\"currency\":\"EUR\"}", "application/json").build());
  }

  private void send(MicroEventClient client, Intent intent, EdgeRequest request) {
    try {
      client.call(intent, request);
    } catch (SdkException expected) {
      // counted by the timeline listener
    }
  }

  private static final List<Intent> INTENTS = List.of(Intent.PAYMENT, Intent.READ, Intent.STREAM_UPLINK,
      Intent.TELEMETRY);

  /** Prints how the event felt: success against SLO, burn rate, latency, local decisions. */
  private void experience(MicroEventClient client, Timeline timeline) {
    client.errorBudgets().evaluateNow();
    out.println();
    out.println("Experience summary (config " + client.config().current().version() + " from the edge plane)");
    out.printf(Locale.ROOT, "  %-15s %7s %9s %8s %9s %8s %8s  %s%n", "intent", "calls", "success", "SLO",
        "burn 5m", "p50 ms", "p99 ms", "alert");
    for (Intent i : INTENTS) {
      ErrorBudget b = client.errorBudgets().of(i).orElseThrow();
      Histogram h = timeline.latency(i);
      out.printf(Locale.ROOT, "  %-15s %7d %8.2f%% %7.2f%% %9.1f %8.1f %8.1f  %s%n", i, b.events(ErrorBudget.W5M),
          100 * (1 - b.errorRatio(ErrorBudget.W5M)), 100 * b.slo().target(), b.burnRate(ErrorBudget.W5M),
          h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          client.errorBudgets().levels().getOrDefault(i.name(), BudgetAlert.Severity.NONE));
    }
    DecisionStats upsell = client.oracle().stats().get("upsell");
    if (upsell != null) {
      out.printf(Locale.ROOT, "  decisions: upsell answered on the device %d of %d times (%.0f %%),"
              + " by the cloud %d, degraded %d%n", upsell.local() + upsell.degraded(), upsell.total(),
          100 * upsell.localShare(), upsell.remote(), upsell.degraded());
    }
  }

  /** Listens to every call and attempt and remembers what the audience should see. */
  private final class Timeline implements CallListener {
    private final Map<String, LongAdder> byIntentAndRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Intent, Histogram> latencies = new ConcurrentHashMap<>();

    Histogram latency(Intent intent) {
      return latencies.computeIfAbsent(intent, k -> new ConcurrentHistogram(3));
    }
    private final AtomicLong outageAt = new AtomicLong();
    private final AtomicLong failoverAt = new AtomicLong();
    private final AtomicLong failbackAt = new AtomicLong();

    void outageStarted(long nanos) {
      outageAt.set(nanos);
    }

    @Override
    public void onAttempt(AttemptEvent e) {
      if (e.failover() && e.outcome() == Outcome.SUCCESS && failoverAt.compareAndSet(0, System.nanoTime())) {
        say("failover: first call served by the central plane (" + e.intent() + ")");
      }
      if (!e.failover() && e.outcome() == Outcome.SUCCESS && failoverAt.get() != 0
          && failbackAt.compareAndSet(0, System.nanoTime())) {
        say("failback: calls are served by venue-hub again");
      }
    }

    @Override
    public void onCall(CallEvent e) {
      latency(e.intent()).recordValue(Math.max(1, e.duration().toNanos() / 1000));
      String route = e.succeeded() ? e.planeId() : "failed";
      byIntentAndRoute.computeIfAbsent(e.intent() + "|" + route, k -> new LongAdder()).increment();
      SdkException f = e.failure();
      if (f != null) {
        String kind = f instanceof NoRouteException n ? "no route: " + n.reason() : f.getClass().getSimpleName();
        errors.computeIfAbsent(kind + " (" + e.intent() + ")", k -> new LongAdder()).increment();
      }
    }

    void print(PrintStream out, ReferencePlane edge, ReferencePlane central) {
      out.println();
      out.println("Calls per route");
      out.printf(Locale.ROOT, "  %-15s %10s %10s %10s%n", "intent", "venue-hub", "central", "failed");
      for (Intent i : INTENTS) {
        out.printf(Locale.ROOT, "  %-15s %10d %10d %10d%n", i, count(i, "venue-hub"), count(i, "central"),
            count(i, "failed"));
      }
      long outage = outageAt.get();
      out.println();
      out.println("Failover and failback");
      if (outage != 0 && failoverAt.get() != 0) {
        out.printf(Locale.ROOT, "  first call served by central  %6.0f ms after the edge died%n",
            (failoverAt.get() - outage) / 1e6);
      }
      if (failbackAt.get() != 0) {
        out.printf(Locale.ROOT, "  back on the edge              %6.0f ms after it came back%n",
            (failbackAt.get() - outage) / 1e6 - (OUTAGE_END.toMillis() - OUTAGE_START.toMillis()));
      }
      out.println();
      out.println("Errors the app saw (by type)");
      if (errors.isEmpty()) {
        out.println("  none");
      }
      new TreeMap<>(errors).forEach((k, v) -> out.printf(Locale.ROOT, "  %-45s %6d%n", k, v.sum()));
      out.println();
      out.printf(Locale.ROOT, "Payments: %d charged by the planes, each once per Idempotency-Key%n",
          edge.charges() + central.charges());
      out.println("While the edge was down:");
      out.println("  - TELEMETRY is NON_ESSENTIAL: it never fails over (FAILOVER_NOT_ALLOWED);");
      out.printf(Locale.ROOT, "  - central took at most %d failed-over calls/s with %.0f %% kept for CRITICAL calls:%n",
          FAILOVER.maxPerSecond(), FAILOVER.criticalReserve() * 100);
      out.printf(Locale.ROOT, "    %d READ/STREAM_UPLINK calls were refused (FAILOVER_CAPACITY), %d payments.%n",
          errorCount("no route: FAILOVER_CAPACITY (READ)") + errorCount("no route: FAILOVER_CAPACITY (STREAM_UPLINK)"),
          errorCount("no route: FAILOVER_CAPACITY (PAYMENT)"));
    }

    private long errorCount(String kind) {
      LongAdder a = errors.get(kind);
      return a == null ? 0 : a.sum();
    }

    private long count(Intent intent, String route) {
      LongAdder a = byIntentAndRoute.get(intent + "|" + route);
      return a == null ? 0 : a.sum();
    }
  }
}
