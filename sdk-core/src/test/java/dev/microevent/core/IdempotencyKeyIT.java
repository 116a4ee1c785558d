package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One logical payment carries one Idempotency-Key on every retry and every failover. */
class IdempotencyKeyIT {
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    central = new TestPlane("central");
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .centralPlane(central.central())
        .healthChecksEnabled(false)
        .policy(Intent.PAYMENT, IntentPolicy.defaultsFor(Intent.PAYMENT).toBuilder()
            .retry(RetryConfig.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20)).jitter(0.5).build()).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
    central.close();
  }

  private static EdgeRequest payment() {
    return EdgeRequest.builder("POST", "/v1/payments").body("{\"amount\":1200}", "application/json").build();
  }

  @Test
  void theServerSeesOneKey_acrossRetriesAndFailover() {
    AtomicInteger centralCalls = new AtomicInteger();
    edge.answering(r -> TestPlane.json(503, "{}"));
    central.answering(r -> centralCalls.incrementAndGet() < 2 ? TestPlane.json(502, "{}") : TestPlane.json(201, "{}"));

    EdgeResponse r = client.call(Intent.PAYMENT, payment());

    List<String> keys = new java.util.ArrayList<>(edge.appHeader("Idempotency-Key"));
    keys.addAll(central.appHeader("Idempotency-Key"));
    // edge 503, central 502, edge 503, central 201: the retries alternate between the planes
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.planeId()).isEqualTo("central");
    assertThat(keys).hasSize(4).doesNotContainNull().containsOnly(r.idempotencyKey().orElseThrow());
    assertThat(edge.appRequests).isNotEmpty();
    assertThat(central.appRequests).isNotEmpty();
  }

  @Test
  void everyLogicalPaymentGetsItsOwnKey() {
    for (int i = 0; i < 20; i++) {
      client.call(Intent.PAYMENT, payment());
    }

    assertThat(new HashSet<>(edge.appHeader("Idempotency-Key"))).hasSize(20);
  }

  @Test
  void aCallerKeyIsKept_soAResumedPaymentIsRecognised() {
    client.call(Intent.PAYMENT, payment().toBuilder().idempotencyKey("order-42-attempt").build());

    assertThat(edge.appHeader("Idempotency-Key")).containsExactly("order-42-attempt");
  }

  @Test
  void idempotentIntentsCarryNoKey() {
    client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(edge.appHeader("Idempotency-Key")).containsOnlyNulls();
  }
}
