package dev.microevent.slices.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.slices.camara.CamaraException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CAMARA and OAuth2 answer the operator can send, through the mapping the clients use: a
 * malformed answer is a {@link ResponseMappingException}, an error answer always maps to a
 * {@link CamaraException}, and nothing else escapes, hangs or allocates out of proportion.
 */
class CamaraAnswersFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T17:00:00Z"), ZoneOffset.UTC);
  private static final int[] STATUSES = {400, 401, 403, 404, 409, 410, 422, 429, 500, 501, 503, 302, 600, 0, -1};

  private static final String SESSION = "{\"device\":{\"phoneNumber\":\"+4915112345678\"},"
      + "\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"},\"applicationServerPorts\":{\"ports\":[443]},"
      + "\"devicePorts\":{\"ranges\":[{\"from\":5000,\"to\":5010}]},\"qosProfile\":\"QOS_L\","
      + "\"sink\":\"https://app.example.com/qod-events\",\"sessionId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\","
      + "\"duration\":3600,\"startedAt\":\"2026-06-01T17:00:00Z\",\"expiresAt\":\"2026-06-01T18:00:00Z\","
      + "\"qosStatus\":\"AVAILABLE\"}";
  private static final String ENDED_SESSION = "{\"applicationServer\":{\"ipv6Address\":\"2001:db8::/64\"},"
      + "\"device\":{\"ipv4Address\":{\"publicAddress\":\"203.0.113.7\",\"publicPort\":59765}},"
      + "\"qosProfile\":\"QOS_E\",\"sessionId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa7\",\"duration\":1,"
      + "\"qosStatus\":\"UNAVAILABLE\",\"statusInfo\":\"NETWORK_TERMINATED\"}";
  private static final String PROFILE = "{\"name\":\"QOS_L\",\"description\":\"large\",\"status\":\"ACTIVE\","
      + "\"targetMinUpstreamRate\":{\"value\":10,\"unit\":\"Mbps\"},\"maxUpstreamRate\":{\"value\":20,\"unit\":\"Mbps\"},"
      + "\"maxDownstreamRate\":{\"value\":1,\"unit\":\"Gbps\"},\"minDuration\":{\"value\":1,\"unit\":\"Seconds\"},"
      + "\"maxDuration\":{\"value\":12,\"unit\":\"Hours\"},\"priority\":20,"
      + "\"packetDelayBudget\":{\"value\":50,\"unit\":\"Milliseconds\"},\"jitter\":{\"value\":5,\"unit\":\"Microseconds\"},"
      + "\"packetErrorLossRate\":3,\"serviceClass\":\"real_time_interactive\"}";
  private static final String CIRCLE_BOOKING = "{\"sessionId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\","
      + "\"serviceTime\":{\"startDate\":\"2026-06-01T17:00:00Z\",\"endDate\":\"2026-06-01T22:00:00Z\"},"
      + "\"serviceArea\":{\"areaType\":\"CIRCLE\",\"center\":{\"latitude\":52.52,\"longitude\":13.405},\"radius\":300},"
      + "\"sliceQosProfile\":{\"maxNumOfDevices\":20,\"downStreamRatePerDevice\":{\"value\":50,\"unit\":\"Mbps\"},"
      + "\"upStreamRatePerDevice\":{\"value\":20,\"unit\":\"Mbps\"},"
      + "\"downStreamDelayBudget\":{\"value\":20,\"unit\":\"Milliseconds\"},"
      + "\"upStreamDelayBudget\":{\"value\":20,\"unit\":\"Milliseconds\"}}}";
  private static final String POLYGON_BOOKING = "{\"sessionId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\","
      + "\"serviceTime\":{\"startDate\":\"2026-06-01T17:00:00Z\"},\"serviceArea\":{\"areaType\":\"POLYGON\","
      + "\"boundary\":[{\"latitude\":1,\"longitude\":2},{\"latitude\":2,\"longitude\":3},{\"latitude\":3,"
      + "\"longitude\":1}]},\"sliceQosProfile\":{\"maxNumOfDevices\":5}}";
  private static final String[] WORDS = {
      "AVAILABLE", "REQUESTED", "UNAVAILABLE", "DURATION_EXPIRED", "NETWORK_TERMINATED", "DELETE_REQUESTED",
      "ACTIVE", "INACTIVE", "DEPRECATED", "Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Microseconds",
      "Nanoseconds", "bps", "kbps", "Mbps", "Gbps", "Tbps", "CIRCLE", "POLYGON", "latitude", "longitude", "radius",
      "boundary", "sessionId", "duration", "startedAt", "expiresAt", "qosStatus", "qosProfile", "phoneNumber",
      "ipv4Address", "ipv6Address", "publicPort", "ports", "ranges", "from", "to", "value", "unit", "name", "status",
      "code", "message", "access_token", "token_type", "expires_in", "error", "bearer", "-90.0001", "180.5",
      "1e308", "-2147483648", "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "[null]",
      "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\""};

  /** Loads the JSON and model classes, so the first input's allocation does not pay for them. */
  @BeforeAll
  static void warmUp() {
    CamaraWire.readSessions(bytes("[" + SESSION + "," + ENDED_SESSION + "]"));
    CamaraWire.readProfiles(bytes("[" + PROFILE + "]"));
    CamaraWire.readBooking(bytes(CIRCLE_BOOKING));
    CamaraWire.readBooking(bytes(POLYGON_BOOKING));
    OAuthTokenProvider.grant(bytes("{\"access_token\":\"x\"}"));
    for (int status : STATUSES) {
      var unused = CamaraHttp.error(status, bytes("{}"), "1", "c", "c", "op", CLOCK);
      var unusedToo = OAuthTokenProvider.error(status, bytes("{}"), "1", CLOCK);
    }
    assertThatThrownBy(() -> CamaraWire.readSession(bytes("{"))).isInstanceOf(ResponseMappingException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Fuzz answers(String name, Fuzz.Target target, String... seeds) {
    return Fuzz.parser(name, target).seeds(seeds).dictionary(WORDS).typed(ResponseMappingException.class);
  }

  @Test
  void sessionAnswers() {
    Fuzz.Report r = answers("CAMARA SessionInfo", CamaraWire::readSession, SESSION, ENDED_SESSION).run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  @Test
  void sessionListAnswers() {
    Fuzz.Report r = answers("CAMARA retrieve-sessions", CamaraWire::readSessions,
        "[" + SESSION + "," + ENDED_SESSION + "]", "[]", "[null]").run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  @Test
  void profileAnswers() {
    Fuzz.Report r = answers("CAMARA QosProfile", CamaraWire::readProfile, PROFILE).run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  @Test
  void profileListAnswers() {
    Fuzz.Report r = answers("CAMARA retrieve-qos-profiles", CamaraWire::readProfiles,
        "[" + PROFILE + "," + PROFILE.replace("QOS_L", "QOS_E") + "]", "[null]").run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  @Test
  void bookingAnswers() {
    Fuzz.Report r = answers("CAMARA slice booking", CamaraWire::readBooking, CIRCLE_BOOKING, POLYGON_BOOKING).run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  /** Maps one error answer: status, body and header value (Retry-After, x-correlator). */
  @FunctionalInterface
  private interface ErrorMapping {
    CamaraException map(int status, byte[] body, String header);
  }

  /** Any status, body and header: a CamaraException whose message is one line. */
  private static void alwaysMapsToACamaraException(String name, ErrorMapping mapping, String... seeds) {
    Fuzz.Report r = Fuzz.parser(name, in -> {
      CamaraException e = mapping.map(STATUSES[in.length % STATUSES.length], in, Fuzz.latin1(in));
      assertThat(e.getMessage()).doesNotContain("\n");
    }).seeds(seeds).dictionary(WORDS).run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void errorAnswers_alwaysMapToACamaraException() {
    alwaysMapsToACamaraException("CAMARA ErrorInfo",
        (status, body, header) -> CamaraHttp.error(status, body, header, header, "corr-1", "createSession", CLOCK),
        "{\"status\":409,\"code\":\"CONFLICT\",\"message\":\"Conflict with an existing session.\"}",
        "{\"status\":429,\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"slow down\"}", "<html>bad gateway</html>", "");
  }

  @Test
  void tokenAnswers() {
    Fuzz.Report r = answers("OAuth2 token answer", OAuthTokenProvider::grant,
        "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
        "{\"access_token\":\"opaque-~+/=\",\"expires_in\":9223372036854775807}",
        "{\"access_token\":\"x\",\"token_type\":\"bearer\",\"expires_in\":-5,\"scope\":\"qos-profiles:read\"}").run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(r.accepted()).isPositive();
  }

  @Test
  void tokenErrorAnswers_alwaysMapToACamaraException() {
    alwaysMapsToACamaraException("OAuth2 error answer",
        (status, body, header) -> OAuthTokenProvider.error(status, body, header, CLOCK),
        "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}",
        "{\"error\":\"unsupported_grant_type\"}", "{\"error\":\"slow_down\"}");
  }
}
