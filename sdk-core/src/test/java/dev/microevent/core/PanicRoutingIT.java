package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.PlaneStatus.Health;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Panic routing after the failover gate: a call the gate refuses goes to an edge plane that is
 * marked down but answering, and a critical call waits for one to answer again rather than fail,
 * while the central plane never gets more than its cap.
 */
class PanicRoutingIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final CountDownLatch releaseCentral = new CountDownLatch(1);
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    central = new TestPlane("central");
    central.stallingUntil(releaseCentral);
    IntentPolicy patient = IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(2))
        .deadline(Duration.ofSeconds(10)).retry(RetryConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO))
        .circuitBreaker(null).build();
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .centralPlane(central.central())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthCheck(HealthCheckConfig.defaults().withJitter(Duration.ZERO))
        .failover(FailoverPolicy.builder().maxConcurrent(1).maxPerSecond(1000).criticalReserve(0).build())
        .policy(Intent.PAYMENT, patient)
        .policy(Intent.READ, patient)
        .build();
  }

  @AfterEach
  void stop() {
    releaseCentral.countDown();
    pool.shutdownNow();
    client.close();
    edge.close();
    central.close();
  }

  private CompletableFuture<EdgeResponse> async(Intent intent) {
    return CompletableFuture.supplyAsync(() -> client.call(intent, EdgeRequest.get("/v1/x")), pool);
  }

  /** The edge's heartbeat fails at once (an error status): it is marked down. */
  private void markEdgeDown() {
    edge.heartbeating(r -> TestPlane.json(503, "{}"));
    time.advance(Duration.ofSeconds(2));
    assertThat(client.planes().get(0).health()).isEqualTo(Health.UNHEALTHY);
  }

  /** A READ holds the only failover slot, stalled on the central plane. */
  private CompletableFuture<EdgeResponse> fillTheGate() {
    CompletableFuture<EdgeResponse> read = async(Intent.READ);
    await().atMost(Duration.ofSeconds(10)).until(() -> central.appRequests.size() == 1);
    return read;
  }

  @Test
  void aCallTheGateRefuses_goesToTheEdgeMarkedDownThatAnswers() throws Exception {
    markEdgeDown();
    CompletableFuture<EdgeResponse> held = fillTheGate();

    assertThat(client.call(Intent.PAYMENT, EdgeRequest.get("/v1/pay")).planeId()).isEqualTo("edge-a");
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId())
        .as("a degraded call spills onto an edge plane that answers, too").isEqualTo("edge-a");

    assertThat(central.appRequests).as("the central plane got no more than its cap").hasSize(1);
    releaseCentral.countDown();
    assertThat(held.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("central");
  }

  @Test
  void aCriticalCallWaitsForTheEdgeToAnswerAgain_ratherThanFail() throws Exception {
    edge.answering(r -> TestPlane.json(503, "{\"error\":\"restarting\"}"));
    markEdgeDown();
    CompletableFuture<EdgeResponse> held = fillTheGate();

    CompletableFuture<EdgeResponse> payment = async(Intent.PAYMENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == 1);
    assertThat(payment).as("the edge failed it and the gate is full: it waits").isNotDone();

    edge.answering(r -> TestPlane.json(200, "{\"plane\":\"edge-a\"}"));
    edge.heartbeating(r -> TestPlane.json(200, "{\"status\":\"SERVING\"}"));
    time.advance(Duration.ofSeconds(2));

    assertThat(payment.get(10, TimeUnit.SECONDS).planeId()).isEqualTo("edge-a");
    assertThat(client.planes().get(0).health()).as("one passing check does not mark it healthy")
        .isEqualTo(Health.UNHEALTHY);
    assertThat(central.appRequests).hasSize(1);
    releaseCentral.countDown();
    held.get(10, TimeUnit.SECONDS);
  }
}
