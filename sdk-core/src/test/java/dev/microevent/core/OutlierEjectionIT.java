package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.time.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passive outlier detection ejects failing edge planes for a growing time, within a share cap. */
class OutlierEjectionIT {
  private static final Duration BASE = Duration.ofSeconds(30);
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestPlane edgeA;
  private TestPlane edgeB;
  private TestPlane central;
  private MicroEventClient client;

  @AfterEach
  void stop() {
    client.close();
    edgeA.close();
    if (edgeB != null) {
      edgeB.close();
    }
    central.close();
  }

  private MicroEventClient client(double maxEjectedShare, TestPlane... edges) {
    MicroEventClient.Builder b = MicroEventClient.builder()
        .centralPlane(central.central())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .meterRegistry(registry)
        .random(new Random(7))
        .outlierDetection(OutlierDetectionConfig.builder().consecutiveFailures(5).baseEjectionTime(BASE)
            .maxEjectionTime(Duration.ofMinutes(5)).maxEjectedShare(maxEjectedShare).build())
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .retry(RetryConfig.none()).circuitBreaker(null).build());
    for (int i = 0; i < edges.length; i++) {
      b.addEdgePlane(edges[i].edge(i));
    }
    client = b.build();
    return client;
  }

  private void failReads(int n) {
    for (int i = 0; i < n; i++) {
      try {
        client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      } catch (SdkServiceException expected) {
        // the edge answers 503; without retries the call fails
      }
    }
  }

  private PlaneStatus status(String id) {
    return client.planes().stream().filter(p -> p.plane().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void fiveConsecutiveServerErrorsEjectThePlane_andCallsGoToCentral() throws Exception {
    edgeA = new TestPlane("edge-a").answering(r -> TestPlane.json(503, "{}"));
    central = new TestPlane("central");
    client(0.5, edgeA);

    failReads(4);
    assertThat(status("edge-a").ejection()).isEmpty();
    failReads(1);

    assertThat(status("edge-a").ejection()).isPresent();
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("central");
    assertThat(edgeA.appRequests).hasSize(5);
    assertThat(registry.get("microevent.plane.ejections").tag("plane", "edge-a").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.plane.healthy").tag("plane", "edge-a").gauge().value()).isZero();
  }

  @Test
  void aSuccessResetsTheConsecutiveCount() throws Exception {
    edgeA = new TestPlane("edge-a");
    central = new TestPlane("central");
    client(0.5, edgeA);
    int[] n = {0};
    edgeA.answering(r -> ++n[0] % 4 == 0 ? TestPlane.json(200, "{}") : TestPlane.json(503, "{}"));

    failReads(12);

    assertThat(status("edge-a").ejection()).isEmpty();
  }

  @Test
  void ejectionEndsAfterTheBaseTime_andTheNextEjectionLastsLonger() throws Exception {
    edgeA = new TestPlane("edge-a").answering(r -> TestPlane.json(503, "{}"));
    central = new TestPlane("central");
    client(0.5, edgeA);

    failReads(5);
    Duration first = Duration.between(time.now(), status("edge-a").ejectedUntil());
    assertThat(first).isBetween(BASE, BASE.plus(BASE.dividedBy(10)));

    time.advance(first);
    assertThat(status("edge-a").ejection()).isEmpty();

    failReads(5);
    Duration second = Duration.between(time.now(), status("edge-a").ejectedUntil());
    assertThat(second).isBetween(BASE.multipliedBy(2), BASE.multipliedBy(2).plus(BASE.dividedBy(10)));
  }

  @Test
  void connectionFailuresCountLikeServerErrors() throws Exception {
    edgeA = new TestPlane("edge-a");
    central = new TestPlane("central");
    client(0.5, edgeA);
    edgeA.stop();
    client.close();
    // Without retries every call fails on the refused edge; central is never asked.
    client = MicroEventClient.builder()
        .addEdgePlane(edgeA.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .retry(RetryConfig.none()).circuitBreaker(null).build())
        .build();

    for (int i = 0; i < 5; i++) {
      try {
        client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      } catch (ConnectionFailedException expected) {
        // refused
      }
    }

    assertThat(client.planes().get(0).ejection()).isPresent();
  }

  @Test
  void passingActiveChecksEndTheEjectionEarly_afterTheHealthyThreshold() throws Exception {
    edgeA = new TestPlane("edge-a").answering(r -> TestPlane.json(503, "{}"));
    central = new TestPlane("central");
    client = MicroEventClient.builder()
        .addEdgePlane(edgeA.edge(0))
        .centralPlane(central.central())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthCheck(HealthCheckConfig.defaults().withJitter(Duration.ZERO).withThresholds(2, 3))
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .retry(RetryConfig.none()).circuitBreaker(null).build())
        .build();
    failReads(5);
    assertThat(status("edge-a").ejection()).isPresent();
    edgeA.answering(r -> TestPlane.json(200, "{}"));

    time.advance(Duration.ofSeconds(4));
    assertThat(status("edge-a").ejection()).as("2 passing checks < threshold 3").isPresent();

    time.advance(Duration.ofSeconds(2));
    assertThat(status("edge-a").ejection()).isEmpty();
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("edge-a");
  }

  @Test
  void neverEjectsMoreThanTheConfiguredShareOfEdgePlanes() throws Exception {
    edgeA = new TestPlane("edge-a").answering(r -> TestPlane.json(503, "{}"));
    edgeB = new TestPlane("edge-b").answering(r -> TestPlane.json(503, "{}"));
    central = new TestPlane("central").answering(r -> TestPlane.json(503, "{}"));
    client(0.5, edgeA, edgeB);

    failReads(5);
    assertThat(status("edge-a").ejection()).isPresent();

    failReads(5);

    assertThat(status("edge-b").ejection()).as("2 edges x 0.5 share = 1 ejected at most").isEmpty();
    assertThat(edgeB.appRequests).hasSize(5);
    assertThat(registry.get("microevent.plane.ejections.skipped").tag("plane", "edge-b").counter().count())
        .isEqualTo(1);
  }
}
