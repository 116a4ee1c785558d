package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Core's service-call path for remotes that are not planes (CAMARA, OAuth): the client's
 * transport, body limit, classification, timing and meters, on a loopback server.
 */
class RemoteCallsIT {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestPlane edge;
  private TestPlane operator;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    operator = new TestPlane("operator");
    client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO).meterRegistry(registry).build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    client.close();
    edge.close();
    operator.close();
  }

  private URI api() {
    return URI.create(operator.uri() + "/camara/");
  }

  private EdgeResponse call(EdgeRequest request) {
    return client.runtime().remote().execute("camara", api(), request, Duration.ofSeconds(5));
  }

  @Test
  void anAnswerComesBackAsIs_fromBelowTheBasePath_withTheHeadersGiven() {
    operator.answering(r -> TestPlane.json(201, "{\"sessionId\":\"s-1\"}"));

    EdgeResponse r = call(EdgeRequest.builder("POST", "/qod/v1/sessions?x=1")
        .header("Authorization", "Bearer t0k3n").body("{}", "application/json").build());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.bodyText()).contains("s-1");
    assertThat(r.planeId()).isEqualTo("camara");
    var seen = operator.appRequests.get(0);
    assertThat(seen.getUrl().encodedPath()).isEqualTo("/camara/qod/v1/sessions");
    assertThat(seen.getUrl().encodedQuery()).isEqualTo("x=1");
    assertThat(seen.getHeaders().get("Authorization")).isEqualTo("Bearer t0k3n");
    assertThat(seen.getHeaders().get("traceparent")).as("no trace context to a third party").isNull();
    assertThat(registry.get("microevent.remote.calls").tags("source", "camara", "outcome", "success", "status", "2xx")
        .timer().count()).isEqualTo(1);
    assertThat(edge.appRequests).as("not routed to a plane").isEmpty();
  }

  @Test
  void anErrorStatusIsAServiceException_namingTheSource_withItsRetryAfter() {
    operator.answering(r -> new MockResponse.Builder().code(429).addHeader("Retry-After", "30")
        .addHeader("X-Request-Id", "req-9").body("{\"code\":\"TOO_MANY_REQUESTS\"}").build());

    assertThatThrownBy(() -> call(EdgeRequest.get("/qod/v1/sessions/s-1")))
        .isInstanceOfSatisfying(HttpServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
          assertThat(e.requestId()).contains("req-9");
          assertThat(e.source()).isEqualTo("camara");
          assertThat(new String(e.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("TOO_MANY_REQUESTS");
        });
    assertThat(registry.get("microevent.remote.calls").tags("outcome", "server_error", "status", "4xx").timer()
        .count()).isEqualTo(1);
    assertThat(operator.appRequests).as("one exchange: no retry of its own").hasSize(1);
  }

  @Test
  void theTimeoutCancelsTheExchange() {
    operator.stallingUntil(release);

    assertThatThrownBy(() -> client.runtime().remote().execute("camara", api(), EdgeRequest.get("/slow"),
        Duration.ofMillis(300))).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("camara");
  }

  @Test
  void aRefusedConnectionIsAConnectionFailure() throws Exception {
    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }

    assertThatThrownBy(() -> client.runtime().remote().execute("oauth", closed, EdgeRequest.get("/token"),
        Duration.ofSeconds(5))).isInstanceOf(ConnectionFailedException.class).hasMessageContaining("oauth");
  }

  @Test
  void anAnswerLongerThanTheClientReadsIsRefusedUnread() {
    MockResponse huge = new MockResponse.Builder().code(200)
        .body(" ".repeat((int) dev.microevent.core.internal.Transport.MAX_BODY + 1)).build();
    operator.answering(r -> huge);

    assertThatThrownBy(() -> call(EdgeRequest.get("/huge"))).isInstanceOfSatisfying(ResponseTooLargeException.class,
        e -> {
          assertThat(e.source()).as("named as every service exception names who answered").isEqualTo("camara");
          assertThat(e.getMessage()).as("a remote is not called a plane").doesNotContain("plane");
        });
  }

  @Test
  void badArgumentsAreRefusedByName_andAClosedClientCallsNothing() {
    assertThatThrownBy(() -> client.runtime().remote().execute("CAMARA!", api(), EdgeRequest.get("/x"),
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
    assertThatThrownBy(() -> client.runtime().remote().execute("camara", URI.create("ftp://x"), EdgeRequest.get("/x"),
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
    assertThatThrownBy(() -> client.runtime().remote().execute("camara", api(), EdgeRequest.get("/x"),
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");

    client.close();

    assertThatThrownBy(() -> call(EdgeRequest.get("/x"))).isInstanceOf(ClientClosedException.class);
    assertThat(operator.appRequests).isEmpty();
  }
}
