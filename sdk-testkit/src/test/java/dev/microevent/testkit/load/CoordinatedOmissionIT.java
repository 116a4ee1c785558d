package dev.microevent.testkit.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.RetryConfig;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.fault.FaultScript;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls for 1 s in the middle of a 100 req/s run: the generator keeps offering on
 * schedule, and the stall shows up in the high percentiles because latency is measured from each
 * request's intended start.
 */
class CoordinatedOmissionIT {
  private final FakeEdgePlane edge = FakeEdgePlane.start("edge-a");
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<CountDownLatch> stall = new AtomicReference<>(new CountDownLatch(0));
  private final AtomicLong receivedWhileStalled = new AtomicLong();
  private MicroEventClient client;

  @AfterEach
  void close() {
    stall.get().countDown();
    if (client != null) {
      client.close();
    }
    edge.close();
    scheduler.shutdownNow();
  }

  private LoadReport runWithStall(int maxConcurrency) {
    edge.route("GET", "/v1/catalog", request -> {
      try {
        if (!stall.get().await(10, TimeUnit.SECONDS)) {
          return FakeResponse.status(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeResponse.json(200, "{\"items\":[]}");
    });
    client = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .healthChecksEnabled(false)
        .policy(Intent.READ, IntentPolicy.builder()
            .attemptTimeout(Duration.ofSeconds(5))
            .deadline(Duration.ofSeconds(8))
            .retry(RetryConfig.none())
            .circuitBreaker(null)
            .build())
        .build();
    AtomicLong atStallStart = new AtomicLong();
    FaultScript script = FaultScript.builder()
        .at(Duration.ofSeconds(2), "server stalls", () -> {
          atStallStart.set(edge.requestCount());
          stall.set(new CountDownLatch(1));
        })
        .at(Duration.ofSeconds(3), "server resumes", () -> {
          receivedWhileStalled.set(edge.requestCount() - atStallStart.get());
          stall.get().countDown();
        })
        .build();
    LoadGenerator generator = LoadGenerator.builder()
        .target(LoadTarget.of(client))
        .profile(LoadProfile.constant(100, Duration.ofSeconds(5)))
        .request(Intent.READ, EdgeRequest.get("/v1/catalog"))
        .maxConcurrency(maxConcurrency)
        .build();
    FaultScript.Run run = script.start(scheduler);
    try {
      return generator.run();
    } finally {
      run.close();
    }
  }

  @Test
  void arrivalsStayOnSchedule_andTheStallShowsInTheHighPercentiles_whenTheServerStallsForOneSecond() {
    LoadReport report = runWithStall(1024);

    assertThat(report.offered()).isEqualTo(500);
    assertThat(report.succeeded()).isEqualTo(500);
    // The generator was not held back by the stalled server: of the ~100 arrivals due during the
    // stall, the server received most while it was stalled (a closed-loop tool would send none).
    assertThat(receivedWhileStalled.get()).isGreaterThanOrEqualTo(50);
    assertThat(report.maxInFlight()).isGreaterThanOrEqualTo(50);
    // ...and the stall is in the tail, not in the median.
    assertThat(report.latency().p50()).isLessThan(Duration.ofMillis(500));
    assertThat(report.latency().p99()).isGreaterThan(Duration.ofMillis(700));
    assertThat(report.latency().max()).isGreaterThan(Duration.ofMillis(900));
    TimeSlice stalled = report.timeline().stream()
        .filter(s -> s.start().compareTo(Duration.ofMillis(2000)) >= 0 && s.start().compareTo(Duration.ofMillis(2500)) < 0)
        .findFirst().orElseThrow();
    assertThat(stalled.max()).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void queueingInTheGeneratorCountsInLatency_butNotInServiceTime_whenWorkersRunOut() {
    LoadReport report = runWithStall(10);

    assertThat(report.offered()).isEqualTo(500);
    assertThat(report.maxInFlight()).isLessThanOrEqualTo(10);
    assertThat(report.latency().p90()).isGreaterThan(Duration.ofMillis(300));
    assertThat(report.latency().p90()).isGreaterThan(report.serviceTime().p90());
  }
}
