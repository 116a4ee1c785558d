package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** While the edge is down, the central plane is protected: caps in flight and per second, critical first. */
class FailoverBackpressureIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final CountDownLatch releaseCentral = new CountDownLatch(1);
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    central = new TestPlane("central");
    edge.stop();
  }

  @AfterEach
  void stop() {
    releaseCentral.countDown();
    pool.shutdownNow();
    client.close();
    edge.close();
    central.close();
  }

  private MicroEventClient client(FailoverPolicy failover) {
    // A critical call waits for a route as long as its deadline leaves time for an attempt: 1 s here.
    IntentPolicy oneShot = IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(9))
        .deadline(Duration.ofSeconds(10)).retry(RetryConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO))
        .circuitBreaker(null).build();
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .centralPlane(central.central())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .failover(failover)
        .policy(Intent.PAYMENT, oneShot)
        .policy(Intent.READ, oneShot)
        .policy(Intent.TELEMETRY, oneShot)
        .build();
    return client;
  }

  private void stallCentral() {
    central.stallingUntil(releaseCentral);
  }

  private CompletableFuture<EdgeResponse> async(Intent intent) {
    return CompletableFuture.supplyAsync(() -> client.call(intent, EdgeRequest.get("/v1/x")), pool);
  }

  @Test
  void inFlightCapIsHonoured_andCriticalCallsKeepTheirReserve() throws Exception {
    client(FailoverPolicy.builder().maxConcurrent(4).maxPerSecond(1000).criticalReserve(0.5).build());
    stallCentral();

    List<CompletableFuture<EdgeResponse>> reads = new ArrayList<>();
    reads.add(async(Intent.READ));
    reads.add(async(Intent.READ));
    await().atMost(Duration.ofSeconds(10)).until(() -> central.appRequests.size() == 2);

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/x")))
        .isInstanceOfSatisfying(NoRouteException.class,
            e -> assertThat(e.reason()).isEqualTo(NoRouteException.Reason.FAILOVER_CAPACITY));

    List<CompletableFuture<EdgeResponse>> payments = new ArrayList<>();
    payments.add(async(Intent.PAYMENT));
    payments.add(async(Intent.PAYMENT));
    await().atMost(Duration.ofSeconds(10)).until(() -> central.appRequests.size() == 4);

    assertThatThrownBy(() -> client.call(Intent.PAYMENT, EdgeRequest.get("/v1/x")))
        .as("a critical call waits for a slot as long as its deadline leaves time for an attempt, then gives up")
        .isInstanceOfSatisfying(NoRouteException.class,
            e -> assertThat(e.reason()).isEqualTo(NoRouteException.Reason.FAILOVER_CAPACITY));
    assertThat(central.appRequests).hasSize(4);

    releaseCentral.countDown();
    for (CompletableFuture<EdgeResponse> f : payments) {
      assertThat(f.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
    }
    for (CompletableFuture<EdgeResponse> f : reads) {
      assertThat(f.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
    }
  }

  @Test
  void aWaitingCriticalCallTakesTheNextFreeSlot_beforeAnyNewDegradedCall() throws Exception {
    client(FailoverPolicy.builder().maxConcurrent(2).maxPerSecond(1000).criticalReserve(0.5)
        .criticalWait(Duration.ofSeconds(10)).build());
    stallCentral();
    CompletableFuture<EdgeResponse> read = async(Intent.READ);
    await().atMost(Duration.ofSeconds(10)).until(() -> central.appRequests.size() == 1);
    CompletableFuture<EdgeResponse> payment = async(Intent.PAYMENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> central.appRequests.size() == 2);

    CompletableFuture<EdgeResponse> waiting = async(Intent.PAYMENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> registeredWaiter(waiting));
    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/x")))
        .as("no new degraded call while a critical one waits")
        .isInstanceOfSatisfying(NoRouteException.class,
            e -> assertThat(e.getMessage()).contains("critical calls are waiting"));

    releaseCentral.countDown();
    assertThat(waiting.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
    assertThat(read.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
    assertThat(payment.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
  }

  /** The third call is waiting once a READ is refused for that reason; probe with a cheap call. */
  private boolean registeredWaiter(CompletableFuture<EdgeResponse> waiting) {
    if (waiting.isDone()) {
      return true;
    }
    try {
      client.call(Intent.READ, EdgeRequest.get("/v1/x"));
      return false;
    } catch (NoRouteException e) {
      return e.getMessage().contains("critical calls are waiting");
    }
  }

  @Test
  void perSecondCapIsHonoured_andRefillsOnTheClock() {
    client(FailoverPolicy.builder().maxConcurrent(100).maxPerSecond(10).criticalReserve(0.2).build());

    int admitted = 0;
    for (int i = 0; i < 12; i++) {
      try {
        client.call(Intent.READ, EdgeRequest.get("/v1/x"));
        admitted++;
      } catch (NoRouteException e) {
        assertThat(e.reason()).isEqualTo(NoRouteException.Reason.FAILOVER_CAPACITY);
      }
    }
    assertThat(admitted).as("10/s with 20 %% kept for critical intents").isEqualTo(8);
    assertThat(client.call(Intent.PAYMENT, EdgeRequest.get("/v1/pay")).planeId()).isEqualTo("central");

    time.advance(Duration.ofSeconds(1));

    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/x")).planeId()).isEqualTo("central");
  }

  @Test
  void nonEssentialCallsNeverFailOver() {
    client(FailoverPolicy.defaults());

    assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/events")))
        .isInstanceOfSatisfying(NoRouteException.class,
            e -> assertThat(e.reason()).isEqualTo(NoRouteException.Reason.FAILOVER_NOT_ALLOWED));
    assertThat(central.appRequests).isEmpty();
  }
}
