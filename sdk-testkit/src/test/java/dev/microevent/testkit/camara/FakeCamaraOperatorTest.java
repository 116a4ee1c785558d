package dev.microevent.testkit.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.fault.FaultScript;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake operator speaks the CAMARA wire protocol to any HTTP client. */
class FakeCamaraOperatorTest {
  private static final String CREATE = "{\"device\":{\"phoneNumber\":\"+4915112345678\"},"
      + "\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"},\"qosProfile\":\"QOS_L\",\"duration\":600}";
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T17:00:00Z"));
  private final FakeCamaraOperator operator = FakeCamaraOperator.start(time.clock());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    operator.close();
  }

  private String token() throws Exception {
    String basic = Base64.getEncoder().encodeToString((operator.clientId() + ":" + operator.clientSecret())
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(operator.tokenEndpoint())
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(operator.apiRoot() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("x-correlator", "test-1")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sessionId(String body) {
    Matcher m = Pattern.compile("\"sessionId\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void sessionsAreCreatedConflictExpireOnTheClockAndCanBeDeleted() throws Exception {
    String token = token();

    HttpResponse<String> created = send("POST", "/quality-on-demand/v1/sessions", token, CREATE);
    HttpResponse<String> conflict = send("POST", "/quality-on-demand/v1/sessions", token, CREATE);
    time.advance(Duration.ofMinutes(10));
    HttpResponse<String> expired = send("GET", "/quality-on-demand/v1/sessions/" + sessionId(created.body()), token,
        null);
    HttpResponse<String> deleted = send("DELETE", "/quality-on-demand/v1/sessions/" + sessionId(created.body()),
        token, null);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"qosStatus\":\"AVAILABLE\"").contains("\"expiresAt\":\"2026-06-01T17:10:00Z\"");
    assertThat(created.headers().firstValue("x-correlator")).contains("test-1");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("\"code\":\"CONFLICT\"").contains("\"status\":409");
    assertThat(expired.body()).contains("\"statusInfo\":\"DURATION_EXPIRED\"");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(operator.openSessions()).isEmpty();
  }

  @Test
  void scriptedFailuresTokenExpiryAndMalformedBodiesAnswerLikeAnOperator() throws Exception {
    String token = token();
    operator.failNext("createSession", 429, "TOO_MANY_REQUESTS", "Rate limit reached.", Duration.ofSeconds(30));

    HttpResponse<String> throttled = send("POST", "/quality-on-demand/v1/sessions", token, CREATE);
    HttpResponse<String> malformed = send("POST", "/quality-on-demand/v1/sessions", token, "{\"qosProfile\":");
    operator.expireTokens();
    HttpResponse<String> unauthenticated = send("GET", "/qos-profiles/v1/qos-profiles/QOS_L", token, null);

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("30");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("INVALID_ARGUMENT");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(unauthenticated.body()).contains("UNAUTHENTICATED");
    assertThat(operator.calls()).extracting(RecordedCamaraCall::operationId)
        .containsExactly("token", "createSession", "createSession", "getQosProfile");
  }

  @Test
  void terminatingASessionProducesItsCloudEvent() throws Exception {
    String id = sessionId(send("POST", "/quality-on-demand/v1/sessions", token(), CREATE).body());

    String event = new String(operator.terminate(java.util.UUID.fromString(id)), StandardCharsets.UTF_8);

    assertThat(event).contains("\"type\":\"org.camaraproject.quality-on-demand.v1.qos-status-changed\"")
        .contains("\"specversion\":\"1.0\"").contains("\"statusInfo\":\"NETWORK_TERMINATED\"").contains(id);
    assertThat(operator.sessions()).singleElement().satisfies(s -> assertThat(s.open()).isFalse());
  }

  @Test
  void wireFaultsAreTheTestkitsFaults_andAFaultedRequestNeverReachesTheOperator() throws Exception {
    operator.faults().inject(Fault.status(503).onPath("/oauth2/token").times(1));
    operator.faults().inject(Fault.reset().onPath("/quality-on-demand/").times(1));

    HttpResponse<String> unavailable = http.send(HttpRequest.newBuilder(operator.tokenEndpoint())
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    String token = token();
    assertThatThrownBy(() -> send("POST", "/quality-on-demand/v1/sessions", token, CREATE))
        .as("a reset, not an answer").isInstanceOf(IOException.class);
    HttpResponse<String> created = send("POST", "/quality-on-demand/v1/sessions", token, CREATE);

    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(operator.calls()).as("what the operator answered").extracting(RecordedCamaraCall::operationId)
        .containsExactly("token", "createSession");
    assertThat(operator.requests()).as("what reached the wire").hasSize(4)
        .filteredOn(r -> !r.fault().isEmpty()).hasSize(2);
    assertThat(operator.openSessions()).hasSize(1);
  }

  @Test
  void aScriptedOutageIsTotal_andTheOperatorAnswersOnTheSamePortAfterIt() throws Exception {
    String token = token();
    int port = operator.port();
    FaultScript outage = FaultScript.builder()
        .outage(Duration.ofSeconds(5), Duration.ofSeconds(10), operator)
        .build();
    try (FaultScript.Run run = outage.start(time.scheduler())) {
      time.advance(Duration.ofSeconds(5));
      assertThat(operator.listening()).isFalse();
      assertThatThrownBy(() -> send("GET", "/qos-profiles/v1/qos-profiles/QOS_L", token, null))
          .as("connection refused during the outage").isInstanceOf(ConnectException.class);

      time.advance(Duration.ofSeconds(5));
      assertThat(operator.listening()).isTrue();
      assertThat(operator.port()).isEqualTo(port);
      assertThat(send("GET", "/qos-profiles/v1/qos-profiles/QOS_L", token, null).statusCode()).isEqualTo(200);
      assertThat(run.applied()).hasSize(2);
    }
  }
}
