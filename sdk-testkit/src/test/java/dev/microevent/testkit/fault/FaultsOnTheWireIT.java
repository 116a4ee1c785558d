package dev.microevent.testkit.fault;

import static dev.microevent.testkit.TestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every fault really happens on the wire: a real MicroEventClient or OkHttp sees it. */
class FaultsOnTheWireIT {
  private static final String BODY = "{\"items\":[" + "\"x\",".repeat(200) + "\"y\"]}";

  private final FakeEdgePlane edge = FakeEdgePlane.builder("edge-a").random(new Random(7)).start();
  private final OkHttpClient http = new OkHttpClient.Builder()
      .retryOnConnectionFailure(false)
      .readTimeout(Duration.ofSeconds(5))
      .build();
  private MicroEventClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    edge.close();
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  private MicroEventClient client(RetryConfig retry, Duration attemptTimeout) {
    IntentPolicy policy = IntentPolicy.builder()
        .attemptTimeout(attemptTimeout)
        .deadline(attemptTimeout.multipliedBy(4))
        .retry(retry)
        .circuitBreaker(null)
        .build();
    client = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .healthChecksEnabled(false)
        .policy(Intent.READ, policy)
        .policy(Intent.PAYMENT, policy)
        .build();
    return client;
  }

  private Response get(String path) throws IOException {
    return http.newCall(new Request.Builder().url(edge.uri(path).toString()).build()).execute();
  }

