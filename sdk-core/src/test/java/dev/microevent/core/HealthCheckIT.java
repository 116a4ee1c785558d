package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.core.PlaneStatus.Health;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Active, bilateral health checks on virtual time: thresholds, draining, failback without flapping. */
class HealthCheckIT {
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
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
        .clock(time.clock())
        .scheduler(time.scheduler())
        .instanceId("till-7")
        .healthCheck(HealthCheckConfig.defaults().withJitter(Duration.ZERO).withThresholds(2, 3))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
    central.close();
  }

  private Health edgeHealth() {
    return client.planes().get(0).health();
  }

  private void checkRounds(int n) {
    time.advance(INTERVAL.multipliedBy(n));
  }

  @Test
  void checksRunEveryInterval_andTellThePlaneWhoIsAsking() throws Exception {
    checkRounds(3);

    assertThat(edge.heartbeats).hasSize(3);
    JsonNode status = new ObjectMapper().readTree(edge.heartbeats.get(0).getBody().utf8());
    assertThat(status.get("instanceId").asText()).isEqualTo("till-7");
    assertThat(status.get("mode").asText()).isEqualTo("NORMAL");
    assertThat(status.get("sdkVersion").asText()).isNotEmpty();
    assertThat(client.planes().get(0).advertisedStatus()).isEqualTo("SERVING");
    assertThat(client.planes().get(0).advertisedLoad()).isEqualTo(0.1);
  }

  @Test
  void theConfigDocumentsHealthInterval_takesOverFromTheNextCheck_andWithoutItTheBuildersComesBack() {
    edge.serving(r -> new MockResponse.Builder().code(200).addHeader("ETag", "\"h1\"")
        .addHeader("Content-Type", "application/json").body("{\"version\":\"h1\",\"health\":{\"intervalMs\":500}}")
        .build());
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);

    checkRounds(1);
    assertThat(edge.heartbeats).as("the check already scheduled keeps the builder's 2 s").hasSize(1);
    time.advance(Duration.ofMillis(500).multipliedBy(4));
    assertThat(edge.heartbeats).as("then one every 500 ms").hasSize(5);

    edge.serving(r -> new MockResponse.Builder().code(200).addHeader("ETag", "\"h2\"")
        .addHeader("Content-Type", "application/json").body("{\"version\":\"h2\"}").build());
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    time.advance(Duration.ofMillis(500));
    checkRounds(2);
    assertThat(edge.heartbeats).as("one more at 500 ms, then the builder's 2 s again").hasSize(8);
  }

  @Test
  void oneFailedCheckIsTolerated_butTheThresholdMarksThePlaneUnhealthy() {
    edge.stop();

    checkRounds(1);
    assertThat(edgeHealth()).isEqualTo(Health.HEALTHY);

    checkRounds(1);
    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("central");
  }

  @Test
  void anErrorStatusMarksThePlaneUnhealthyAtOnce() {
    edge.heartbeating(r -> TestPlane.json(503, "{}"));

    checkRounds(1);

    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void aDrainingPlaneGetsNoNewCalls() {
    edge.heartbeating(r -> TestPlane.json(200, "{\"planeId\":\"edge-a\",\"status\":\"DRAINING\",\"load\":0.9}"));

    checkRounds(1);

    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("central");
    assertThat(edge.appRequests).isEmpty();
  }

  @Test
  void anUnreadableHeartbeatCountsAsAFailure() {
    edge.heartbeating(r -> new MockResponse.Builder().code(200).body("<html>captive portal</html>").build());

    checkRounds(2);

    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void anOversizedHeartbeatIsNotReadWhole_andCountsAsAFailure() {
    edge.heartbeating(r -> TestPlane.json(200, "{\"status\":\"SERVING\",\"pad\":\"" + "x".repeat(200_000) + "\"}"));

    checkRounds(2);

    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void trafficFailsBackOnlyAfterTheHealthyThreshold_withoutFlapping() throws Exception {
    edge.stop();
    checkRounds(2);
    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);

    edge.restart();
    checkRounds(2);
    assertThat(edgeHealth()).as("two passes are below the healthy threshold of 3").isEqualTo(Health.UNHEALTHY);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("central");

    checkRounds(1);
    assertThat(edgeHealth()).isEqualTo(Health.HEALTHY);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("edge-a");
  }

  @Test
  void aFailureDuringRecoveryRestartsTheCount() throws Exception {
    edge.stop();
    checkRounds(2);
    edge.restart();
    checkRounds(2);
    edge.heartbeating(r -> TestPlane.json(500, "{}"));
    checkRounds(1);
    edge.heartbeating(r -> TestPlane.json(200, "{\"status\":\"SERVING\"}"));
    checkRounds(2);

    assertThat(edgeHealth()).isEqualTo(Health.UNHEALTHY);
    checkRounds(1);
    assertThat(edgeHealth()).isEqualTo(Health.HEALTHY);
  }

  @Test
  void theLastErrorIsReportedInTheNextHeartbeat() throws Exception {
    edge.answering(r -> TestPlane.json(503, "{}"));
    client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    checkRounds(1);

    List<String> bodies = edge.heartbeats.stream().map(r -> r.getBody().utf8()).toList();
    JsonNode last = new ObjectMapper().readTree(bodies.get(bodies.size() - 1));
    assertThat(last.get("lastError").asText()).startsWith("server_error on edge-a");
  }

  @Test
  void checksRunOnTheIoExecutor_whileTheSchedulerOnlyKeepsTime() throws Exception {
    client.close();
    java.util.concurrent.atomic.AtomicInteger handedOff = new java.util.concurrent.atomic.AtomicInteger();
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .ioExecutor(task -> {
          handedOff.incrementAndGet();
          task.run();
        })
        .configSyncInterval(Duration.ZERO)
        .healthCheck(HealthCheckConfig.defaults().withJitter(Duration.ZERO))
        .build();
    int before = edge.heartbeats.size();

    checkRounds(2);

    assertThat(handedOff).hasValue(2);
    assertThat(edge.heartbeats).hasSize(before + 2);
    assertThat(client.runtime().ioExecutor()).isNotNull();
  }

  @Test
  void aClientWithItsOwnSchedulerRunsBlockingWorkOnItsOwnIoThreads() throws Exception {
    try (MicroEventClient own = MicroEventClient.builder().addEdgePlane(edge.edge(0))
        .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(50)).withJitter(Duration.ZERO))
        .configSyncInterval(Duration.ZERO).build()) {
      java.util.List<String> clientThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      own.runtime().ioExecutor().execute(() -> clientThreads.add(Thread.currentThread().getName()));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !clientThreads.isEmpty());

      assertThat(clientThreads.get(0)).startsWith("microevent-io-");
    }
  }

  @Test
  void closingStopsTheChecks() {
    client.close();

    checkRounds(3);

    assertThat(edge.heartbeats).isEmpty();
    assertThat(time.pendingTasks()).isZero();
  }
}
