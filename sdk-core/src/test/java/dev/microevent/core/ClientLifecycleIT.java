package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.internal.DefaultMicroEventClient;
import dev.microevent.core.logs.LogCapture;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** close() is idempotent, stops what the client created and leaves alone what it was given. */
class ClientLifecycleIT {
  private TestPlane edge;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void startAndClose_logAtDebug_notInfo() {
    try (LogCapture logs = LogCapture.of(DefaultMicroEventClient.class)) {
      MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).healthChecksEnabled(false)
          .build();
      client.close();

      assertThat(logs.at(Level.INFO)).isEmpty();
      assertThat(logs.at(Level.DEBUG)).anyMatch(m -> m.contains("started")).anyMatch(m -> m.contains("closed"));
    }
  }

  @Test
  void close_shutsDownTheOwnSchedulerAndIoPool_andCanBeCalledTwice() {
    MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).build();
    ScheduledExecutorService scheduler = client.runtime().scheduler();
    ExecutorService io = (ExecutorService) client.runtime().ioExecutor();

    client.close();
    client.close();

    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(io.isShutdown()).isTrue();
  }

  @Test
  void close_withInjectedSchedulerAndExecutor_leavesThemRunning() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService io = Executors.newSingleThreadExecutor();
    try {
      MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.edge(0))
          .scheduler(scheduler).ioExecutor(io).build();

      client.close();
      client.close();

      assertThat(scheduler.isShutdown()).isFalse();
      assertThat(io.isShutdown()).isFalse();
    } finally {
      scheduler.shutdownNow();
      io.shutdownNow();
    }
  }

  @Test
  void aClosedClientRefusesCalls_withoutNetworkIo() {
    MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).healthChecksEnabled(false)
        .build();
    client.close();

    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ClientClosedException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", String.class))
        .isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> client.post(Intent.CONTROL, "/v1/lights", java.util.Map.of("on", true), String.class))
        .isInstanceOf(ClientClosedException.class);
    assertThat(edge.appRequests).isEmpty();
  }

  @Test
  void aBuildThatFailsLeavesNothingBehind() {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    MicroEventClient.Builder builder = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .meterRegistry(registry)
        .addModeSource(new ServiceModeSource() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public void bind(ModeSink sink) {
            throw new IllegalStateException("no power source attached");
          }
        });

    assertThatThrownBy(builder::build).hasMessageContaining("no power source attached");

    assertThat(time.pendingTasks()).as("no health check, config sync or budget timer").isZero();
    assertThat(registry.getMeters()).noneMatch(m -> m instanceof io.micrometer.core.instrument.Gauge);
  }

  @Test
  void close_leavesNoTaskOnAnInjectedScheduler_evenWithABreakerWaitingToHalfOpen() {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    MicroEventClient client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .policy(Intent.READ, IntentPolicy.builder().retry(RetryConfig.none())
            .circuitBreaker(CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(2)
                .window(Duration.ofSeconds(30)).openDelay(Duration.ofMinutes(5)).halfOpenProbes(1).build())
            .build())
        .build();
    edge.answering(r -> TestPlane.json(503, "{}"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .isInstanceOf(SdkServiceException.class);
    }
    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(CallRejectedException.class);

    client.close();

    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void close_whileAConfigSyncWaitsForATcpConnectInOkHttp_letsNoThreadDieWithAnException() throws Exception {
    try (StalledListener stalled = new StalledListener()) {
      assertNoThreadDies(() -> MicroEventClient.builder()
          .addEdgePlane(Plane.edge("stalled", stalled.uri(), 0))
          .healthChecksEnabled(false)
          .build());
    }
  }

  @Test
  void close_whileAHeartbeatWaitsForATcpConnectInOkHttp_letsNoThreadDieWithAnException() throws Exception {
    try (StalledListener stalled = new StalledListener()) {
      assertNoThreadDies(() -> MicroEventClient.builder()
          .addEdgePlane(Plane.edge("stalled", stalled.uri(), 0))
          .configSyncInterval(Duration.ZERO)
          .healthCheck(HealthCheckConfig.builder().interval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(30))
              .unhealthyThreshold(2).healthyThreshold(3).jitter(Duration.ZERO).build())
          .build());
    }
  }

  /**
   * Builds a client whose background I/O blocks in OkHttp's connect, closes it there (its own
   * pools are shut down, interrupting the I/O thread), and checks that no thread of the SDK
   * reached the uncaught-exception handler.
   */
  private static void assertNoThreadDies(java.util.function.Supplier<MicroEventClient> build) throws Exception {
    List<String> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
    try {
      MicroEventClient client = build.get();
      java.util.concurrent.atomic.AtomicReference<Thread> blocked = new java.util.concurrent.atomic.AtomicReference<>();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            Thread t = threadWaitingToConnect();
            blocked.set(t);
            return t != null;
          });

      client.close();

      blocked.get().join(Duration.ofSeconds(20).toMillis());
      assertThat(blocked.get().isAlive()).as("the I/O thread ends once its pool is shut down").isFalse();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    assertThat(uncaught).isEmpty();
  }

  private static @org.jspecify.annotations.Nullable Thread threadWaitingToConnect() {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith("microevent-io-")
          && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("awaitTcpConnect"))) {
        return e.getKey();
      }
    }
    return null;
  }
}
