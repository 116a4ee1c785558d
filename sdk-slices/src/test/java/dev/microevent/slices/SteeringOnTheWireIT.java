package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steering proven on the wire: the planes listen on 127.0.0.1 and see each connection's source
 * address. Linux routes all of 127.0.0.0/8 to lo, so the checkout slice binds to 127.0.0.2 and
 * the streaming slice to 127.0.0.3; unsliced traffic leaves from 127.0.0.1.
 */
class SteeringOnTheWireIT {
  private static final Logger log = LoggerFactory.getLogger(SteeringOnTheWireIT.class);
  static final String CHECKOUT_ADDRESS = "127.0.0.2";
  static final String STREAM_ADDRESS = "127.0.0.3";
  private static final int CALLS_PER_ROUND = 150;

  private LoopbackServer edge;
  private LoopbackServer central;
  private SliceSteering steering;
  private MicroEventClient core;
  private SlicesClient slices;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService load = Executors.newFixedThreadPool(8);

  /** 127.0.0.n, without a name lookup. */
  static InetAddress loopback(int n) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Slice checkout() throws Exception {
    return Slice.builder(SliceId.of("checkout"))
        .snssai(Snssai.of(SliceServiceType.URLLC, 0x00C0DE))
        .qos(FiveQi.standard(7))
        .localAddress(loopback(2))
        .dscp(Dscp.AF21)
        .exclusiveTo(Intent.PAYMENT)
        .availabilityTarget(0.999)
        .build();
  }

  static Slice streaming() throws Exception {
    return Slice.builder(SliceId.of("streaming"))
        .snssai(Snssai.of(SliceServiceType.EMBB, 0x000051))
        .qos(FiveQi.standard(71))
        .localAddress(loopback(3))
        .dscp(Dscp.AF31)
        .build();
  }

  static IntentPolicy quick(Intent intent) {
    return IntentPolicy.defaultsFor(intent).toBuilder()
        .attemptTimeout(Duration.ofSeconds(2))
        .deadline(Duration.ofSeconds(8))
        .retry(RetryConfig.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .build();
  }

  @BeforeEach
  void start() throws Exception {
    edge = new LoopbackServer();
    central = new LoopbackServer();
    steering = SliceSteering.of(SlicePlan.playbook(checkout(), streaming()));
    core = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("venue-hub", edge.uri(), 0))
        .centralPlane(Plane.central(central.uri()))
        .healthChecksEnabled(false)
        // The whole load fails over at once; lift the central plane's backpressure caps for it.
        .failover(FailoverPolicy.builder().maxConcurrent(64).maxPerSecond(10_000).criticalReserve(0.25).build())
        .meterRegistry(registry)
        .policy(Intent.PAYMENT, quick(Intent.PAYMENT))
        .policy(Intent.STREAM_UPLINK, quick(Intent.STREAM_UPLINK))
        .policy(Intent.READ, quick(Intent.READ))
        .install(steering)
        .build();
    slices = SlicesClient.builder().client(core).steering(steering).build();
  }

  @AfterEach
  void stop() {
    load.shutdownNow();
    slices.close();
    core.close();
    edge.close();
    central.close();
  }

  private List<EdgeResponse> mixedLoad(String round) throws Exception {
    List<Future<EdgeResponse>> futures = new ArrayList<>();
    for (int i = 0; i < CALLS_PER_ROUND; i++) {
      int n = i;
      futures.add(load.submit(() -> switch (n % 3) {
        case 0 -> core.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/checkout/" + round + "-" + n)
            .body("{\"cart\":1}".getBytes(StandardCharsets.UTF_8), "application/json").build());
        case 1 -> core.call(Intent.STREAM_UPLINK, EdgeRequest.builder("POST", "/v1/stream/" + round + "-" + n)
            .body(new byte[4096], "application/octet-stream").build());
        default -> core.call(Intent.READ, EdgeRequest.get("/v1/catalog/" + round + "-" + n));
      }));
    }
    List<EdgeResponse> out = new ArrayList<>();
    for (Future<EdgeResponse> f : futures) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void everyPaymentLeavesFromTheCheckoutSliceAndEveryStreamFromTheStreamingSlice_underConcurrentLoad()
      throws Exception {
    List<EdgeResponse> responses = mixedLoad("load");

    assertThat(responses).allSatisfy(r -> assertThat(r.planeId()).isEqualTo("venue-hub"));
    assertThat(edge.count("/v1/checkout/")).isEqualTo(CALLS_PER_ROUND / 3);
    assertThat(edge.sourcesOf("/v1/checkout/")).containsExactly(CHECKOUT_ADDRESS);
    assertThat(edge.sourcesOf("/v1/stream/")).containsExactly(STREAM_ADDRESS);
    assertThat(edge.sourcesOf("/v1/catalog/")).containsExactly("127.0.0.1");

    SlicesSnapshot snapshot = slices.snapshot();
    log.info("per-slice summary:\n{}", snapshot.toTable());
    assertThat(snapshot.slice(SliceId.of("checkout")).orElseThrow().attemptsByIntent())
        .containsExactly(java.util.Map.entry("payment", (long) CALLS_PER_ROUND / 3));
    assertThat(snapshot.slice(SliceId.of("streaming")).orElseThrow().attemptsByIntent())
        .containsOnlyKeys("stream_uplink");
    assertThat(snapshot.slice(SliceId.DEFAULT_NETWORK).orElseThrow().attemptsByIntent()).containsOnlyKeys("read");
    assertThat(registry.find("microevent.slices.attempts").tag("slice", "checkout").timer().count())
        .isEqualTo(CALLS_PER_ROUND / 3);
  }

  @Test
  void slicesKeepTheirAddresses_afterTheDefaultRouteFailsOverFromTheEdgeToTheCentralPlane() throws Exception {
    mixedLoad("before");
    edge.stop();

    List<EdgeResponse> responses = mixedLoad("after");

    assertThat(responses).extracting(EdgeResponse::planeId).containsOnly("central");
    assertThat(central.count("/v1/checkout/after")).isEqualTo(CALLS_PER_ROUND / 3);
    assertThat(central.sourcesOf("/v1/checkout/after")).containsExactly(CHECKOUT_ADDRESS);
    assertThat(central.sourcesOf("/v1/stream/after")).containsExactly(STREAM_ADDRESS);
    assertThat(central.sourcesOf("/v1/catalog/after")).containsExactly("127.0.0.1");
    assertThat(steering.health(SliceId.of("checkout"))).isEqualTo(SliceHealth.UP);
    assertThat(steering.health(SliceId.of("streaming"))).isEqualTo(SliceHealth.UP);
    SlicesSnapshot snapshot = slices.snapshot();
    log.info("per-slice summary after the edge failed:\n{}", snapshot.toTable());
    assertThat(snapshot.slices()).as("the dead edge is not the slices' fault: each call got through on central")
        .allSatisfy(s -> assertThat(s.budgetRemaining()).isEqualTo(1.0));
  }
}
