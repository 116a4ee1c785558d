package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.slices.camara.QosSessionEvent.Kind;
import dev.microevent.testkit.camara.FakeQosSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The QoS session manager on virtual time against the fake operator: sessions live exactly as
 * long as the event, extensions happen ahead of expiry and survive failures, an early end is
 * repaired, and nothing paid is left open after close.
 */
class QosSessionManagerIT {
  private static final Instant DOORS_OPEN = Instant.parse("2026-06-01T17:00:00Z");
  private final VirtualTime time = VirtualTime.startingAt(DOORS_OPEN);
  private final List<QosSessionEvent> events = new CopyOnWriteArrayList<>();
  private final CamaraFixture f = new CamaraFixture(time.clock(), time.scheduler(), events::add);
  /** The core client's own periodic tasks (budget evaluation); the manager must leave none beside them. */
  private final int coreTasks = time.pendingTasks();
  private final NotificationSink sink = new NotificationSink(URI.create("https://app.example.com/qod-events"),
      "sink-token", DOORS_OPEN.plus(Duration.ofDays(1)));

  @AfterEach
  void stop() {
    f.close();
  }

  private ManagedQosSession reserve(Duration eventLength) {
    return reserve(eventLength, QosSessionRequest.MAX_DURATION);
  }

  private ManagedQosSession reserve(Duration eventLength, Duration maxSessionDuration) {
    return f.slices.qosSessions().reserve(QosReservation.builder("stage-uplink",
        CamaraFixture.request().sink(sink).build(), DOORS_OPEN.plus(eventLength))
        .maxSessionDuration(maxSessionDuration).build());
  }

  private List<Kind> kinds() {
    return events.stream().map(QosSessionEvent::kind).toList();
  }

