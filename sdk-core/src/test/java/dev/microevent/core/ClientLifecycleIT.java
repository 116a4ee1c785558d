package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
  void close_shutsDownTheOwnSchedulerAndIoPool_andCanBeCalledTwice() {
    MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).build();
    ScheduledExecutorService scheduler = client.scheduler();
    ExecutorService io = (ExecutorService) client.ioExecutor();

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
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
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
            .circuitBreaker(new CircuitBreakerConfig(50, 2, Duration.ofSeconds(30), Duration.ofMinutes(5), 1))
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
}
