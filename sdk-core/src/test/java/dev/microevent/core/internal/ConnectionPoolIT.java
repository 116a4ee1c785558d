package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * The client's connection pool ({@link MicroEventClient.Builder#connectionPool}): two waves of 40
 * calls in flight at once against a plane that holds every answer until the whole wave has
 * arrived, so each call of a wave needs its own connection; the plane counts the connections it
 * saw. A pool sized for the wave keeps all 40 for the second wave; the default keeps 16, and the
 * second wave opens the other 24 again.
 */
class ConnectionPoolIT {
  private static final int WAVE = 40;

  @Test
  void aPoolSizedForTheCallsInFlight_keepsEveryConnectionForTheNextWave() throws Exception {
    assertThat(connectionsOverTwoWaves(b -> b.connectionPool(64, Duration.ofMinutes(5)), 64)).isEqualTo(WAVE);
  }

  @Test
  void theDefaultPool_keepsSixteenIdleConnections_soALargerWaveOpensTheRestAgain() throws Exception {
    int kept = MicroEventClient.Builder.DEFAULT_MAX_IDLE_CONNECTIONS;
    assertThat(connectionsOverTwoWaves(b -> b, kept)).isEqualTo(WAVE + WAVE - kept);
  }

  @Test
  void aPoolSizeOutOfRange_isRefusedByTheBuilder() {
    assertThatThrownBy(() -> MicroEventClient.builder().connectionPool(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIdleConnections");
    assertThatThrownBy(() -> MicroEventClient.builder().connectionPool(8, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
  }

  private static long connectionsOverTwoWaves(UnaryOperator<MicroEventClient.Builder> pool, int kept)
      throws Exception {
    List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    try (MockWebServer plane = new MockWebServer()) {
      plane.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
          received.add(request);
          release.get().await();
          return new MockResponse.Builder().code(200).body("{}").build();
        }
      });
      plane.start(InetAddress.getLoopbackAddress(), 0);
      try (MicroEventClient client = pool.apply(MicroEventClient.builder()
          .addEdgePlane(Plane.edge("edge-1", URI.create("http://127.0.0.1:" + plane.getPort()), 0))
          .healthChecksEnabled(false)
          .configSyncInterval(Duration.ZERO)
          .policy(Intent.READ, IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(30))
              .deadline(Duration.ofSeconds(30)).build()))
          .build()) {
        ConnectionPool connections = ((CoreRuntime) client.runtime()).transport().base().connectionPool();
        for (int wave = 1; wave <= 2; wave++) {
          release.set(new CountDownLatch(1));
          int before = received.size();
          List<Thread> callers = new ArrayList<>();
          for (int i = 0; i < WAVE; i++) {
            Thread t = new Thread(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")));
            t.start();
            callers.add(t);
          }
          await().atMost(Duration.ofSeconds(30)).until(() -> received.size() - before == WAVE);
          release.get().countDown();
          for (Thread t : callers) {
            t.join(30_000);
          }
          // The connections are back in the pool, trimmed to its size by its cleanup.
          await().atMost(Duration.ofSeconds(30)).until(() -> connections.idleConnectionCount() == Math.min(WAVE, kept));
        }
      }
      return received.stream().mapToInt(RecordedRequest::getConnectionIndex).distinct().count();
    }
  }
}
