package dev.microevent.slices;

import static dev.microevent.slices.SteeringOnTheWireIT.CHECKOUT_ADDRESS;
import static dev.microevent.slices.SteeringOnTheWireIT.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Plane;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slice outage (its local address unusable, its proxy down) fails over along the rule's
 * routes, listeners see it, and streaming never lands on the checkout slice unless a rule
 * explicitly borrows it.
 */
@SuppressWarnings("deprecation") // drives the steering's binder directly, as the transport would
class SliceOutageIT {
  /**
   * TEST-NET-1 (RFC 5737): assigned to no interface here, so binding a socket to it fails at once
   * with "Cannot assign requested address". It is only ever bound, never a destination.
   */
  private static final byte[] UNUSABLE = {(byte) 192, 0, 2, 10};

  private LoopbackServer plane;
  private MicroEventClient core;
  private SlicesClient slices;
  private SliceSteering steering;
  private final RecordingSliceListener events = new RecordingSliceListener();
  private final List<SliceHealthEvent> healthEvents = events.health;
  private final List<SliceFailoverEvent> failovers = events.failovers;

  @BeforeEach
  void start() throws Exception {
    plane = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    if (slices != null) {
      slices.close();
    }
    if (core != null) {
      core.close();
    }
    plane.close();
  }

  private static SliceHealthConfig fastProbes() {
    return SliceHealthConfig.defaults().withProbeInterval(Duration.ofMillis(100)).withThresholds(2, 1);
  }

  private void steer(SlicePlan plan) {
    steering = SliceSteering.of(plan.toBuilder().health(fastProbes()).build());
    core = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
        // The central plane is the same loopback server: a retry after a slice failed mid-call
        // needs a second plane (the core counts the failed attempt against the plane it tried).
        .centralPlane(Plane.central(plane.uri()))
        .healthChecksEnabled(false)
        .policy(Intent.PAYMENT, SteeringOnTheWireIT.quick(Intent.PAYMENT))
        .policy(Intent.STREAM_UPLINK, SteeringOnTheWireIT.quick(Intent.STREAM_UPLINK))
        .install(steering)
        .build();
    slices = SlicesClient.builder().client(core).steering(steering)
        .addSliceListener(events)
        .build();
  }

