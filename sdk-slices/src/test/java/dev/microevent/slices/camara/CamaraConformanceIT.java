package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import dev.microevent.testkit.camara.RecordedCamaraCall;
import io.swagger.v3.oas.models.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the CAMARA clients put on the wire validates against the official OpenAPI files, and
 * every error response those files document maps to a typed exception with its code.
 */
class CamaraConformanceIT {
  private static final CamaraSpec QOD = new CamaraSpec("quality-on-demand-1.1.0.yaml", "qod");
  private static final CamaraSpec PROFILES = new CamaraSpec("qos-profiles-1.1.0.yaml", "qos-profiles");
  private static final CamaraSpec BOOKING = new CamaraSpec("network-slice-booking-0.1.0.yaml", "slice-booking");
  private static final Map<String, CamaraSpec> BY_API = Map.of("qod", QOD, "qos-profiles", PROFILES,
      "slice-booking", BOOKING);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CamaraFixture f = new CamaraFixture(Clock.systemUTC(), null);

  @AfterEach
  void stop() {
    f.close();
  }

  private void exerciseEveryRequestShape() {
    QodClient qod = f.slices.qualityOnDemand();
    QosSession a = qod.create(CamaraFixture.request()
        .devicePorts(new PortsSpec(List.of(new PortsSpec.Range(5010, 5020)), List.of(5060)))
        .sink(new NotificationSink(URI.create("https://app.example.com/qod-events"), "sink-token",
            Instant.parse("2026-12-31T00:00:00Z")))
        .duration(Duration.ofHours(1)).build());
    qod.create(QosSessionRequest.builder(ApplicationServer.ipv6("2001:db8::/64"), QosProfileName.of("QOS_E"))
        .device(Device.builder().ipv4("203.0.113.7", 59765).ipv6("2001:db8:85a3::7344").build())
        .build());
    qod.create(QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.0/24"), QosProfileName.of("QOS_S"))
        .device(Device.builder().ipv4("203.0.113.8", "10.0.0.8").build()).build());
    qod.extend(a.sessionId(), Duration.ofMinutes(5));
    qod.retrieveByDevice(Device.phoneNumber("+4915112345678"));
    qod.delete(a.sessionId());
    f.slices.qosProfiles().retrieve(QosProfileQuery.all());
    f.slices.qosProfiles().retrieve(new QosProfileQuery(Device.phoneNumber("+4915112345678"),
        QosProfileName.of("QOS_L"), QosProfileStatus.ACTIVE));
    Instant start = Instant.parse("2026-06-01T17:00:00Z");
    f.slices.sliceBooking().book(new SliceBookingRequest(start, start.plus(Duration.ofHours(4)),
        ServiceArea.circle(new GeoPoint(52.52, 13.405), 250),
        new SliceQosRequirements(10, new DataRate(50, DataRate.Unit.MBPS), null, Duration.ofMillis(20), null)));
    f.slices.sliceBooking().book(new SliceBookingRequest(start, null,
        new ServiceArea.Polygon(List.of(new GeoPoint(52.0, 13.0), new GeoPoint(52.1, 13.0), new GeoPoint(52.1, 13.1))),
        new SliceQosRequirements(null, null, new DataRate(10, DataRate.Unit.MBPS), null, Duration.ofMillis(50))));
  }

  @Test
  void everyRequestBodyTheClientsSendValidatesAgainstTheOfficialSchemas() {
    exerciseEveryRequestShape();

    List<RecordedCamaraCall> withBodies = f.operator.calls().stream()
        .filter(c -> !c.api().equals("oauth") && c.method().equals("POST")).toList();
    assertThat(withBodies).extracting(RecordedCamaraCall::operationId).contains("createSession",
        "extendQosSessionDuration", "retrieveSessionsByDevice", "retrieveQoSProfiles");
    for (RecordedCamaraCall call : withBodies) {
      CamaraSpec spec = BY_API.get(call.api());
      Operation op = spec.operation(call.method(), call.path().substring(spec.basePath().length()));
      String schema = spec.requestSchema(op);
      List<Error> errors = spec.validate(schema, call.body());
      assertThat(errors).as("%s %s against %s#%s: %s", call.method(), call.path(), spec.file, schema, call.body())
          .isEmpty();
    }
  }

