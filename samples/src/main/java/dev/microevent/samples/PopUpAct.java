package dev.microevent.samples;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.Criticality;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkException;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.oracle.DecisionRequest;
import dev.microevent.core.oracle.DecisionStats;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.Chemistry;
import dev.microevent.power.DegradationPolicy;
import dev.microevent.power.PowerClient;
import dev.microevent.power.PowerLoad;
import dev.microevent.power.PowerThreshold;
import dev.microevent.power.SimulatedProfile;
import dev.microevent.samples.plane.ReferencePlane;
import dev.microevent.slices.FiveQi;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SlicePlan;
import dev.microevent.slices.SliceServiceType;
import dev.microevent.slices.SliceSteering;
import dev.microevent.slices.SlicesClient;
import dev.microevent.slices.Snssai;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Act 1, a creator pop-up: an in-process edge plane and central plane on loopback, a client
 * sending mixed traffic (catalog reads, payments with an upsell decision, stream chunks,
 * telemetry). Payments leave through the checkout slice (127.0.0.2), stream chunks through the
 * streaming slice (127.0.0.3). Mid-run the edge plane dies and comes back. A simulated solar kit
 * runs a night and a morning in seconds: the battery falls, the SDK sheds telemetry, the sun
 * brings it back; the pop-up's Matter room ({@link PopUpRoom}) goes dark for the night and comes
 * back. Prints what happened and how it felt against the SLOs.
 */
final class PopUpAct {
  private static final Duration RUN = Duration.ofSeconds(14);
  private static final Duration OUTAGE_START = Duration.ofSeconds(3);
  private static final Duration OUTAGE_END = Duration.ofSeconds(7);
  private static final List<Intent> INTENTS = List.of(Intent.PAYMENT, Intent.READ, Intent.STREAM_UPLINK,
      Intent.TELEMETRY);
  /** At most 60 failed-over calls per second reach central, a quarter kept for payments. */
  private static final FailoverPolicy FAILOVER = FailoverPolicy.builder().maxConcurrent(16).maxPerSecond(60)
      .criticalReserve(0.25).build();

  private final Stage stage;
  private final PrintStream out;

  PopUpAct(Stage stage) {
    this.stage = stage;
    this.out = stage.out();
  }

