package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One time model: given only a virtual clock, the client measures deadlines and latencies on it
 * and waits (retry backoff, a plane's Retry-After) for timers on the virtual scheduler, so a test
 * moves the call forward by moving time, exactly.
 */
class TimeModelIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private TestPlane edge;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO)
        .policy(Intent.READ, IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(5)).deadline(Duration.ofHours(1))
            .retry(RetryConfig.builder().maxAttempts(3).initialBackoff(Duration.ofMinutes(10))
                .maxBackoff(Duration.ofMinutes(10)).jitter(0).build()).circuitBreaker(null).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  /** The first app request gets {@code first}, the rest 200. */
  private void failOnce(MockResponse first) {
    AtomicInteger n = new AtomicInteger();
    edge.answering(r -> n.getAndIncrement() == 0 ? first : TestPlane.json(200, "{}"));
  }

  private CompletableFuture<EdgeResponse> callAndWaitForItsTimer() {
    int before = time.pendingTasks();
    CompletableFuture<EdgeResponse> call =
        CompletableFuture.supplyAsync(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")));
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == 1 && time.pendingTasks() > before);
    return call;
  }

  @Test
  void theRetryBackoffIsATimerOnTheScheduler_thatVirtualTimeEnds() {
    failOnce(TestPlane.json(503, "{}"));
    CompletableFuture<EdgeResponse> call = callAndWaitForItsTimer();

    time.advance(Duration.ofMinutes(9));
    assertThat(call).as("still waiting out the backoff").isNotDone();
    time.advance(Duration.ofMinutes(1));

    EdgeResponse r = call.join();
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.latency()).as("measured on the ticker that follows the clock").isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aPlanesRetryAfterIsWaitedOnTheScheduler_asLongAsItSaid() {
    failOnce(new MockResponse.Builder().code(503).addHeader("Retry-After", "1200").body("busy").build());
    CompletableFuture<EdgeResponse> call = callAndWaitForItsTimer();

    time.advance(Duration.ofMinutes(10)); // the backoff
    await().atMost(Duration.ofSeconds(10)).until(() -> time.pendingTasks() > 1);
    assertThat(call).as("the plane asked for 20 minutes").isNotDone();
    time.advance(Duration.ofMinutes(10)); // the rest of the Retry-After

    assertThat(call.join().latency()).isEqualTo(Duration.ofMinutes(20));
    assertThat(edge.appRequests).hasSize(2);
  }
}
