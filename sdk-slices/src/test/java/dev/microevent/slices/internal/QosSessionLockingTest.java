package dev.microevent.slices.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.spi.Meters;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.slices.camara.ApplicationServer;
import dev.microevent.slices.camara.Device;
import dev.microevent.slices.camara.ManagedQosSession;
import dev.microevent.slices.camara.QodClient;
import dev.microevent.slices.camara.QosProfileName;
import dev.microevent.slices.camara.QosReservation;
import dev.microevent.slices.camara.QosSession;
import dev.microevent.slices.camara.QosSessionId;
import dev.microevent.slices.camara.QosSessionRequest;
import dev.microevent.slices.camara.QosStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The QoS session manager never holds a lock across an operator call: a slow operator blocks no reader. */
class QosSessionLockingTest {
  private static final Instant DOORS_OPEN = Instant.parse("2026-06-01T17:00:00Z");
  private final VirtualTime time = VirtualTime.startingAt(DOORS_OPEN);
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private final CountDownLatch extending = new CountDownLatch(1);
  private final CountDownLatch operatorAnswers = new CountDownLatch(1);

  @AfterEach
  void stop() {
    operatorAnswers.countDown();
    io.shutdownNow();
  }

  /** An operator that grants an hour at a time and answers an extension only when the test says so. */
  private final class SlowToExtend implements QodClient {
    private final QosSessionId id = new QosSessionId(UUID.randomUUID());

    private QosSession session(Duration d) {
      return new QosSession(id, QosProfileName.of("QOS_L"), ApplicationServer.ipv4("198.51.100.7"), null, d,
          DOORS_OPEN, DOORS_OPEN.plus(d), QosStatus.AVAILABLE, null);
    }

    @Override
    public QosSession create(QosSessionRequest request) {
      return session(Duration.ofHours(1));
    }

    @Override
    public QosSession get(QosSessionId sessionId) {
      return session(Duration.ofHours(1));
    }

    @Override
    public QosSession extend(QosSessionId sessionId, Duration additional) {
      extending.countDown();
      try {
        operatorAnswers.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return session(Duration.ofHours(1).plus(additional));
    }

    @Override
    public void delete(QosSessionId sessionId) {
    }

    @Override
    public List<QosSession> retrieveByDevice(@Nullable Device device) {
      return List.of();
    }
  }

  private static final Meters NONE = new Meters() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void count(String name, String... tags) {
    }

    @Override
    public void time(String name, Duration duration, String... tags) {
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
    }

    @Override
    public Optional<MeterRegistry> meterRegistry() {
      return Optional.empty();
    }
  };

  @Test
  void anExtensionTheOperatorIsSlowToAnswer_blocksNoGetterOnAnotherThread() throws Exception {
    DefaultQosSessionManager manager = new DefaultQosSessionManager(new SlowToExtend(), time.clock(),
        time.scheduler(), io, List.of(), NONE, 10, new Random(1));
    ManagedQosSession s = manager.reserve(QosReservation.builder("stage-uplink",
        QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.7"), QosProfileName.of("QOS_L"))
            .device(Device.phoneNumber("+4915112345678")).build(), DOORS_OPEN.plus(Duration.ofHours(3))).build());

    time.advance(Duration.ofMinutes(55)); // the extension is due: it goes to the I/O thread
    assertThat(extending.await(30, TimeUnit.SECONDS)).as("the extension reached the operator").isTrue();
    CompletableFuture<String> read = CompletableFuture.supplyAsync(
        () -> s.state() + " " + s.expiresAt().orElseThrow() + " " + s.status().orElseThrow()
            + " " + s.sessionId().isPresent());

    await("the getters answer while the operator is still busy").atMost(Duration.ofSeconds(5))
        .until(read::isDone);
    assertThat(read.get()).isEqualTo("ACTIVE " + DOORS_OPEN.plus(Duration.ofHours(1)) + " AVAILABLE true");
    operatorAnswers.countDown();
    await("the extension landed").atMost(Duration.ofSeconds(30))
        .until(() -> s.expiresAt().orElseThrow().equals(DOORS_OPEN.plus(Duration.ofHours(3))));
  }
}
