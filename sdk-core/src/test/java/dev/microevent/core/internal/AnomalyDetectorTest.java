package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.anomaly.Anomaly;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.time.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
  private static final Plane EDGE = Plane.edge("edge-a", URI.create("http://127.0.0.1:1"), 0);
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final List<Anomaly> found = new ArrayList<>();
  private final AnomalyDetector detector = new AnomalyDetector(
      () -> DetectorConfig.builder().alpha(0.05).zThreshold(4).minSamples(50).errorRateThreshold(0.25)
          .cooldown(Duration.ofMinutes(1)).build(), time.clock(), new ClientMeters(null),
      List.of(found::add));
  private final Random random = new Random(42);

  private void attempt(double millis, Outcome outcome) {
    detector.record(AttemptEvent.builder().intent(Intent.READ).plane(EDGE).binding("default").attempt(1)
        .failover(false).outcome(outcome).statusCode(200).duration(Duration.ofNanos((long) (millis * 1e6)))
        .serverTimings(List.of()).build());
  }

  private void normalTraffic(int n) {
    for (int i = 0; i < n; i++) {
      attempt(20 + random.nextGaussian() * 2, Outcome.SUCCESS);
    }
  }

  @Test
  void ordinaryJitterIsNotAnAnomaly() {
    normalTraffic(500);

    assertThat(found).isEmpty();
  }

  @Test
  void aLatencySpikeIsFlagged_withItsZScore() {
    normalTraffic(200);

    attempt(80, Outcome.SUCCESS);

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Anomaly.Kind.LATENCY);
      assertThat(a.route()).isEqualTo("edge-a");
      assertThat(a.expected()).isBetween(18.0, 22.0);
      assertThat(a.score()).isGreaterThan(4);
    });
  }

  @Test
  void nothingIsReportedBeforeTheBaselineHasEnoughSamples() {
    normalTraffic(10);

    attempt(500, Outcome.SUCCESS);

    assertThat(found).isEmpty();
  }

  @Test
  void aRisingErrorRateIsFlaggedOnce_perCooldown() {
    normalTraffic(100);
    for (int i = 0; i < 30; i++) {
      attempt(5, Outcome.SERVER_ERROR);
    }

    assertThat(found).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.ERROR_RATE);

    time.advance(Duration.ofMinutes(2));
    attempt(5, Outcome.SERVER_ERROR);
    assertThat(found).hasSize(2);
  }
}