  void run() throws Exception {
    stage.title("Act 1: a creator pop-up on a flaky edge, two 5G slices and a solar battery");
    Timeline timeline = new Timeline();
    SliceSteering steering = SliceSteering.of(SlicePlan.playbook(
        Slice.builder(SliceId.of("checkout")).snssai(Snssai.of(SliceServiceType.URLLC, 0x00C0DE))
            .qos(FiveQi.standard(7)).localAddress(InetAddress.getByName("127.0.0.2"))
            .exclusiveTo(Intent.PAYMENT).build(),
        Slice.builder(SliceId.of("streaming")).snssai(Snssai.of(SliceServiceType.EMBB, 0x000051))
            .qos(FiveQi.standard(71)).localAddress(InetAddress.getByName("127.0.0.3")).build()));
    try (ReferencePlane edge = ReferencePlane.start("venue-hub");
        ReferencePlane central = ReferencePlane.start("central");
        MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(Plane.edge("venue-hub", edge.uri(), 0))
            .centralPlane(Plane.central(central.uri()))
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(500)).withThresholds(2, 3))
            .failover(FAILOVER)
            .install(steering)
            .addModeListener(c -> stage.say("service mode " + c.from() + " -> " + c.to() + " (" + c.source() + ": "
                + c.reason() + ")"))
            .meterRegistry(new SimpleMeterRegistry())
            .addCallListener(timeline)
            .build();
        SlicesClient slices = SlicesClient.builder().client(client).steering(steering).build();
        PowerClient power = solarKit(client)) {
      out.println("edge plane 'venue-hub' at " + edge.uri() + ", central at " + central.uri()
          + "; payments on slice checkout (127.0.0.2), streams on slice streaming (127.0.0.3)");
      try (PopUpRoom room = PopUpRoom.open(stage, client)) {
        power.pauseWhileShed(Criticality.NON_ESSENTIAL, () -> stage.say("app hook: analytics batching paused"),
            () -> stage.say("app hook: analytics batching resumed"));
        stage.say("traffic starts: READ 50/s, STREAM_UPLINK 25/s, TELEMETRY 10/s, PAYMENT 5/s (each with an upsell"
            + " decision); the simulated solar kit runs an hour per second from 02:00");
        runTraffic(client, edge, timeline);
        stage.say("traffic stops");
        room.printState();
      }
      timeline.print(edge, central);
      out.println();
      out.println("Per slice (sdk-slices):");
      out.print(slices.snapshot().toTable());
      out.println("Where the calls came from, as the planes saw them:");
      sources(edge, central);
      experience(client, timeline);
    }
  }

  /**
   * A 12 V 100 Ah LiFePO4 kit with 600 W of panels, simulated an hour per second from 02:00,
   * proposing its mode to the client.
   */
  private PowerClient solarKit(MicroEventClient client) {
    return PowerClient.builder()
        .client(client)
        .pollInterval(Duration.ofMillis(250))
        .simulated("solar-kit", SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LIFEPO4, 12, 100), 45, 0, 600,
            LocalTime.of(6, 0), LocalTime.of(20, 0)).withTimeScale(3600).withStartTime(LocalTime.of(2, 0)))
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 40))
        .addLoad(PowerLoad.of("stream", Criticality.DEGRADED, 30))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 50))
        .policy(DegradationPolicy.builder()
            .reduceBelow(PowerThreshold.of(Duration.ofMinutes(30), 40))
            .criticalOnlyBelow(PowerThreshold.of(Duration.ofMinutes(10), 15))
            .recoveryDelay(Duration.ofSeconds(2))
            .build())
        .build();
  }

  private void runTraffic(MicroEventClient client, ReferencePlane edge, Timeline timeline) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(16);
    ScheduledExecutorService pacer = Executors.newScheduledThreadPool(1);
    try {
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
      ScheduledFuture<?> down = pacer.schedule(() -> {
        edge.down();
        timeline.outageStarted();
        stage.say("!! edge plane venue-hub goes down (connection refused)");
      }, OUTAGE_START.toMillis(), TimeUnit.MILLISECONDS);
      ScheduledFuture<?> up = pacer.schedule(() -> {
        try {
          edge.up();
          stage.say("edge plane venue-hub is back up");
        } catch (java.io.IOException e) {
          stage.say("could not restart the edge plane: " + e.getMessage());
        }
      }, OUTAGE_END.toMillis(), TimeUnit.MILLISECONDS);
      if (pacer.awaitTermination(RUN.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the pacer stopped early");
      }
      down.cancel(false);
      up.cancel(false);
    } finally {
      pacer.shutdownNow();
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A checkout: ask the oracle for an upsell (local-first), then pay. */
  private static void checkout(MicroEventClient client) {
    int cartSize = 1 + (int) (System.nanoTime() % 5);
    try {
      client.oracle().decide(DecisionRequest.of("upsell", Map.of("cartSize", Integer.toString(cartSize))));
    } catch (SdkException e) {
      // no upsell this time; the checkout goes on
    }
    send(client, Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
        .body("{\"amount\":2500,\"currency\":\"EUR\"}", "application/json").build());
  }

  private static void send(MicroEventClient client, Intent intent, EdgeRequest request) {
    try {
      client.call(intent, request);
    } catch (SdkException expected) {
      // counted by the timeline listener
    }
  }

  private void sources(ReferencePlane edge, ReferencePlane central) {
    Map<String, Map<String, Long>> merged = new TreeMap<>();
    for (ReferencePlane p : List.of(edge, central)) {
      p.sourcesByPath().forEach((path, byAddress) -> byAddress.forEach((address, n) ->
          merged.computeIfAbsent(path, k -> new TreeMap<>()).merge(address, n, Long::sum)));
    }
    merged.forEach((path, byAddress) -> out.printf(Locale.ROOT, "  %-20s %s%n", path, byAddress));
  }

  /** Prints how the event felt: success against SLO, burn rate, latency, local decisions. */
  private void experience(MicroEventClient client, Timeline timeline) {
    client.errorBudgets().evaluateNow();
    out.println();
    out.println("Experience summary (SLOs from the edge plane's config " + client.config().current().version() + ")");
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
    out.printf(Locale.ROOT, "  (shed calls are not eligible: TELEMETRY was shed %d times on purpose)%n",
        timeline.shed(Intent.TELEMETRY));
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
    private final AtomicLong outageAt = new AtomicLong();
    private final AtomicLong failoverAt = new AtomicLong();
    private final AtomicLong failbackAt = new AtomicLong();

    void outageStarted() {
      outageAt.set(System.nanoTime());
    }

    Histogram latency(Intent intent) {
      return latencies.computeIfAbsent(intent, k -> new ConcurrentHistogram(3));
    }

    long shed(Intent intent) {
      return count(intent, "shed");
    }

    @Override
    public void onAttempt(AttemptEvent e) {
      if (e.failover() && e.outcome() == Outcome.SUCCESS && failoverAt.compareAndSet(0, System.nanoTime())) {
        stage.say("failover: first call served by the central plane (" + e.intent() + " via " + e.binding() + ")");
      }
      if (!e.failover() && e.outcome() == Outcome.SUCCESS && failoverAt.get() != 0
          && failbackAt.compareAndSet(0, System.nanoTime())) {
        stage.say("failback: calls are served by venue-hub again");
      }
    }

    @Override
    public void onCall(CallEvent e) {
      if (e.outcome() != Outcome.SHED) {
        latency(e.intent()).recordValue(Math.max(1, e.duration().toNanos() / 1000));
      }
      String route = e.succeeded() ? e.planeId() : e.outcome() == Outcome.SHED ? "shed" : "failed";
      byIntentAndRoute.computeIfAbsent(e.intent() + "|" + route, k -> new LongAdder()).increment();
      SdkException f = e.failure();
      if (f != null) {
        String kind = f instanceof NoRouteException n ? "no route: " + n.reason() : f.getClass().getSimpleName();
        errors.computeIfAbsent(kind + " (" + e.intent() + ")", k -> new LongAdder()).increment();
      }
    }

    void print(ReferencePlane edge, ReferencePlane central) {
      out.println();
      out.println("Calls per route");
      out.printf(Locale.ROOT, "  %-15s %10s %10s %10s %10s%n", "intent", "venue-hub", "central", "shed", "failed");
      for (Intent i : INTENTS) {
        out.printf(Locale.ROOT, "  %-15s %10d %10d %10d %10d%n", i, count(i, "venue-hub"), count(i, "central"),
            count(i, "shed"), count(i, "failed"));
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
