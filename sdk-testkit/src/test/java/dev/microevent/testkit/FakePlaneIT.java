package dev.microevent.testkit;

import static dev.microevent.testkit.TestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake planes speak the edge-plane API and the HTTP basics, and refuse bad input clearly. */
class FakePlaneIT {
  private static final MediaType JSON = MediaType.get("application/json");
  private final FakeEdgePlane edge = FakeEdgePlane.builder("edge-a").priority(1).start();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void close() {
    edge.close();
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  private Response get(String path, String ifNoneMatch) throws IOException {
    Request.Builder b = new Request.Builder().url(edge.uri(path).toString());
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return http.newCall(b.build()).execute();
  }

  private Response post(String path, String body) throws IOException {
    return http.newCall(new Request.Builder().url(edge.uri(path).toString())
        .post(RequestBody.create(body, JSON)).build()).execute();
  }

  @Test
  void configIsServedWithAStrongEtag_and304WhenTheClientHasIt() throws IOException {
    edge.configDocument("{\"version\":\"7\",\"intents\":{}}");
    String etag;
    try (Response r = get(FakePlane.CONFIG_PATH, null)) {
      assertThat(r.code()).isEqualTo(200);
      etag = r.header("ETag");
      assertThat(etag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
      assertThat(r.body().string()).isEqualTo("{\"version\":\"7\",\"intents\":{}}");
    }
    try (Response r = get(FakePlane.CONFIG_PATH, etag)) {
      assertThat(r.code()).isEqualTo(304);
    }
    try (Response r = get(FakePlane.CONFIG_PATH, "W/" + etag)) {
      assertThat(r.code()).isEqualTo(200);
    }
    edge.configDocument("{\"version\":\"8\"}");
    try (Response r = get(FakePlane.CONFIG_PATH, etag)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("ETag")).isNotEqualTo(etag).isEqualTo(edge.configEtag().orElseThrow());
    }
    edge.clearConfigDocument();
    try (Response r = get(FakePlane.CONFIG_PATH, null)) {
      assertThat(r.code()).isEqualTo(404);
    }
    assertThat(edge.configFetches()).hasSize(5);
  }

  @Test
  void heartbeatAnswersTheScriptedStatusLoadAndConfigVersion() throws IOException {
    edge.configDocument("{\"version\":\"42\"}").load(0.75).servingStatus(ServingStatus.DEGRADED);

    try (Response r = post(FakePlane.HEARTBEAT_PATH, "{\"instanceId\":\"pos-1\",\"mode\":\"REDUCED\","
        + "\"lastError\":\"timeout on edge-a\",\"sdkVersion\":\"0.1.0\",\"sentAt\":\"2026-06-01T18:00:00Z\"}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo(
          "{\"planeId\":\"edge-a\",\"status\":\"DEGRADED\",\"load\":0.75,\"configVersion\":\"42\"}");
    }
    ClientHeartbeat hb = edge.heartbeats().get(0);
    assertThat(hb.instanceId()).isEqualTo("pos-1");
    assertThat(hb.mode()).isEqualTo("REDUCED");
    assertThat(hb.lastError()).isEqualTo("timeout on edge-a");
  }

  @Test
  void malformedHeartbeatsAre400_andNotCountedAsHeartbeats() throws IOException {
    for (String body : new String[] {"not json", "[]", "{\"instanceId\":1}", "[".repeat(10_000),
        "{\"instanceId\":\"i\",\"mode\":\"NORMAL\",\"sdkVersion\":\"1\",\"sentAt\":\"yesterday\"}",
        "{\"instanceId\":\"i\",\"mode\":\"SLEEPY\",\"sdkVersion\":\"1\",\"sentAt\":\"2026-06-01T18:00:00Z\"}",
        "{\"instanceId\":\"" + "i".repeat(65) + "\",\"mode\":\"NORMAL\",\"sdkVersion\":\"1\","
            + "\"sentAt\":\"2026-06-01T18:00:00Z\"}"}) {
      try (Response r = post(FakePlane.HEARTBEAT_PATH, body)) {
        assertThat(r.code()).as(body).isEqualTo(400);
      }
    }
    assertThat(edge.heartbeats()).isEmpty();
    assertThat(edge).receivedRequests("POST", FakePlane.HEARTBEAT_PATH).hasSize(7);
  }

  @Test
  void decisionsGetTheirCannedAnswer_unknownOnes404_andMalformedOnes400() throws IOException {
    edge.decision("bot_score", "allow", 0.9, java.time.Duration.ofSeconds(30));

    try (Response r = post(FakePlane.DECISIONS_PATH, "{\"decision\":\"bot_score\",\"attributes\":{\"ip\":\"x\"}}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("{\"value\":\"allow\",\"confidence\":0.9,\"ttlSeconds\":30}");
    }
    try (Response r = post(FakePlane.DECISIONS_PATH, "{\"decision\":\"other\",\"attributes\":{}}")) {
      assertThat(r.code()).isEqualTo(404);
    }
    try (Response r = post(FakePlane.DECISIONS_PATH, "{\"decision\":\"Bad Name\",\"attributes\":{}}")) {
      assertThat(r.code()).isEqualTo(400);
    }
    assertThat(edge.decisionRequests()).hasSize(3);
  }

  @Test
  void routesAnswerByMethodAndPathPattern_andUnmatchedAppCallsNameThePlane() throws IOException {
    edge.route("GET", "/v1/orders/{id}", req -> FakeResponse.json(200, Map.of("path", req.path())));
    edge.route("GET", "/static/**", FakeResponse.json(200, "{\"static\":true}"));

    try (Response r = get("/v1/orders/o-17", null)) {
      assertThat(r.body().string()).isEqualTo("{\"path\":\"/v1/orders/o-17\"}");
    }
    try (Response r = get("/static/img/logo.png", null)) {
      assertThat(r.body().string()).isEqualTo("{\"static\":true}");
    }
    try (Response r = get("/v1/other?x=1", null)) {
      assertThat(r.body().string()).isEqualTo("{\"plane\":\"edge-a\",\"method\":\"GET\",\"path\":\"/v1/other\"}");
    }
    assertThat(edge.plane().priority()).isEqualTo(1);
    assertThat(edge.requests().get(2).query()).contains("x=1");
  }

  @Test
  void aResponderThatReturnsNullOrThrowsGets500_notAReset() throws IOException {
    edge.route("GET", "/v1/null", req -> null);
    edge.route("GET", "/v1/boom", req -> {
      throw new IllegalStateException("boom");
    });

    try (Response r = get("/v1/null", null)) {
      assertThat(r.code()).isEqualTo(500);
    }
    try (Response r = get("/v1/boom", null)) {
      assertThat(r.code()).isEqualTo(500);
    }
    assertThat(edge.requests()).hasSize(2);
  }

  @Test
  void oldRequestsAreDroppedPastTheRecordingLimit_butStillCounted() throws IOException {
    try (FakeBackend shop = FakeBackend.builder("shop").recordingLimit(3).start()) {
      for (int i = 0; i < 5; i++) {
        try (Response r = http.newCall(new Request.Builder().url(shop.uri("/n/" + i).toString()).build()).execute()) {
          assertThat(r.code()).isEqualTo(404);
        }
      }
      assertThat(shop.requests()).extracting(ReceivedRequest::path).containsExactly("/n/2", "/n/3", "/n/4");
      assertThat(shop.requestCount()).isEqualTo(5);
    }
  }

  @Test
  void aHeadAnswerHasNoBody_soTheConnectionCarriesTheNextRequest() throws IOException {
    edge.route("HEAD", "/v1/catalog", FakeResponse.json(200, "{\"items\":[]}"));

    try (Response r = http.newCall(new Request.Builder().url(edge.uri("/v1/catalog").toString()).head().build())
        .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Length")).isEqualTo("12");
    }
    try (Response r = get("/v1/catalog", null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("\"plane\":\"edge-a\"");
    }
    assertThat(edge.requests()).extracting(ReceivedRequest::connection).containsOnly(1);
  }

  @Test
  void aBackendWithoutRouteAnswers404NamingTheRequest() throws IOException {
    try (FakeBackend shop = FakeBackend.start("shop")) {
      try (Response r = http.newCall(new Request.Builder().url(shop.uri("/nope").toString()).build()).execute()) {
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.body().string()).contains("\"path\":\"/nope\"", "no route on fake shop");
      }
    }
  }

  @Test
  void aMalformedRequestLineGets400AndTheConnectionCloses() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
      OutputStream out = s.getOutputStream();
      out.write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400 ").contains("malformed request line");
    }
    assertThat(edge.requests()).isEmpty();
  }

