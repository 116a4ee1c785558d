package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.spi.TransportBinding;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.FakeBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health, failover, budgets, snapshots and meters of the steering, on virtual time. */
@SuppressWarnings("deprecation") // drives the steering's binder and listener directly, as the core would
class SliceSteeringTest {
  private static final Plane EDGE = Plane.edge("venue-hub", URI.create("http://127.0.0.1:9"), 0);
  private static final Plane CENTRAL = Plane.central(URI.create("http://127.0.0.1:10"));
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSliceListener events = new RecordingSliceListener();
  private final List<SliceHealthEvent> health = events.health;
  private final List<SliceFailoverEvent> failovers = events.failovers;
  private final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();
  private MicroEventClient core;
  private SlicesClient slices;
  private SliceSteering steering;

  private void start(SlicePlan plan) {
    steering = SliceSteering.of(plan);
    core = MicroEventClient.builder().addEdgePlane(EDGE).healthChecksEnabled(false)
        .clock(time.clock()).scheduler(time.scheduler()).meterRegistry(registry)
        .install(steering).build();
    var unused = core.errorBudgets().addListener(alerts::add);
    slices = SlicesClient.builder().client(core).steering(steering)
        .addSliceListener(events).build();
  }

  @AfterEach
  void stop() {
    if (slices != null) {
      slices.close();
      core.close();
    }
  }

