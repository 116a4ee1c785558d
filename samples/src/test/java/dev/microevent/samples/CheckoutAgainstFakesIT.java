package dev.microevent.samples;

import static dev.microevent.testkit.TestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.RetryConfig;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.junit.MicroEventTest;
import dev.microevent.testkit.replay.TrafficFile;
import dev.microevent.testkit.replay.TrafficRecord;
import dev.microevent.testkit.replay.TrafficRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an app team tests its checkout against the SDK with the testkit, using its public API only:
 * injected fakes, faults on the wire, assertions on what the planes received, and traffic capture.
 */
@MicroEventTest(healthChecks = false)
class CheckoutAgainstFakesIT {

  private static EdgeRequest checkout() {
    return EdgeRequest.builder("POST", "/v1/payments")
        .body("{\"amount\":2500,\"currency\":\"EUR\"}", "application/json")
        .build();
  }

  @Test
  void paymentIsChargedOnceWithOneKey_whenTheEdgeResetsMidCheckout(FakeEdgePlane edge, FakeCentralPlane central,
      MicroEventClient client) {
    edge.faults().inject(Fault.reset().times(1).appTrafficOnly());
    central.route("POST", "/v1/payments", request -> FakeResponse.json(201, Map.of("charged", true)));

    EdgeResponse response = client.call(Intent.PAYMENT, checkout());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.planeId()).isEqualTo("central");
    String key = response.idempotencyKey().orElseThrow();
    assertThat(edge).receivedRequests("POST", "/v1/payments").hasSize(1).haveIdempotencyKeys(key);
    assertThat(central).receivedRequests("POST", "/v1/payments").hasSize(1).haveIdempotencyKeys(key)
        .allHaveBodyContaining("\"amount\":2500");
  }

  @Test
  void catalogReadTimesOut_whenBothPlanesAreBlackHoles(FakeEdgePlane edge, FakeCentralPlane central) {
    edge.faults().inject(Fault.blackHole());
    central.faults().inject(Fault.blackHole());
    try (MicroEventClient impatient = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .centralPlane(central.plane())
        .healthChecksEnabled(false)
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .attemptTimeout(Duration.ofMillis(200)).deadline(Duration.ofMillis(600))
            .retry(RetryConfig.none()).build())
        .build()) {
      assertThatThrownBy(() -> impatient.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void theDaysTrafficCanBeCapturedForReplay(FakeEdgePlane edge, @TempDir Path dir) {
    TrafficRecorder recorder = new TrafficRecorder();
    try (MicroEventClient recorded = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .healthChecksEnabled(false)
        .addCallListener(recorder)
        .build()) {
      recorded.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      recorded.call(Intent.PAYMENT, checkout());
    }
    Path file = dir.resolve("till-3.ndjson");
    recorder.writeTo(file);

    List<TrafficRecord> traffic = TrafficFile.read(file);
    assertThat(traffic).extracting(TrafficRecord::intent).containsExactly(Intent.READ, Intent.PAYMENT);
    assertThat(traffic.get(1).bodySize()).isEqualTo(32);
  }
}