  @Test
  void eachRequestRecordsTheAddressItCameFrom_soSteeringIsVisible() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port(), InetAddress.getByName("127.0.0.2"), 0)) {
      s.getOutputStream().write("GET /v1/catalog HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.getInputStream().readAllBytes();
    }
    get("/v1/catalog", null).close();

    assertThat(edge.requests()).extracting(ReceivedRequest::sourceAddress).containsExactly("127.0.0.2", "127.0.0.1");
  }

  @Test
  void aProxysAbsoluteFormTargetIsServedByItsPath_andRecordedAsSent() throws IOException {
    String target = "http://127.0.0.1:" + edge.port() + "/v1/catalog?page=2";
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 200 ").contains("\"path\":\"/v1/catalog\"");
    }
    assertThat(edge.requests()).singleElement().satisfies(r -> {
      assertThat(r.target()).isEqualTo(target);
      assertThat(r.path()).isEqualTo("/v1/catalog");
      assertThat(r.query()).contains("page=2");
    });
    assertThat(edge).receivedRequests("GET", "/v1/catalog").hasSize(1);
  }

  @Test
  void chunkedRequestBodiesAreRecordedWhole() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
      OutputStream out = s.getOutputStream();
      String head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
      String chunks = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
      out.write((head + chunks).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 ");
    }
    assertThat(edge.requests().get(0).bodyText()).isEqualTo("hello world");
  }

  @Test
  void aRealClientHeartbeatsAgainstThePlane() {
    try (MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.plane())
        .healthCheck(dev.microevent.core.HealthCheckConfig.defaults()
            .withInterval(java.time.Duration.ofMillis(50)))
        .instanceId("till-3")
        .build()) {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> !edge.heartbeats().isEmpty());
    }
    assertThat(edge.heartbeats().get(0).instanceId()).isEqualTo("till-3");
    assertThat(edge).receivedAppRequests().hasSize(1);
  }
}