  private void pay(int n) {
    for (int i = 0; i < n; i++) {
      core.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/checkout/" + i).body(new byte[] {'{', '}'},
          "application/json").build());
    }
  }

  private void stream(int n) {
    for (int i = 0; i < n; i++) {
      core.call(Intent.STREAM_UPLINK, EdgeRequest.builder("POST", "/v1/stream/" + i)
          .body(new byte[1024], "application/octet-stream").build());
    }
  }

  private static Slice unusable(Slice slice) throws Exception {
    return slice.toBuilder().localAddress(InetAddress.getByAddress(UNUSABLE)).build();
  }

  @Test
  void paymentsFailOverToTheDefaultNetwork_whenTheCheckoutSliceAddressCannotBeBound() throws Exception {
    steer(SlicePlan.playbook(unusable(SteeringOnTheWireIT.checkout()), SteeringOnTheWireIT.streaming()));

    pay(5);

    assertThat(plane.count("/v1/checkout/")).isEqualTo(5);
    assertThat(plane.sourcesOf("/v1/checkout/")).containsExactly("127.0.0.1");
    assertThat(steering.health(SliceId.of("checkout"))).isEqualTo(SliceHealth.DOWN);
    assertThat(healthEvents).singleElement().satisfies(e -> {
      assertThat(e.slice()).isEqualTo(SliceId.of("checkout"));
      assertThat(e.isOutage()).isTrue();
      assertThat(e.reason()).contains("192.0.2.10").contains("not usable");
    });
    assertThat(failovers).extracting(SliceFailoverEvent::intent, SliceFailoverEvent::from, SliceFailoverEvent::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Intent.PAYMENT, SliceId.of("checkout"),
            SliceId.DEFAULT_NETWORK));
    assertThat(slices.snapshot().slice(SliceId.of("checkout")).orElseThrow().health()).isEqualTo(SliceHealth.DOWN);
  }

  @Test
  void theCallThatFindsTheSliceAddressGoneTakesTheSliceDown_andItsRetryUsesTheRulesNextRoute() throws Exception {
    // No SlicesClient: no probe runs first, so the data path is what notices.
    steering = SliceSteering.of(SlicePlan.playbook(unusable(SteeringOnTheWireIT.checkout()),
        SteeringOnTheWireIT.streaming()));
    steering.addListener(events);
    core = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
        .centralPlane(Plane.central(plane.uri()))
        .healthChecksEnabled(false)
        .policy(Intent.PAYMENT, SteeringOnTheWireIT.quick(Intent.PAYMENT))
        .install(steering)
        .build();

    pay(3);

    assertThat(plane.count("/v1/checkout/")).isEqualTo(3);
    assertThat(plane.sourcesOf("/v1/checkout/")).containsExactly("127.0.0.1");
    assertThat(healthEvents).singleElement().satisfies(e -> assertThat(e.reason()).contains("cannot be bound"));
    assertThat(steering.snapshot().slice(SliceId.of("checkout")).orElseThrow().failures())
        .as("only the first attempt met the dead address").isEqualTo(1);
  }

  @Test
  void streamingFallsBackToTheDefaultNetworkNeverToCheckout_whenTheStreamingSliceIsOut() throws Exception {
    steer(SlicePlan.playbook(SteeringOnTheWireIT.checkout(), unusable(SteeringOnTheWireIT.streaming())));

    stream(10);
    pay(10);

    assertThat(plane.count("/v1/stream/")).isEqualTo(10);
    assertThat(plane.sourcesOf("/v1/stream/")).containsExactly("127.0.0.1");
    assertThat(plane.sourcesOf("/v1/checkout/")).containsExactly(CHECKOUT_ADDRESS);
    assertThat(steering.health(SliceId.of("streaming"))).isEqualTo(SliceHealth.DOWN);
  }

  @Test
  void streamingIsRefusedRatherThanMovedOntoCheckout_whenItsRuleHasNoOtherRoute() throws Exception {
    Slice checkout = SteeringOnTheWireIT.checkout();
    Slice streaming = unusable(SteeringOnTheWireIT.streaming());
    steer(SlicePlan.builder().addSlice(checkout).addSlice(streaming)
        .addRule(SliceRule.builder(10).intents(Intent.PAYMENT).routes(checkout.id()).build())
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).routes(streaming.id()).build())
        .build());

    assertThatThrownBy(() -> stream(1))
        .isInstanceOfSatisfying(NoRouteException.class, e -> {
          assertThat(e.reason()).isEqualTo(NoRouteException.Reason.BINDING_REFUSED);
          assertThat(e.getMessage()).contains("streaming: DOWN").contains("isolation");
        });
    pay(3);

    assertThat(plane.count("/v1/stream/")).isZero();
    assertThat(plane.sourcesOf("/v1/checkout/")).containsExactly(CHECKOUT_ADDRESS);
  }

  @Test
  void streamingRidesTheCheckoutSlice_onlyWhenARuleExplicitlyBorrowsIt() throws Exception {
    Slice checkout = SteeringOnTheWireIT.checkout();
    Slice streaming = unusable(SteeringOnTheWireIT.streaming());
    steer(SlicePlan.builder().addSlice(checkout).addSlice(streaming)
        .addRule(SliceRule.builder(10).intents(Intent.PAYMENT).routes(checkout.id()).build())
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).routes(streaming.id(), checkout.id())
            .borrowing(checkout.id()).build())
        .build());

    stream(3);

    assertThat(plane.sourcesOf("/v1/stream/")).containsExactly(CHECKOUT_ADDRESS);
  }

  @Test
  void streamsFailOverWhenTheSliceProxyGoesDown_andReturnOnceProbesSeeItBack() throws Exception {
    try (LoopbackServer proxy = new LoopbackServer()) {
      Slice streaming = Slice.builder(SliceId.of("streaming")).proxy(proxy.address()).build();
      steer(SlicePlan.playbook(SteeringOnTheWireIT.checkout(), streaming));

      stream(3);
      assertThat(proxy.count("/v1/stream/")).isEqualTo(3);
      assertThat(proxy.seen()).allSatisfy(s -> assertThat(s.target()).startsWith("http://127.0.0.1:" + plane.port()));
      assertThat(plane.count("/v1/stream/")).isZero();

      proxy.stop();
      stream(3);
      assertThat(plane.count("/v1/stream/")).isEqualTo(3);
      assertThat(plane.sourcesOf("/v1/stream/")).containsExactly("127.0.0.1");
      assertThat(healthEvents).first().satisfies(e -> assertThat(e.reason()).contains("proxy").contains("refused"));

      proxy.restart();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> steering.health(SliceId.of("streaming")) == SliceHealth.UP);
      stream(2);
      assertThat(proxy.count("/v1/stream/")).isEqualTo(5);
      assertThat(healthEvents).extracting(SliceHealthEvent::to).containsExactly(SliceHealth.DOWN, SliceHealth.UP);
    }
  }

  @Test
  void aPathRuleSteersTheMatchingCallsOfAnIntentOntoItsSlice_onTheWire() throws Exception {
    Slice checkout = SteeringOnTheWireIT.checkout().toBuilder().exclusiveTo(Intent.PAYMENT, Intent.READ).build();
    steer(SlicePlan.builder().addSlice(checkout)
        .addRule(SliceRule.builder(10).intents(Intent.READ).path("/v1/checkout/*").routes(checkout.id()).build())
        .build());

    core.call(Intent.READ, EdgeRequest.get("/v1/checkout/cart?drop=1"));
    core.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(plane.sourcesOf("/v1/checkout/")).containsExactly(CHECKOUT_ADDRESS);
    assertThat(plane.sourcesOf("/v1/catalog")).containsExactly("127.0.0.1");
  }

  @Test
  void aSliceWithALoopbackAddressIsUp_andItsSocketsCarryTheDscpMark() throws Exception {
    steer(SlicePlan.playbook(SteeringOnTheWireIT.checkout(), SteeringOnTheWireIT.streaming()));
    var binding = steering.engine().bind(Intent.PAYMENT, Plane.edge("venue-hub", plane.uri(), 0));

    try (var socket = binding.socketFactory().orElseThrow().createSocket()) {
      assertThat(socket.getLocalAddress()).isEqualTo(loopback(2));
      assertThat(socket.getTrafficClass()).isEqualTo(Dscp.AF21.trafficClass());
    }
    assertThat(binding.name()).isEqualTo("checkout");
  }
}