  /** One exchange with the fake operator on the wire, outside the SDK client. */
  private record Answer(String api, String method, String path, int status, String body) {}

  private Answer send(String token, String api, String method, String path, @Nullable String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.operator.apiRoot() + path))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(api, method, path, r.statusCode(), r.body());
  }

  private String token() throws Exception {
    String basic = java.util.Base64.getEncoder().encodeToString((f.operator.clientId() + ":"
        + f.operator.clientSecret()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(f.operator.tokenEndpoint())
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  @Test
  void everyAnswerOfTheFakeOperatorValidatesAgainstTheOfficialSchemas() throws Exception {
    String t = token();
    String qod = QOD.basePath();
    String create = "{\"device\":{\"phoneNumber\":\"+4915112345678\"},\"applicationServer\":{\"ipv4Address\":"
        + "\"198.51.100.7\"},\"qosProfile\":\"QOS_L\",\"sink\":\"https://app.example.com/e\",\"duration\":600}";
    Answer created = send(t, "qod", "POST", qod + "/sessions", create);
    String id = JSON.readTree(created.body()).get("sessionId").asText();
    String booking = BOOKING.basePath();
    Answer booked = send(t, "slice-booking", "POST", booking + "/sessions", "{\"serviceTime\":{\"startDate\":"
        + "\"2026-06-01T17:00:00Z\"},\"serviceArea\":{\"areaType\":\"CIRCLE\",\"center\":{\"latitude\":52.5,"
        + "\"longitude\":13.4},\"radius\":300},\"sliceQosProfile\":{\"maxNumOfDevices\":5}}");
    String bookingId = JSON.readTree(booked.body()).get("sessionId").asText();
    List<Answer> answers = List.of(created,
        send(t, "qod", "GET", qod + "/sessions/" + id, null),
        send(t, "qod", "POST", qod + "/sessions/" + id + "/extend", "{\"requestedAdditionalDuration\":60}"),
        send(t, "qod", "POST", qod + "/retrieve-sessions", "{\"device\":{\"phoneNumber\":\"+4915112345678\"}}"),
        send(t, "qos-profiles", "POST", PROFILES.basePath() + "/retrieve-qos-profiles", "{}"),
        send(t, "qos-profiles", "GET", PROFILES.basePath() + "/qos-profiles/QOS_L", null),
        booked,
        send(t, "slice-booking", "GET", booking + "/sessions/" + bookingId, null));

    for (Answer a : answers) {
      CamaraSpec spec = BY_API.get(a.api());
      Operation op = spec.operation(a.method(), a.path().substring(spec.basePath().length()));
      assertThat(a.status()).as("%s %s: %s", a.method(), a.path(), a.body()).isBetween(200, 201);
      String schema = spec.responseSchema(op, a.status());
      List<String> docs = new ArrayList<>();
      if (schema.endsWith("[]")) {
        JSON.readTree(a.body()).forEach(n -> docs.add(n.toString()));
        assertThat(docs).as("%s %s", a.method(), a.path()).isNotEmpty();
      } else {
        docs.add(a.body());
      }
      for (String doc : docs) {
        assertThat(spec.validate(schema.replace("[]", ""), doc))
            .as("%s %s against %s#%s: %s", a.method(), a.path(), spec.file, schema, doc).isEmpty();
      }
    }
    Answer missing = send(t, "qod", "GET", qod + "/sessions/" + UUID.randomUUID(), null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(QOD.validate("ErrorInfo", missing.body())).isEmpty();
  }

  @Test
  void theValidatorRejectsBodiesThatBreakTheSchema_soTheCheckAboveHasTeeth() {
    assertThat(QOD.validate("CreateSession", "{\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"},"
        + "\"duration\":0}")).isNotEmpty();
    assertThat(QOD.validate("ExtendSessionDuration", "{\"requestedAdditionalDuration\":\"ten\"}")).isNotEmpty();
    assertThat(BOOKING.validate("CreateSession", "{\"serviceTime\":{\"startDate\":\"2026-06-01T17:00:00Z\"}}"))
        .isNotEmpty();
    assertThat(QOD.validate("SessionInfo", "{\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"},"
        + "\"qosProfile\":\"QOS_L\",\"duration\":60}")).as("no sessionId, no qosStatus").isNotEmpty();
    assertThat(PROFILES.validate("QosProfile", "{\"name\":\"QOS_L\",\"status\":\"SLEEPING\"}")).isNotEmpty();
    assertThat(QOD.validate("ErrorInfo", "{\"status\":404}")).isNotEmpty();
  }

  private void invoke(String api, String operationId) {
    UUID id = UUID.randomUUID();
    switch (api + ":" + operationId) {
      case "qod:createSession" -> f.slices.qualityOnDemand().create(CamaraFixture.request().build());
      case "qod:getSession" -> f.slices.qualityOnDemand().get(new QosSessionId(id));
      case "qod:deleteSession" -> f.slices.qualityOnDemand().delete(new QosSessionId(id));
      case "qod:extendQosSessionDuration" -> f.slices.qualityOnDemand().extend(new QosSessionId(id),
          Duration.ofMinutes(1));
      case "qod:retrieveSessionsByDevice" -> f.slices.qualityOnDemand()
          .retrieveByDevice(Device.phoneNumber("+4915112345678"));
      case "qos-profiles:retrieveQoSProfiles" -> f.slices.qosProfiles().retrieve(QosProfileQuery.all());
      case "qos-profiles:getQosProfile" -> f.slices.qosProfiles().get(QosProfileName.of("QOS_L"));
      case "slice-booking:createSession" -> f.slices.sliceBooking().book(new SliceBookingRequest(
          Instant.parse("2026-06-01T17:00:00Z"), null, ServiceArea.circle(new GeoPoint(1, 1), 10),
          new SliceQosRequirements(1, null, null, null, null)));
      case "slice-booking:getSession" -> f.slices.sliceBooking().get(new SliceBookingId(id));
      case "slice-booking:deleteSession" -> f.slices.sliceBooking().delete(new SliceBookingId(id));
      default -> throw new AssertionError("no client method for " + api + ":" + operationId);
    }
  }

  private static Class<? extends CamaraException> expectedType(int status) {
    return switch (status) {
      case 400 -> CamaraInvalidArgumentException.class;
      case 401 -> CamaraUnauthenticatedException.class;
      case 403 -> CamaraPermissionDeniedException.class;
      case 404 -> CamaraNotFoundException.class;
      case 409 -> CamaraConflictException.class;
      case 422 -> CamaraUnprocessableException.class;
      case 429 -> CamaraRateLimitedException.class;
      default -> CamaraException.class;
    };
  }

  @Test
  void everyDocumentedErrorResponseMapsToATypedExceptionWithItsCode() {
    int checked = 0;
    for (CamaraSpec spec : List.of(QOD, PROFILES, BOOKING)) {
      for (CamaraSpec.DocumentedError e : spec.documentedErrors()) {
        String scripted = spec.api + ":" + e.operationId();
        String message = "documented " + e.status() + " " + e.code();
        int times = e.status() == 401 ? 2 : 1; // a 401 is retried once with a fresh token
        for (int i = 0; i < times; i++) {
          f.operator.failNext(scripted, e.status(), e.code(), message,
              e.status() == 429 ? Duration.ofSeconds(7) : null);
        }
        assertThatThrownBy(() -> invoke(spec.api, e.operationId()))
            .as("%s %s %s %d %s", spec.file, e.method(), e.path(), e.status(), e.code())
            .isExactlyInstanceOf(expectedType(e.status()))
            .isInstanceOfSatisfying(CamaraException.class, ex -> {
              assertThat(ex.statusCode()).isEqualTo(e.status());
              assertThat(ex.code()).isEqualTo(e.code());
              assertThat(ex.operation()).isEqualTo(e.operationId());
              assertThat(ex.serverMessage()).isEqualTo(message);
              if (e.status() == 429) {
                assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
              }
            });
        checked++;
      }
    }
    assertThat(checked).as("(operation, status, code) triples in the three files").isEqualTo(92);
  }
}