  @Test
  void createsForTheEvent_extendsAheadOfExpiry_andDeletesOnClose() {
    f.operator.grantAtMost(Duration.ofHours(1));

    ManagedQosSession s = reserve(Duration.ofHours(3));
    assertThat(f.operator.openSessions()).singleElement()
        .satisfies(o -> assertThat(o.durationSeconds()).isEqualTo(3600));
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ACTIVE);
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(1)));

    time.advance(Duration.ofMinutes(54));
    assertThat(f.operator.calls("extendQosSessionDuration")).isEmpty();
    time.advance(Duration.ofMinutes(1));
    assertThat(f.operator.calls("extendQosSessionDuration")).singleElement()
        .satisfies(c -> assertThat(c.body()).isEqualTo("{\"requestedAdditionalDuration\":7200}"));
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(3)));

    time.advance(Duration.ofHours(1));
    f.slices.close();

    assertThat(f.operator.openSessions()).isEmpty();
    assertThat(f.operator.sessions()).singleElement().satisfies(o -> assertThat(o.deleted()).isTrue());
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.EXTENDED, Kind.RELEASED);
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.RELEASED);
    assertThat(f.slices.qosSessions().sessions()).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(coreTasks);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old loop never returned
  void anExtensionTheProfileCapsIsNotRepeated_andANewSessionTakesOverAtExpiry() {
    f.operator.profileMaxDuration("QOS_L", Duration.ofHours(2));
    ManagedQosSession s = reserve(Duration.ofHours(3), Duration.ofHours(1));
    QosSessionId first = s.sessionId().orElseThrow();

    time.advance(Duration.ofMinutes(55));
    assertThat(f.operator.calls("extendQosSessionDuration")).as("asked for 2 h more, granted 1 h").hasSize(1);
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(2)));
    time.advance(Duration.ofMinutes(60));
    assertThat(f.operator.calls("extendQosSessionDuration")).as("the cap is reached: no second try").hasSize(1);
    time.advance(Duration.ofMinutes(5));

    assertThat(s.sessionId()).isPresent().isNotEqualTo(java.util.Optional.of(first));
    assertThat(f.operator.openSessions()).singleElement()
        .satisfies(o -> assertThat(o.durationSeconds()).isEqualTo(3600));
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.EXTENDED, Kind.RELEASED, Kind.CREATED);
    time.advance(Duration.ofHours(1));
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ENDED);
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old loop never returned
  void anExtensionThatGrantsNothingIsNotRepeated() {
    f.operator.profileMaxDuration("QOS_L", Duration.ofHours(1));
    ManagedQosSession s = reserve(Duration.ofMinutes(90), Duration.ofHours(1));

    time.advance(Duration.ofMinutes(59));
    assertThat(f.operator.calls("extendQosSessionDuration")).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(200));
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(1)));
    time.advance(Duration.ofMinutes(1));

    assertThat(f.operator.calls("extendQosSessionDuration")).hasSize(1);
    assertThat(f.operator.openSessions()).singleElement()
        .satisfies(o -> assertThat(o.durationSeconds()).isEqualTo(30 * 60));
    f.slices.close();
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void aFailedExtensionIsRetriedHonouringRetryAfter_andReported() {
    f.operator.grantAtMost(Duration.ofHours(1));
    ManagedQosSession s = reserve(Duration.ofHours(2));
    f.operator.failNext("extendQosSessionDuration", 503, "UNAVAILABLE", "Service unavailable");
    f.operator.failNext("extendQosSessionDuration", 429, "TOO_MANY_REQUESTS", "Rate limit reached.",
        Duration.ofSeconds(90));

    time.advance(Duration.ofMinutes(55));
    time.advance(Duration.ofSeconds(30));
    assertThat(f.operator.calls("extendQosSessionDuration")).hasSize(2);
    time.advance(Duration.ofSeconds(89));
    assertThat(f.operator.calls("extendQosSessionDuration")).hasSize(2);
    time.advance(Duration.ofSeconds(1));

    assertThat(f.operator.calls("extendQosSessionDuration")).extracting(c -> c.status())
        .containsExactly(503, 429, 200);
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.EXTEND_FAILED, Kind.EXTEND_FAILED, Kind.EXTENDED);
    assertThat(events.get(1).failure()).isInstanceOf(CamaraException.class);
    assertThat(events.get(2).failure()).isInstanceOf(CamaraRateLimitedException.class);
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(2)));

    f.slices.close();
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void aRefusedExtensionIsReported_andANewSessionTakesOverWhenTheOldOneExpires() {
    f.operator.grantAtMost(Duration.ofHours(1));
    ManagedQosSession s = reserve(Duration.ofHours(2));
    QosSessionId first = s.sessionId().orElseThrow();
    f.operator.failNext("extendQosSessionDuration", 409, "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED",
        "Extending the session duration is not allowed in the current state.");

    time.advance(Duration.ofMinutes(55));
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.EXTEND_FAILED);
    time.advance(Duration.ofMinutes(5));

    QosSessionId second = s.sessionId().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(f.operator.openSessions()).extracting(FakeQosSession::id).containsExactly(second.value());
    assertThat(f.operator.openSessions().get(0).durationSeconds()).isEqualTo(3600);
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.EXTEND_FAILED, Kind.RELEASED, Kind.CREATED);

    time.advance(Duration.ofHours(1));
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ENDED);
    assertThat(f.operator.openSessions()).isEmpty();
    assertThat(f.operator.sessions()).allSatisfy(o -> assertThat(o.deleted()).isTrue());
  }

  @Test
  void aNetworkTerminationNotificationReplacesTheSession() {
    ManagedQosSession s = reserve(Duration.ofHours(2));
    QosSessionId first = s.sessionId().orElseThrow();
    time.advance(Duration.ofMinutes(20));
    byte[] event = f.operator.terminate(first.value());

    assertThat(f.slices.qosSessions().handleNotification("Bearer wrong", event)).isEqualTo(401);
    assertThat(f.slices.qosSessions().handleNotification("Bearer sink-token", event)).isEqualTo(204);
    time.advance(Duration.ZERO);

    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.LOST, Kind.RELEASED, Kind.CREATED);
    assertThat(s.sessionId()).isPresent().isNotEqualTo(java.util.Optional.of(first));
    assertThat(f.operator.openSessions()).singleElement()
        .satisfies(o -> assertThat(o.durationSeconds()).isEqualTo(100 * 60));
    assertThat(f.slices.qosSessions().handleNotification("Bearer sink-token", event)).isEqualTo(410);

    f.slices.close();
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void aSessionDeletedBehindTheManagersBackIsReplacedAtOnce_whetherANotificationSaysSoOrAnExtendFinds404() {
    f.operator.grantAtMost(Duration.ofHours(1));
    ManagedQosSession s = reserve(Duration.ofHours(3));
    QosSessionId first = s.sessionId().orElseThrow();
    time.advance(Duration.ofMinutes(10));

    f.slices.qualityOnDemand().delete(first); // another client, or the operator's portal
    assertThat(f.slices.qosSessions().handleNotification("Bearer sink-token",
        f.operator.statusChangedEvent(first.value()))).isEqualTo(204);
    time.advance(Duration.ZERO);
    QosSessionId second = s.sessionId().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(f.operator.openSessions()).extracting(FakeQosSession::id).containsExactly(second.value());

    f.slices.qualityOnDemand().delete(second); // and this time no notification comes
    time.advance(Duration.ofMinutes(55));
    assertThat(f.operator.calls("extendQosSessionDuration")).extracting(c -> c.status()).containsExactly(404);
    assertThat(f.operator.openSessions()).as("replaced when the extension found it gone, not an hour later")
        .singleElement().satisfies(o -> assertThat(o.id()).isNotEqualTo(second.value()));
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.LOST, Kind.RELEASED, Kind.CREATED,
        Kind.LOST, Kind.RELEASED, Kind.CREATED);

    f.slices.close();
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void aRequestedSessionIsConfirmedByItsNotification_andEndsWithTheEventNotWithItsLaterExpiry() {
    f.operator.createSessionsAs("REQUESTED");
    ManagedQosSession s = reserve(Duration.ofHours(2));
    assertThat(s.status()).contains(QosStatus.REQUESTED);
    time.advance(Duration.ofMinutes(10));

    byte[] available = f.operator.makeAvailable(s.sessionId().orElseThrow().value());
    assertThat(f.slices.qosSessions().handleNotification("Bearer sink-token", available)).isEqualTo(204);
    time.advance(Duration.ZERO);

    assertThat(s.status()).contains(QosStatus.AVAILABLE);
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofMinutes(130)));
    time.advance(Duration.ofMinutes(110));
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ENDED);
    assertThat(f.operator.openSessions()).as("deleted when the event ended, not 10 min later").isEmpty();
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.AVAILABLE, Kind.RELEASED, Kind.ENDED);
  }

  @Test
  void aRequestedSessionIsConfirmedByPolling_whenNoNotificationArrives() {
    f.operator.createSessionsAs("REQUESTED");
    ManagedQosSession s = reserve(Duration.ofHours(1));
    f.operator.makeAvailable(s.sessionId().orElseThrow().value());

    time.advance(Duration.ofSeconds(30));

    assertThat(s.status()).contains(QosStatus.AVAILABLE);
    assertThat(f.operator.calls("getSession")).hasSize(1);
    assertThat(kinds()).containsExactly(Kind.CREATED, Kind.AVAILABLE);
  }

  @Test
  void aSessionLeftBehindForTheSameFlowIsAdopted_notLeaked() {
    QosSession orphan = f.slices.qualityOnDemand().create(CamaraFixture.request().sink(sink)
        .duration(Duration.ofMinutes(30)).build());

    ManagedQosSession s = reserve(Duration.ofHours(1));

    assertThat(s.sessionId()).contains(orphan.sessionId());
    assertThat(f.operator.calls("createSession")).extracting(c -> c.status()).containsExactly(201, 409);
    time.advance(Duration.ofMinutes(25));
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(1)));
    f.slices.close();
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void aTerminatedSessionLeftBehindIsDeletedSoANewOneCanBeCreated() {
    QosSession orphan = f.slices.qualityOnDemand().create(CamaraFixture.request().sink(sink).build());
    f.operator.terminate(orphan.sessionId().value());

    ManagedQosSession s = reserve(Duration.ofHours(1));

    assertThat(s.sessionId()).isPresent().isNotEqualTo(java.util.Optional.of(orphan.sessionId()));
    assertThat(f.operator.calls("createSession")).extracting(c -> c.status()).containsExactly(201, 409, 201);
    assertThat(f.operator.sessions()).filteredOn(o -> o.id().equals(orphan.sessionId().value()))
        .singleElement().satisfies(o -> assertThat(o.deleted()).isTrue());
  }

  @Test
  void malformedOrHostileNotificationsAreRejectedAndChangeNothing() {
    ManagedQosSession s = reserve(Duration.ofHours(1));
    QosSessionManager m = f.slices.qosSessions();

    assertThat(m.handleNotification("Bearer sink-token", "not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
    assertThat(m.handleNotification("Bearer sink-token", "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(400);
    assertThat(m.handleNotification("Bearer sink-token", "[".repeat(10_000).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(400);
    String wrongType = new String(f.operator.statusChangedEvent(s.sessionId().orElseThrow().value()),
        StandardCharsets.UTF_8).replace("qos-status-changed", "something-else");
    assertThat(m.handleNotification("Bearer sink-token", wrongType.getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
    String unknown = new String(f.operator.statusChangedEvent(s.sessionId().orElseThrow().value()),
        StandardCharsets.UTF_8).replace(s.sessionId().orElseThrow().toString(), java.util.UUID.randomUUID().toString());
    assertThat(m.handleNotification("Bearer guess", unknown.getBytes(StandardCharsets.UTF_8)))
        .as("no token, no hint whether the session exists").isEqualTo(401);
    assertThat(m.handleNotification("Bearer sink-token", unknown.getBytes(StandardCharsets.UTF_8))).isEqualTo(410);
    assertThat(m.handleNotification(null, f.operator.statusChangedEvent(s.sessionId().orElseThrow().value())))
        .isEqualTo(401);

    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ACTIVE);
    assertThat(kinds()).containsExactly(Kind.CREATED);
  }

  @Test
  void aThrottledCreateIsRetriedAfterRetryAfter() {
    f.operator.failNext("createSession", 429, "QUOTA_EXCEEDED", "Out of resource quota.", Duration.ofSeconds(45));

    ManagedQosSession s = reserve(Duration.ofHours(1));
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.PENDING);
    time.advance(Duration.ofSeconds(45));

    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ACTIVE);
    assertThat(s.expiresAt()).contains(DOORS_OPEN.plus(Duration.ofHours(1)));
    assertThat(f.operator.openSessions()).singleElement()
        .satisfies(o -> assertThat(o.durationSeconds()).isEqualTo(3600 - 45));
    assertThat(kinds()).containsExactly(Kind.CREATE_FAILED, Kind.CREATED);
  }

  @Test
  void aRequestTheOperatorRefusesOutrightFailsTheReservationAtOnce() {
    f.operator.failNext("createSession", 422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE", "not now");

    assertThatThrownBy(() -> reserve(Duration.ofHours(1))).isInstanceOf(CamaraUnprocessableException.class);
    assertThat(f.slices.qosSessions().sessions()).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(coreTasks);
  }

  @Test
  void aFailedDeleteOnCloseIsRetried_andReportedWithTheSessionIdWhenItKeepsFailing() {
    reserve(Duration.ofHours(1));
    ManagedQosSession other = f.slices.qosSessions().reserve(QosReservation.builder("checkout-boost",
        QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.9"), QosProfileName.of("QOS_E"))
            .device(Device.phoneNumber("+4915112345678")).build(), DOORS_OPEN.plus(Duration.ofHours(1))).build());
    f.operator.failNext("deleteSession", 503, "UNAVAILABLE", "try again");
    for (int i = 0; i < 3; i++) {
      f.operator.failNext("deleteSession", 500, "INTERNAL", "broken");
    }

    f.slices.close();

    assertThat(events).filteredOn(e -> e.kind() == Kind.RELEASED).hasSize(1);
    assertThat(events).filteredOn(e -> e.kind() == Kind.RELEASE_FAILED).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains(e.sessionId().toString()).contains("lapses"));
    assertThat(f.operator.openSessions()).hasSize(1);
    assertThat(other.state()).isEqualTo(ManagedQosSession.State.RELEASED);
    assertThat(f.slices.qosSessions().sessions()).isEmpty();
  }
}
