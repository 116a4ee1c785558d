package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.internal.Transport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers a plane can send that the client must survive: bodies over the limit, and headers that
 * OkHttp itself would trip over. Each ends in a typed error or a normal failover, never in an
 * untyped exception, a hidden retry or a plane blamed for the client's own limit.
 */
class HostileResponsesIT {
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
        // One failure would eject the edge: the oversized body must not count as one.
        .outlierDetection(OutlierDetectionConfig.builder().consecutiveFailures(1)
            .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionTime(Duration.ofSeconds(300)).maxEjectedShare(1.0)
            .build())
        // Reading 8 MiB of a chunked body must never time out on a busy machine: a timeout would
        // eject the edge and let central answer, and these tests judge the size limit, not time.
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .retry(RetryConfig.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
            .deadline(Duration.ofSeconds(60)).attemptTimeout(Duration.ofSeconds(30))
            .build())
        .policy(Intent.CONTROL, IntentPolicy.defaultsFor(Intent.CONTROL).toBuilder().retry(RetryConfig.none()).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
    central.close();
  }

  /** A body of {@code bytes} spaces (whitespace: valid JSON padding, were it ever read). */
  private static Buffer spaces(long bytes) {
    Buffer body = new Buffer();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    for (long left = bytes; left > 0; left -= chunk.length) {
      body.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
    return body;
  }

  private static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Test
  void anOversized2xxBody_isANonRetryableTypedError_readOnce_andNotHeldAgainstThePlane() {
    MockResponse huge = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(spaces(Transport.MAX_BODY + 1)).build();
    edge.answering(r -> huge);
    long before = allocatedByThisThread();

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.limit()).isEqualTo(Transport.MAX_BODY);
          assertThat(e.source()).isEqualTo("edge-a");
        });

    long allocated = allocatedByThisThread() - before;
    assertThat(edge.appRequests).as("not retried: the same answer would come again").hasSize(1);
    assertThat(central.appRequests).isEmpty();
    assertThat(allocated).as("a body announced as too large is not read at all").isLessThan(Transport.MAX_BODY / 4);
    assertThat(client.planes().get(0).routable()).as("the plane answered; the limit is the client's").isTrue();
  }

  @Test
  void anOversizedChunkedBody_isReadOnlyUpToTheLimit_andIsTheSameTypedError() {
    MockResponse chunked = new MockResponse.Builder().code(200)
        .chunkedBody(spaces(Transport.MAX_BODY + 1), 1024 * 1024).build();
    edge.answering(r -> chunked);

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ResponseTooLargeException.class);

    assertThat(edge.appRequests).hasSize(1);
    assertThat(client.planes().get(0).routable()).isTrue();
  }

  @Test
  void a503WithARetryAfterBeyondInt_failsOverLikeAny503() {
    edge.answering(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "2147483648").body("{}")
        .build());
    central.answering(r -> TestPlane.json(201, "{\"paid\":true}"));

    EdgeResponse r = client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
        .body("{\"amount\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json").build());

    assertThat(r.planeId()).isEqualTo("central");
  }

  @Test
  void a503WithRetryAfterZero_isOneAttempt_notAHiddenRetryByOkHttp() {
    edge.answering(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "0").body("{}").build());
    central.answering(r -> TestPlane.json(503, "{}"));

    assertThatThrownBy(() -> client.call(Intent.CONTROL, EdgeRequest.get("/v1/lights")))
        .isInstanceOfSatisfying(SdkServiceException.class,
            e -> assertThat(e.retryAfter()).as("the app still sees the plane's Retry-After").contains(Duration.ZERO));

    assertThat(edge.appRequests).as("no retries configured: one request on the wire").hasSize(1);
  }
}
