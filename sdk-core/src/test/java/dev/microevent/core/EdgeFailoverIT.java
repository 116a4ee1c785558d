package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edge outages of every kind end with the call served by the central plane. */
class EdgeFailoverIT {
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    central = new TestPlane("central");
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    edge.close();
    central.close();
  }

  private MicroEventClient client(IntentPolicy readPolicy) {
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .centralPlane(central.central())
        .healthChecksEnabled(false)
        .policy(Intent.READ, readPolicy)
        .build();
    return client;
  }

  private static IntentPolicy fastRetries() {
    return IntentPolicy.defaultsFor(Intent.READ).toBuilder()
        .attemptTimeout(Duration.ofSeconds(1))
        .deadline(Duration.ofSeconds(4))
        .retry(RetryConfig.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .build();
  }

  @Test
  void readIsServedByTheEdge_whenTheEdgeIsHealthy() {
    EdgeResponse r = client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("edge-a");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(central.appRequests).isEmpty();
  }

  @Test
  void readCompletesViaCentral_whenTheEdgeRefusesConnections() {
    edge.stop();

    EdgeResponse r = client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("central");
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(central.appRequests).hasSize(1);
  }

  @Test
  void readCompletesViaCentral_whenTheEdgeAnswers503() {
    edge.answering(req -> TestPlane.json(503, "{\"error\":\"overloaded\"}"));

    EdgeResponse r = client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("central");
    assertThat(edge.appRequests).hasSize(1);
    assertThat(central.appRequests).hasSize(1);
  }

  @Test
  void readCompletesViaCentral_whenTheEdgeIsSlowerThanTheAttemptTimeout() {
    edge.answering(req -> new MockResponse.Builder().code(200).body("late")
        .headersDelay(6, TimeUnit.SECONDS).build());

    long t0 = System.nanoTime();
    EdgeResponse r = client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("central");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("did not wait for the slow edge")
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aCentralOnlyClientIsNotHeldToTheFailoverCap() {
    client = MicroEventClient.builder()
        .centralPlane(central.central())
        .healthChecksEnabled(false)
        .failover(FailoverPolicy.builder().maxConcurrent(1).maxPerSecond(1).criticalReserve(0).build())
        .build();

    for (int i = 0; i < 5; i++) {
      assertThat(client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/t")).planeId()).isEqualTo("central");
    }
  }

  @Test
  void aNotModifiedAnswerToAConditionalReadIsASuccess_withItsHeaders() {
    edge.answering(req -> new MockResponse.Builder().code(304).addHeader("ETag", "\"v7\"")
        .addHeader("Cache-Control", "max-age=30").build());

    EdgeResponse r = client(fastRetries()).call(Intent.READ,
        EdgeRequest.builder("GET", "/v1/catalog").header("If-None-Match", "\"v7\"").build());

    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.header("cache-control")).contains("max-age=30");
    assertThat(r.attempts()).isEqualTo(1);
  }

  @Test
  void notFoundIsNotRetried_andCarriesStatusAndBodyExcerpt() {
    edge.answering(req -> TestPlane.json(404, "{\"error\":\"no such drop\"}"));

    assertThatThrownBy(() -> client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/drops/9")))
        .isInstanceOfSatisfying(HttpServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.bodyExcerpt()).contains("no such drop");
          assertThat(e.source()).isEqualTo("edge-a");
          assertThat(e.isRetryable()).isFalse();
        });
    assertThat(edge.appRequests).hasSize(1);
    assertThat(central.appRequests).isEmpty();
  }

  @Test
  void everyAttemptFailing_endsWithTheLastFailure_afterMaxAttempts() {
    edge.answering(req -> TestPlane.json(503, "edge down"));
    central.answering(req -> TestPlane.json(502, "central down"));

    assertThatThrownBy(() -> client(fastRetries()).call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(HttpServiceException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(edge.appRequests.size() + central.appRequests.size()).isEqualTo(3);
  }
}
