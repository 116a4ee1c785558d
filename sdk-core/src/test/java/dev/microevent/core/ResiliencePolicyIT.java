package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-intent protection: breaker probes, retry budget, bulkhead, rate limit, and deadlines that really cancel. */
class ResiliencePolicyIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(12);
  private final CountDownLatch release = new CountDownLatch(1);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestPlane edge;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
  }

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
    if (client != null) {
      client.close();
    }
    edge.close();
  }

  private MicroEventClient client(IntentPolicy readPolicy) {
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .meterRegistry(registry)
        .policy(Intent.READ, readPolicy)
        .build();
    return client;
  }

  private static IntentPolicy.Builder noRetries() {
    return IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(10))
        .retry(RetryConfig.none()).circuitBreaker(null);
  }

  private void stallEdge() {
    edge.stallingUntil(release);
  }

  private CompletableFuture<EdgeResponse> async() {
    return CompletableFuture.supplyAsync(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")), pool);
  }

  private static boolean rejectedBecause(Throwable t, CallRejectedException.Reason reason) {
    Throwable cause = t.getCause() != null ? t.getCause() : t;
    return cause instanceof CallRejectedException c && c.reason() == reason;
  }

  @Test
  void breakerOpensOnFailures_thenHalfOpenLetsThroughExactlyTheConfiguredProbes() throws Exception {
    client(noRetries().circuitBreaker(CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(4)
        .window(Duration.ofSeconds(30)).openDelay(Duration.ofSeconds(10)).halfOpenProbes(2).build()).build());
    edge.answering(r -> TestPlane.json(503, "{}"));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(SdkServiceException.class);
    }

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.CIRCUIT_OPEN));
    assertThat(edge.appRequests).hasSize(4);

    time.advance(Duration.ofSeconds(10));
    stallEdge();
    List<CompletableFuture<EdgeResponse>> herd = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      herd.add(async());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> herd.stream().filter(CompletableFuture::isDone).count() == 8);
    // The two probes may still be on their way to the stalled server: wait for them to arrive.
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() >= 6);

    assertThat(herd.stream().filter(f -> f.isCompletedExceptionally()))
        .hasSize(8)
        .allSatisfy(f -> assertThat(f.handle((v, t) -> rejectedBecause(t, CallRejectedException.Reason.CIRCUIT_OPEN))
            .get()).isTrue());

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> herd.stream().allMatch(CompletableFuture::isDone));
    assertThat(edge.appRequests).as("4 failures + exactly 2 probes").hasSize(6);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId())
        .as("two successful probes close the breaker").isEqualTo("edge-a");
    assertThat(registry.get("microevent.client.breaker.transitions").tag("to", "closed").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aLocallyRefusedCallIsNoProbe_soItNeitherClosesTheBreakerNorUsesUpItsProbes() {
    // 4 permits per 10 minutes: the 4 failures that open the breaker use them all up.
    client(noRetries().rateLimit(new RateLimit(4, Duration.ofMinutes(10)))
        .circuitBreaker(CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(4)
            .window(Duration.ofSeconds(30)).openDelay(Duration.ofSeconds(10)).halfOpenProbes(1).build()).build());
    edge.answering(r -> TestPlane.json(503, "{}"));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(SdkServiceException.class);
    }
    time.advance(Duration.ofSeconds(10));
    assertThat(registry.get("microevent.client.breaker.transitions").tag("to", "half_open").counter().count())
        .isEqualTo(1.0);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOfSatisfying(CallRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.RATE_LIMITED));
    }

    assertThat(registry.find("microevent.client.breaker.transitions").tag("to", "closed").counter())
        .as("no remote answered, so nothing may close the breaker").isNull();
    assertThat(edge.appRequests).hasSize(4);
  }

  @Test
  void retryBudgetCapsRetriesAtAShareOfRecentTraffic() {
    client(noRetries().retry(RetryConfig.builder().maxAttempts(3).initialBackoff(Duration.ZERO)
        .maxBackoff(Duration.ZERO).jitter(0).build())
        .retryBudget(RetryBudget.builder().ratio(0.2).minRetriesPerSecond(0).ttl(Duration.ofSeconds(10))
            .build()).build());
    edge.answering(r -> TestPlane.json(503, "{}"));

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(SdkServiceException.class);
    }

    assertThat(edge.appRequests).as("10 calls + 20 %% of 10 retries").hasSize(12);
    // 8 calls were refused their first retry, the 2 that got one were refused their second
    assertThat(registry.get("microevent.client.retry.budget.exhausted").counter().count()).isEqualTo(10.0);
  }

  @Test
  void bulkheadRefusesCallsBeyondItsSlots() {
    client(noRetries().bulkhead(2).build());
    stallEdge();
    CompletableFuture<EdgeResponse> a = async();
    CompletableFuture<EdgeResponse> b = async();
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == 2);

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.BULKHEAD_FULL));

    release.countDown();
    assertThat(a.join().statusCode()).isEqualTo(200);
    assertThat(b.join().statusCode()).isEqualTo(200);
  }

  @Test
  void bulkheadRefusalsUnderContention_leaveEveryPermitFree() throws Exception {
    int slots = 4;
    client(noRetries().bulkhead(slots).build());
    CountDownLatch releaseFirst = new CountDownLatch(1);
    edge.stallingUntil(releaseFirst);
    List<CompletableFuture<EdgeResponse>> holders = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      holders.add(async());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == slots);

    // 10,000 refusals from 8 threads at once, while every slot is held.
    AtomicInteger refusals = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    List<CompletableFuture<Void>> refused = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      refused.add(CompletableFuture.runAsync(() -> {
        while (refusals.get() < 10_000) {
          try {
            client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
            admitted.incrementAndGet();
          } catch (CallRejectedException e) {
            if (e.reason() == CallRejectedException.Reason.BULKHEAD_FULL) {
              refusals.incrementAndGet();
            }
          }
        }
      }, pool));
    }
    CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(admitted).as("nothing gets past a full bulkhead").hasValue(0);
    releaseFirst.countDown();
    for (CompletableFuture<EdgeResponse> h : holders) {
      assertThat(h.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    // Every permit is free again: four calls run at once, and a fifth is still refused.
    stallEdge();
    List<CompletableFuture<EdgeResponse>> again = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      again.add(async());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == 2 * slots
        || again.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
    assertThat(again).as("calls refused after the refusals").noneMatch(CompletableFuture::isCompletedExceptionally);
    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.BULKHEAD_FULL));
    release.countDown();
    for (CompletableFuture<EdgeResponse> f : again) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void rateLimitRefusesCallsOverTheCap_withoutNetworkIo() {
    client(noRetries().rateLimit(new RateLimit(3, Duration.ofMinutes(1))).build());

    for (int i = 0; i < 3; i++) {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
    }

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.RATE_LIMITED));
    assertThat(edge.appRequests).hasSize(3);
  }

  @Test
  void anInterruptedCallerGivesTheCallUp_withoutRetryingOrBlamingThePlane() throws Exception {
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .meterRegistry(registry)
        // one counted failure would eject the plane
        .outlierDetection(OutlierDetectionConfig.builder().consecutiveFailures(1)
            .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionTime(Duration.ofMinutes(5)).maxEjectedShare(1.0)
            .build())
        .policy(Intent.READ, noRetries().attemptTimeout(Duration.ofMillis(500)).deadline(Duration.ofSeconds(10))
            .retry(RetryConfig.builder().maxAttempts(3).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO)
                .jitter(0).build()).build())
        .build();
    stallEdge();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      } catch (RuntimeException e) {
        thrown.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.appRequests.size() == 1);

    caller.interrupt();
    caller.join(10_000);

    assertThat(thrown.get()).isInstanceOf(SdkClientException.class).hasMessageContaining("interrupted")
        .satisfies(e -> assertThat(((SdkException) e).isRetryable()).isFalse());
    assertThat(stillInterrupted).as("the caller's interrupt stays visible").isTrue();
    assertThat(edge.appRequests).as("no retry").hasSize(1);
    assertThat(client.planes().get(0).ejection()).as("the plane is not blamed").isEmpty();
    assertThat(registry.get("microevent.client.calls").tag("outcome", "cancelled").timer().count()).isEqualTo(1);
    assertThat(client.errorBudgets().of(Intent.READ).orElseThrow().events(dev.microevent.core.budget.ErrorBudget.W5M))
        .isZero();
  }

  /** A client of one edge plane on {@code port} whose READ calls have 300 ms and no retry. */
  private void clientGiving300ms(int port) {
    client = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("edge-at-" + port, URI.create("http://127.0.0.1:" + port), 0))
        .healthChecksEnabled(false)
        .policy(Intent.READ, noRetries().attemptTimeout(Duration.ofMillis(300)).deadline(Duration.ofMillis(300))
            .build())
        .build();
  }

  /** Reads what the client sends until it closes the connection (end of stream or reset), then says so. */
  private static void drainUntilClosed(InputStream in, AtomicBoolean closedByClient) {
    byte[] buf = new byte[64 * 1024];
    try {
      while (in.read(buf) >= 0) {
        // until the client closes
      }
    } catch (java.io.IOException e) {
      // a reset is a close too
    }
    closedByClient.set(true);
  }

  @Test
  void theDeadlineCancelsTheExchange_andTheServerSeesTheConnectionClose() throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicBoolean closedByClient = new AtomicBoolean();
      CountDownLatch requestRead = new CountDownLatch(1);
      Thread server = new Thread(() -> {
        try (Socket s = blackHole.accept(); InputStream in = s.getInputStream()) {
          if (in.read(new byte[4096]) > 0) {
            requestRead.countDown();
          }
          drainUntilClosed(in, closedByClient);
        } catch (java.io.IOException e) {
          closedByClient.set(true);
        }
      });
      server.start();
      clientGiving300ms(blackHole.getLocalPort());

      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(DeadlineExceededException.class);

      assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).untilTrue(closedByClient);
      server.join(5000);
    }
  }

  @Test
  // Without a bound on the exchange the call would wait as long as the server stalls: fail instead.
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatDripsPastTheAttemptTimeout_endsTheAttemptAtItsTimeout() throws Exception {
    try (ServerSocket dripping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicBoolean closedByClient = new AtomicBoolean();
      Thread server = new Thread(() -> {
        try (Socket s = dripping.accept()) {
          s.getInputStream().read(new byte[4096]);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 100_000; i++) { // one byte at a time, each in time for any per-read timeout
            out.write('x');
            out.flush();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
          }
        } catch (java.io.IOException e) {
          closedByClient.set(true);
        }
      });
      server.start();
      clientGiving300ms(dripping.getLocalPort());

      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(DeadlineExceededException.class);

      await().atMost(Duration.ofSeconds(5)).untilTrue(closedByClient);
      server.join(5000);
    }
  }

  @Test
  // Without a bound on the exchange the call would wait as long as the server stalls: fail instead.
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aServerThatStopsReadingTheRequestBody_endsTheAttemptAtItsTimeout() throws Exception {
    try (ServerSocket deaf = new ServerSocket()) {
      deaf.setReceiveBufferSize(4096);
      deaf.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      CountDownLatch accepted = new CountDownLatch(1);
      CountDownLatch callEnded = new CountDownLatch(1);
      AtomicBoolean closedByClient = new AtomicBoolean();
      Thread server = new Thread(() -> {
        try (Socket s = deaf.accept(); InputStream in = s.getInputStream()) {
          accepted.countDown();
          callEnded.await(10, TimeUnit.SECONDS); // reads nothing till then: the client's writes fill the buffers
          drainUntilClosed(in, closedByClient);
        } catch (java.io.IOException e) {
          closedByClient.set(true);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
      clientGiving300ms(deaf.getLocalPort());
      byte[] upload = new byte[64 * 1024 * 1024]; // more than any socket buffer takes

      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.builder("POST", "/v1/upload")
          .body(upload, "application/octet-stream").build()))
          .isInstanceOf(DeadlineExceededException.class);

      callEnded.countDown();
      assertThat(accepted.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).untilTrue(closedByClient);
      server.join(5000);
    }
  }
}