  /** Sends one GET on a raw socket; the caller reads what comes back, byte by byte if it likes. */
  private Socket rawGet(String path) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port());
    s.setSoTimeout(5_000);
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void theResetIsATcpRst_notAnOrderlyClose() throws IOException {
    edge.faults().inject(Fault.reset());

    try (Socket s = rawGet("/v1/catalog")) {
      // An orderly close (FIN) would read as end of stream (-1); only an RST fails the read.
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThat(edge.requests()).singleElement().satisfies(r -> assertThat(r.fault()).isEqualTo("reset"));
  }

  @Test
  void theBlackHoleReadsTheRequest_keepsTheConnectionOpen_andSendsNothing() throws IOException {
    edge.faults().inject(Fault.blackHole());

    try (Socket s = rawGet("/v1/catalog")) {
      s.setSoTimeout(300);
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
      // Still open, still silent: neither bytes nor end of stream on a second wait.
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
      // the client's wait and the fake's read race: on a busy machine the record may come later
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(edge.requests()).singleElement()
          .satisfies(r -> assertThat(r.fault()).isEqualTo("black hole")));
    }
  }

  @Test
  void theTruncatedBodyAnnouncesItsFullLength_sendsPart_andEndsWithAnOrderlyClose() throws IOException {
    edge.route("GET", "/v1/catalog", FakeResponse.json(200, BODY));
    edge.faults().inject(Fault.truncatedBody(10));

    try (Socket s = rawGet("/v1/catalog")) {
      byte[] all = s.getInputStream().readAllBytes(); // returns at the FIN; an RST would throw
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      assertThat(headEnd).isPositive();
      assertThat(text.substring(0, headEnd)).startsWith("HTTP/1.1 200 ")
          .contains("Content-Length: " + BODY.length(), "Connection: close");
      assertThat(text.substring(headEnd + 4)).isEqualTo(BODY.substring(0, 10));
    }
  }

  @Test
  void clientSeesTheReset_whenTheFakeResetsConnections() {
    edge.faults().inject(Fault.reset());
    MicroEventClient c = client(RetryConfig.none(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> c.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ConnectionFailedException.class)
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(edge).receivedRequests("GET", "/v1/catalog").hasSize(1).hasFaultedCount(1);
  }

  @Test
  void okHttpSeesAConnectionReset_whenTheFakeResetsConnections() {
    edge.faults().inject(Fault.reset());

    assertThatThrownBy(() -> get("/v1/catalog").close())
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("reset", "end of stream", "closed"));
  }

  @Test
  void callTimesOut_whenTheFakeIsABlackHole() {
    edge.faults().inject(Fault.blackHole());
    MicroEventClient c = client(RetryConfig.none(), Duration.ofMillis(300));

    assertThatThrownBy(() -> c.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(DeadlineExceededException.class);
    // the deadline can pass before the fake has read the request on a busy machine: wait for its record
    // (the client's config sync may be black-holed too: only the call's own request is judged)
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(edge)
        .receivedRequests("GET", "/v1/catalog").hasSize(1).hasFaultedCount(1));
  }

  @Test
  void callFails_whenTheFakeTruncatesTheBody() {
    edge.route("GET", "/v1/catalog", FakeResponse.json(200, BODY));
    edge.faults().inject(Fault.truncatedBody(10));
    MicroEventClient c = client(RetryConfig.none(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> c.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ConnectionFailedException.class);
  }

  @Test
  void okHttpCannotReadTheBody_whenTheFakeTruncatesIt() throws IOException {
    edge.route("GET", "/v1/catalog", FakeResponse.json(200, BODY));
    edge.faults().inject(Fault.truncatedBody(10));

    try (Response response = get("/v1/catalog")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(BODY.length()));
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void retriedPaymentCarriesOneIdempotencyKey_whenBothPlanesAnswerAnErrorBurst() {
    try (FakeCentralPlane central = FakeCentralPlane.start()) {
      edge.faults().inject(Fault.status(503).times(1).onPath("/v1/checkout"));
      central.faults().inject(Fault.status(503).times(1).onPath("/v1/checkout"));
      client = MicroEventClient.builder()
          .addEdgePlane(edge.plane())
          .centralPlane(central.plane())
          .healthChecksEnabled(false)
          .policy(Intent.PAYMENT, IntentPolicy.defaultsFor(Intent.PAYMENT).toBuilder()
              .retry(RetryConfig.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)))
              .circuitBreaker(null)
              .build())
          .build();

      EdgeResponse r = client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/checkout")
          .body("{\"cart\":\"c-1\"}", "application/json").build());

      assertThat(r.attempts()).isEqualTo(3);
      assertThat(r.planeId()).isEqualTo("edge-a");
      String key = r.idempotencyKey().orElseThrow();
      assertThat(edge).receivedRequests("POST", "/v1/checkout")
          .hasSize(2)
          .hasFaultedCount(1)
          .haveIdempotencyKeys(key, key)
          .allHaveBodyContaining("c-1");
      assertThat(central).receivedRequests("POST", "/v1/checkout").hasSize(1).haveIdempotencyKeys(key);
    }
  }

  @Test
  void clientSeesTheStatus_whenTheBurstOutlastsItsRetries() {
    edge.faults().inject(Fault.status(502));
    MicroEventClient c = client(RetryConfig.none(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> c.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOfSatisfying(HttpServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
  }

  @Test
  void answerArrivesNoSoonerThanTheAddedLatency() throws IOException {
    edge.faults().inject(Fault.latency(Duration.ofMillis(300)));

    long t0 = System.nanoTime();
    try (Response response = get("/v1/catalog")) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
  }

  @Test
  void wholeBodyArrivesSlowly_whenTheFakeThrottlesIt() throws IOException {
    edge.route("GET", "/v1/catalog", FakeResponse.json(200, BODY));
    edge.faults().inject(Fault.slowBody(200, Duration.ofMillis(50)));

    long t0 = System.nanoTime();
    try (Response response = get("/v1/catalog")) {
      assertThat(response.body().string()).isEqualTo(BODY);
    }
    long chunks = (BODY.length() + 199L) / 200;
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50 * (chunks - 1) - 20));
  }

  @Test
  void clientIsRefused_duringAnOutage_andServedAfterRestart() {
    MicroEventClient c = client(RetryConfig.none(), Duration.ofSeconds(2));
    edge.stop();

    assertThatThrownBy(() -> c.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ConnectionFailedException.class)
        .hasRootCauseInstanceOf(ConnectException.class);

    edge.restart();
    assertThat(c.call(Intent.READ, EdgeRequest.get("/v1/catalog")).statusCode()).isEqualTo(200);
  }

  @Test
  void flappingFollowsTheVirtualClock() throws IOException {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    try (FakeBackend backend = FakeBackend.builder("flappy").clock(time.clock()).start()) {
      backend.route("GET", "/ping", FakeResponse.json(200, "{}"));
      backend.faults().inject(Fault.flapping(Duration.ofSeconds(2), Duration.ofSeconds(1), Fault.status(503)));
      StringBuilder seen = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        try (Response r = http.newCall(new Request.Builder().url(backend.uri("/ping").toString()).build()).execute()) {
          seen.append(r.code()).append(' ');
        }
        time.advance(Duration.ofSeconds(1));
      }
      // t=0,1 up; t=2 down; t=3,4 up; t=5 down
      assertThat(seen.toString().trim()).isEqualTo("200 200 503 200 200 503");
    }
  }

  @Test
  void probabilityHitsAboutThatShare_withASeededRandom() throws IOException {
    edge.faults().inject(Fault.status(500).withProbability(0.5));
    int errors = 0;
    for (int i = 0; i < 200; i++) {
      try (Response r = get("/v1/catalog")) {
        if (r.code() == 500) {
          errors++;
        }
      }
    }
    assertThat(errors).isBetween(60, 140);
  }

  @Test
  void appTrafficOnlyFaultsLeaveTheHeartbeatHealthy() throws IOException {
    edge.faults().inject(Fault.status(503).appTrafficOnly());

    try (Response app = get("/v1/catalog")) {
      assertThat(app.code()).isEqualTo(503);
    }
    try (Response hb = http.newCall(new Request.Builder().url(edge.uri("/edge/v1/heartbeat").toString())
        .post(okhttp3.RequestBody.create("{\"instanceId\":\"i\",\"mode\":\"NORMAL\",\"sdkVersion\":\"1\","
            + "\"sentAt\":\"2026-06-01T18:00:00Z\"}", okhttp3.MediaType.get("application/json"))).build()).execute()) {
      assertThat(hb.code()).isEqualTo(200);
    }
  }
}