  private static Slice probed(String id, int port) {
    return Slice.builder(SliceId.of(id))
        .probeTarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).build();
  }

  private void attempt(String binding, Intent intent, Outcome outcome, Duration took) {
    attempt(1, EDGE, binding, intent, outcome, took);
  }

  private void attempt(int n, Plane plane, String binding, Intent intent, Outcome outcome, Duration took) {
    steering.engine().onAttempt(AttemptEvent.builder().intent(intent).plane(plane).binding(binding).attempt(n)
        .failover(!plane.isEdge()).outcome(outcome)
        .statusCode(outcome == Outcome.SUCCESS ? 200 : outcome == Outcome.SERVER_ERROR ? 503 : 0).duration(took)
        .serverTimings(List.of()).build());
  }

  private void callEnds(Intent intent, Outcome outcome) {
    steering.engine().onCall(dev.microevent.core.CallEvent.builder().intent(intent)
        .request(dev.microevent.core.EdgeRequest.get("/x")).planeId("central").outcome(outcome)
        .statusCode(outcome == Outcome.SUCCESS ? 200 : 0).attempts(2).startedAt(time.now())
        .duration(Duration.ofMillis(50)).build());
  }

  @Test
  void probesTakeASliceDownAfterTheThreshold_andBringItBackAfterEnoughGoodProbes() throws Exception {
    try (FakeBackend target = FakeBackend.start("probe-target")) {
      Slice stream = probed("streaming", target.port());
      start(SlicePlan.playbook(Slice.builder(SliceId.of("checkout")).build(), stream));
      assertThat(steering.health(stream.id())).isEqualTo(SliceHealth.UP);

      target.stop();
      time.advance(Duration.ofSeconds(5));
      assertThat(steering.health(stream.id())).as("one failed probe is not an outage").isEqualTo(SliceHealth.UP);
      time.advance(Duration.ofSeconds(5));
      assertThat(steering.health(stream.id())).isEqualTo(SliceHealth.DOWN);
      assertThat(steering.engine().bind(Intent.STREAM_UPLINK, EDGE)).isSameAs(TransportBinding.DEFAULT);

      target.restart();
      time.advance(Duration.ofSeconds(5));
      assertThat(steering.health(stream.id())).isEqualTo(SliceHealth.DOWN);
      time.advance(Duration.ofSeconds(5));
      assertThat(steering.health(stream.id())).isEqualTo(SliceHealth.UP);
      assertThat(steering.engine().bind(Intent.STREAM_UPLINK, EDGE).name()).isEqualTo("streaming");
      assertThat(health).extracting(SliceHealthEvent::to).containsExactly(SliceHealth.DOWN, SliceHealth.UP);
      assertThat(health.get(0).reason()).contains("2 probe(s) in a row failed");
      assertThat(health.get(0).at()).isEqualTo(Instant.parse("2026-06-01T18:00:10Z"));
      assertThat(failovers).extracting(SliceFailoverEvent::from, SliceFailoverEvent::to).containsExactly(
          org.assertj.core.groups.Tuple.tuple(stream.id(), SliceId.DEFAULT_NETWORK),
          org.assertj.core.groups.Tuple.tuple(SliceId.DEFAULT_NETWORK, stream.id()));
      assertThat(registry.get("microevent.slices.healthy").tag("slice", "streaming").gauge().value()).isEqualTo(1.0);
      assertThat(registry.get("microevent.slices.failovers").tag("intent", "stream_uplink").counters()).hasSize(2);
    }
  }

  @Test
  void repeatedWireFailuresTriggerAnImmediateProbe_ratherThanAVerdict() throws Exception {
    try (FakeBackend target = FakeBackend.start("probe-target")) {
      start(SlicePlan.playbook(Slice.builder(SliceId.of("checkout")).build(),
          probed("streaming", target.port())));
      double before = registry.get("microevent.slices.probes").tag("slice", "streaming").counter().count();

      for (int i = 0; i < 3; i++) {
        attempt("streaming", Intent.STREAM_UPLINK, Outcome.CONNECTION_FAILURE, Duration.ofMillis(5));
      }
      time.advance(Duration.ZERO);

      assertThat(registry.get("microevent.slices.probes").tag("slice", "streaming").counter().count())
          .isEqualTo(before + 1);
      assertThat(steering.health(SliceId.of("streaming"))).isEqualTo(SliceHealth.UP);
    }
  }

  @Test
  void pathFailuresBurnTheSliceBudgetInTheCore_andShowInTheSnapshot() {
    Slice checkout = Slice.builder(SliceId.of("checkout")).availabilityTarget(0.99).build();
    start(SlicePlan.playbook(checkout, Slice.builder(SliceId.of("streaming")).build()));

    for (int i = 0; i < 100; i++) {
      Outcome outcome = i % 10 == 0 ? Outcome.CONNECTION_FAILURE : i % 10 == 5 ? Outcome.SERVER_ERROR
          : Outcome.SUCCESS;
      attempt("checkout", Intent.PAYMENT, outcome, Duration.ofMillis(i < 50 ? 20 : 40));
      time.advance(Duration.ofSeconds(2));
    }
    core.errorBudgets().evaluateNow();

    SliceStatus status = slices.snapshot().slice(checkout.id()).orElseThrow();
    assertThat(status.attempts()).isEqualTo(100);
    assertThat(status.failures()).as("a 5xx crossed the slice: not the slice's failure").isEqualTo(10);
    assertThat(status.attemptsByIntent()).containsEntry("payment", 100L);
    assertThat(status.burnRate1h()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(status.budgetRemaining()).isCloseTo(-9.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(status.alert()).isEqualTo(BudgetAlert.Severity.PAGE);
    assertThat(status.p50()).isBetween(Duration.ofMillis(15), Duration.ofMillis(45));
    assertThat(status.p99()).isBetween(Duration.ofMillis(35), Duration.ofMillis(90));
    assertThat(alerts).extracting(BudgetAlert::budget, BudgetAlert::to)
        .contains(org.assertj.core.groups.Tuple.tuple("slice:checkout", BudgetAlert.Severity.PAGE));
    assertThat(core.errorBudgets().all()).containsKeys("slice:checkout", "slice:streaming", "slice:default");
    assertThat(registry.get("microevent.slices.attempts").tag("slice", "checkout")
        .tag("outcome", "connection_failure").timer().count()).isEqualTo(10);
    assertThat(registry.get("microevent.slices.attempts").tag("slice", "checkout").tag("outcome", "server_error")
        .timer().count()).isEqualTo(10);
    assertThat(slices.snapshot().toTable()).contains("checkout").contains("payment=100").contains("page");
  }

  @Test
  void aBurstOfTimeoutsPagesOnTheSliceBudget() {
    start(SlicePlan.playbook(Slice.builder(SliceId.of("checkout")).availabilityTarget(0.999).build(),
        Slice.builder(SliceId.of("streaming")).build()));

    for (int i = 0; i < 20; i++) {
      attempt("checkout", Intent.PAYMENT, Outcome.TIMEOUT, Duration.ofSeconds(2));
      callEnds(Intent.PAYMENT, Outcome.TIMEOUT);
      time.advance(Duration.ofSeconds(1));
    }
    core.errorBudgets().evaluateNow();

    assertThat(alerts).filteredOn(a -> a.budget().equals("slice:checkout")).singleElement()
        .satisfies(a -> {
          assertThat(a.to()).isEqualTo(BudgetAlert.Severity.PAGE);
          assertThat(a.burnRate1h()).isGreaterThan(14.4);
        });
    assertThat(slices.snapshot().slice(SliceId.of("streaming")).orElseThrow().alert())
        .isEqualTo(BudgetAlert.Severity.NONE);
  }

  @Test
  void aFailureOnOnePlaneIsThePlanes_whenTheSameCallThenSucceedsThroughTheSameSliceElsewhere() {
    start(SlicePlan.playbook(Slice.builder(SliceId.of("checkout")).build(),
        Slice.builder(SliceId.of("streaming")).build()));

    for (int i = 0; i < 30; i++) {
      attempt(1, EDGE, "checkout", Intent.PAYMENT, Outcome.CONNECTION_FAILURE, Duration.ofMillis(3));
      attempt(2, CENTRAL, "checkout", Intent.PAYMENT, Outcome.SUCCESS, Duration.ofMillis(30));
      callEnds(Intent.PAYMENT, Outcome.SUCCESS);
      attempt(1, EDGE, "streaming", Intent.STREAM_UPLINK, Outcome.CONNECTION_FAILURE, Duration.ofMillis(3));
      attempt(2, CENTRAL, "default", Intent.STREAM_UPLINK, Outcome.SUCCESS, Duration.ofMillis(30));
      callEnds(Intent.STREAM_UPLINK, Outcome.SUCCESS);
    }

    SliceStatus checkout = slices.snapshot().slice(SliceId.of("checkout")).orElseThrow();
    SliceStatus streaming = slices.snapshot().slice(SliceId.of("streaming")).orElseThrow();
    assertThat(checkout.failures()).as("what happened").isEqualTo(30);
    assertThat(checkout.budgetRemaining()).as("what the slice is blamed for").isEqualTo(1.0);
    assertThat(core.errorBudgets().all().get("slice:checkout").events(java.time.Duration.ofHours(1)))
        .isEqualTo(30);
    assertThat(streaming.budgetRemaining()).as("its calls only worked around it").isLessThan(0);
  }

  @Test
  void aRuleWhoseRoutesAreAllDownRefusesTheBinding_andCountsTheRefusal() {
    Slice streaming = Slice.builder(SliceId.of("streaming")).build();
    start(SlicePlan.builder().addSlice(streaming)
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).routes(streaming.id()).build()).build());

    steering.reportOutage(streaming.id(), "operator withdrew the slice");

    assertThatThrownBy(() -> steering.engine().bind(Intent.STREAM_UPLINK, EDGE))
        .isInstanceOfSatisfying(NoRouteException.class,
            e -> assertThat(e.reason()).isEqualTo(NoRouteException.Reason.BINDING_REFUSED));
    assertThat(steering.engine().bind(Intent.PAYMENT, EDGE)).isSameAs(TransportBinding.DEFAULT);
    assertThat(registry.get("microevent.slices.refusals").tag("intent", "stream_uplink").counter().count())
        .isEqualTo(1);
    assertThat(health).singleElement().satisfies(e -> assertThat(e.reason()).contains("operator withdrew"));
  }

  /** READs to /v1/checkout/* ride the checkout slice; every other flow the default network. */
  private Slice startWithACheckoutPathRuleForReads() {
    Slice checkout = Slice.builder(SliceId.of("checkout")).build();
    start(SlicePlan.builder().addSlice(checkout)
        .addRule(SliceRule.builder(1).intents(Intent.READ).path("/v1/checkout/*").routes(checkout.id()).build())
        .build());
    return checkout;
  }

  @Test
  void theCoreBinderSeesTheRequestPath_soPathRulesSteerTheClientsCallsToo() {
    var unused = startWithACheckoutPathRuleForReads();
    Plane withBasePath = Plane.central(URI.create("http://127.0.0.1:10/api"));

    assertThat(steering.engine().bind(Intent.READ, EDGE, EdgeRequest.get("/v1/checkout/cart?drop=42")).name())
        .isEqualTo("checkout");
    assertThat(steering.engine().bind(Intent.READ, withBasePath, EdgeRequest.get("/v1/checkout/cart")).name())
        .as("the rule names the app's path, whatever the plane's base path").isEqualTo("checkout");
    assertThat(steering.engine().bind(Intent.READ, EDGE, EdgeRequest.get("/v1/catalog")))
        .isSameAs(TransportBinding.DEFAULT);
    assertThat(steering.engine().bind(Intent.READ, EDGE)).as("without the request, a path rule cannot match")
        .isSameAs(TransportBinding.DEFAULT);
  }

  @Test
  void explicitRoutingSeesThePath_soPathRulesApply() {
    Slice checkout = startWithACheckoutPathRuleForReads();

    SliceRoute route = steering.route(Intent.READ, URI.create("https://api.example.com/v1/checkout/cart"));

    assertThat(route.slice()).isEqualTo(checkout.id());
    assertThat(route.rulePrecedence()).hasValue(1);
    assertThat(route.isFallback()).isFalse();
    assertThat(steering.route(Intent.READ, URI.create("https://api.example.com/v1/catalog")).slice())
        .isEqualTo(SliceId.DEFAULT_NETWORK);
  }

  @Test
  void closingStopsTheProbes_andASteeringAttachesToOneClientOnly() throws Exception {
    try (FakeBackend target = FakeBackend.start("probe-target")) {
      start(SlicePlan.playbook(Slice.builder(SliceId.of("checkout")).build(),
          probed("streaming", target.port())));
      int withProbes = time.pendingTasks();
      RecordingSliceListener second = new RecordingSliceListener();
      assertThatThrownBy(() -> SlicesClient.builder().client(core).steering(steering)
          .addSliceListener(second).build())
          .hasMessageContaining("already attached");
      steering.reportOutage(SliceId.of("streaming"), "withdrawn");
      assertThat(second.health).as("the refused client's listener was not left on the steering").isEmpty();
      assertThat(health).hasSize(1);

      slices.close();
      slices.close();

      assertThat(time.pendingTasks()).as("the streaming probe is gone; the core's own tasks stay")
          .isEqualTo(withProbes - 1);
    }
  }
}
