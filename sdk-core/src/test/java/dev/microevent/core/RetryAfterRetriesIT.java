package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's own retries honour a plane's {@code Retry-After} (503 and 429): the same plane is not
 * asked again before it said, never past the call's deadline, and another plane is asked at once.
 */
class RetryAfterRetriesIT {
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;
  /** When each app request reached the edge (System.nanoTime). */
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();

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

  private MicroEventClient client(Duration deadline, boolean withCentral) {
    MicroEventClient.Builder b = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .healthChecksEnabled(false)
        .policy(Intent.READ, IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(2)).deadline(deadline)
            .retry(RetryConfig.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20)).jitter(0).build()).circuitBreaker(null).build());
    if (withCentral) {
      b.centralPlane(central.central());
    }
    client = b.build();
    return client;
  }

  /** The first app request gets {@code status} with {@code Retry-After}, the rest 200. */
  private void pushBackOnce(int status, String retryAfter) {
    AtomicInteger n = new AtomicInteger();
    edge.answering(r -> {
      arrivals.add(System.nanoTime());
      return n.getAndIncrement() == 0
          ? new MockResponse.Builder().code(status).addHeader("Retry-After", retryAfter).body("busy").build()
          : TestPlane.json(200, "{}");
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 429})
  void theSamePlaneIsNotAskedAgainBeforeItsRetryAfter(int status) {
    pushBackOnce(status, "1");

    EdgeResponse r = client(Duration.ofSeconds(6), false).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
        .as("the retry waited for the plane's Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRetryAfterPastTheDeadline_failsAtOnceWithTheServersAnswer() {
    edge.answering(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").body("busy").build());
    client(Duration.ofSeconds(20), false);

    CompletableFuture<EdgeResponse> call =
        CompletableFuture.supplyAsync(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")));

    await("the caller is not held to the deadline").atMost(Duration.ofSeconds(10)).until(call::isDone);
    assertThatThrownBy(call::join).cause().isInstanceOfSatisfying(HttpServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(503);
      assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    });
    assertThat(edge.appRequests).as("no retry the plane asked not to get").hasSize(1);
  }

  @Test
  void aRetryAfterFromTheEdge_doesNotHoldBackFailoverToCentral() {
    edge.answering(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "30").body("busy").build());

    EdgeResponse r = client(Duration.ofSeconds(6), true).call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("central");
    assertThat(edge.appRequests).hasSize(1);
  }

  @Test
  void aCallerInterruptedWhileWaitingOutARetryAfter_givesTheCallUp() throws Exception {
    edge.answering(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "30").body("busy").build());
    client(Duration.ofSeconds(60), false);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    caller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !edge.appRequests.isEmpty());

    caller.interrupt();
    caller.join(10_000);

    assertThat(thrown.get()).isInstanceOf(SdkClientException.class).hasMessageContaining("interrupted");
    assertThat(edge.appRequests).hasSize(1);
  }
}
