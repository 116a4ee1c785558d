package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's status notifications (CloudEvents POSTed to the app's sink), through the public
 * {@link QosSessionManager#handleNotification}: whatever the body or the {@code Authorization}
 * header, it answers one of its documented statuses and never throws. A session is kept, so
 * well-formed events reach it (virtual time stands still: nothing they schedule runs).
 */
class QosNotificationFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T17:00:00Z");
  private static final Set<Integer> DOCUMENTED = Set.of(204, 400, 401, 410);
  private static final VirtualTime TIME = VirtualTime.startingAt(NOW);
  private static CamaraFixture f;
  private static String sessionId;

  @BeforeAll
  static void keepASession() {
    f = new CamaraFixture(TIME.clock(), TIME.scheduler());
    NotificationSink sink = new NotificationSink(URI.create("https://app.example.com/qod-events"), "sink-token",
        NOW.plus(Duration.ofDays(1)));
    ManagedQosSession s = f.slices.qosSessions().reserve(QosReservation.builder("stage-uplink",
        CamaraFixture.request().sink(sink).build(), NOW.plus(Duration.ofHours(1))).build());
    sessionId = s.sessionId().orElseThrow().toString();
    // warm up: the first input's allocation should not pay for loading classes
    assertThat(f.slices.qosSessions().handleNotification("Bearer sink-token", event("AVAILABLE", null))).isEqualTo(204);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static byte[] event(String status, @Nullable String info) {
    return ("{\"id\":\"6b8c4a3e-0d7f-4c1a-9e2b-1f5d3c7a9b0e\",\"source\":\"https://api.example.com/quality-on-demand/v1"
        + "/sessions/" + sessionId + "\",\"specversion\":\"1.0\","
        + "\"type\":\"org.camaraproject.quality-on-demand.v1.qos-status-changed\","
        + "\"datacontenttype\":\"application/json\",\"time\":\"2026-06-01T17:20:00Z\",\"data\":{\"sessionId\":\""
        + sessionId + "\",\"qosStatus\":\"" + status + "\"" + (info == null ? "" : ",\"statusInfo\":\"" + info + "\"")
        + "}}").getBytes(StandardCharsets.UTF_8);
  }

  private static void answersADocumentedStatus(String authorization, byte[] body) {
    int status = f.slices.qosSessions().handleNotification(authorization, body);
    assertThat(DOCUMENTED).contains(status);
  }

  @Test
  void notificationBodies() {
    Fuzz.Report r = Fuzz.parser("QoD notification body", in -> answersADocumentedStatus("Bearer sink-token", in))
        .seeds(new String(event("AVAILABLE", null), StandardCharsets.UTF_8),
            new String(event("UNAVAILABLE", "NETWORK_TERMINATED"), StandardCharsets.UTF_8),
            new String(event("UNAVAILABLE", "DURATION_EXPIRED"), StandardCharsets.UTF_8),
            new String(event("UNAVAILABLE", "DELETE_REQUESTED"), StandardCharsets.UTF_8))
        .dictionary("AVAILABLE", "REQUESTED", "UNAVAILABLE", "DURATION_EXPIRED", "NETWORK_TERMINATED",
            "DELETE_REQUESTED", "1.0", "specversion", "data", "sessionId", "qosStatus", "statusInfo", sessionId)
        .run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void authorizationHeaders() {
    byte[] body = event("UNAVAILABLE", "NETWORK_TERMINATED");
    Fuzz.Report r = Fuzz.parser("QoD notification Authorization", in -> answersADocumentedStatus(Fuzz.latin1(in), body))
        .seeds("Bearer sink-token", "bearer  sink-token ", "Basic c2luay10b2tlbg==", "Bearer", "")
        .dictionary("Bearer ", "sink-token")
        .run();
    System.out.println(r); // the figures of a run, in target/surefire-reports/*-output.txt
  }
}
