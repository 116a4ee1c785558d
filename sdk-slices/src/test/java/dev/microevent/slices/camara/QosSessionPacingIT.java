package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.slices.camara.QosSessionEvent.Kind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How often the QoS session manager calls the operator (every create is a billable session): its
 * timing follows the operator's own durations whatever the two clocks say, failures and sessions
 * that die young are backed off, and no reservation makes more than the configured calls a minute.
 */
class QosSessionPacingIT {
  private static final Instant DOORS_OPEN = Instant.parse("2026-06-01T17:00:00Z");
  private static final Duration PROFILE_CAP = Duration.ofHours(1);
  private static final Duration EVENT = Duration.ofHours(3);
  private final VirtualTime time = VirtualTime.startingAt(DOORS_OPEN);
  private final List<QosSessionEvent> events = new CopyOnWriteArrayList<>();
  private final NotificationSink sink = new NotificationSink(URI.create("https://app.example.com/qod-events"),
      "sink-token", DOORS_OPEN.plus(Duration.ofDays(1)));
  private @Nullable CamaraFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private CamaraFixture fixture(Duration operatorClockOffset, UnaryOperator<CamaraConfig.Builder> camara) {
    f = new CamaraFixture(time.clock(), Clock.offset(time.clock(), operatorClockOffset), camara, time.scheduler(),
        events::add);
    return f;
  }

  private ManagedQosSession reserve(CamaraFixture fx, QosReservation.Builder b) {
    return fx.slices.qosSessions().reserve(b.build());
  }

  private QosReservation.Builder threeHoursCappedAtOne() {
    return QosReservation.builder("stage-uplink", CamaraFixture.request().sink(sink).build(), DOORS_OPEN.plus(EVENT))
        .maxSessionDuration(PROFILE_CAP);
  }

  private long count(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).count();
  }

  /**
   * Walks the reservation minute by minute: a session is open at the operator every minute, and
   * it takes three sessions (the profile's 1 h cap), one refused extension each before the last,
   * and three deletes: nothing more.
   */
  private void keepsTheSessionAcrossTheReservation_withABoundedNumberOfCalls(Duration operatorClockOffset) {
    CamaraFixture fx = fixture(operatorClockOffset, UnaryOperator.identity());
    fx.operator.profileMaxDuration("QOS_L", PROFILE_CAP);
    ManagedQosSession s = reserve(fx, threeHoursCappedAtOne());

    for (int minute = 0; minute < EVENT.toMinutes(); minute++) {
      assertThat(fx.operator.openSessions()).as("sessions open at the operator at minute %d", minute).hasSize(1);
      time.advance(Duration.ofMinutes(1));
    }

    assertThat(s.state()).isEqualTo(ManagedQosSession.State.ENDED);
    assertThat(fx.operator.openSessions()).isEmpty();
    assertThat(fx.operator.calls("createSession")).as("billable sessions").hasSize(3);
    assertThat(fx.operator.calls("extendQosSessionDuration")).as("extensions the profile caps").hasSize(2);
    assertThat(fx.operator.calls("deleteSession")).hasSize(3);
    assertThat(fx.operator.calls()).filteredOn(c -> !c.operationId().equals("token")).hasSize(8);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old loop never returned
  void withTheClientTwoHoursAhead_theSessionIsKeptWithoutAHotLoop() {
    keepsTheSessionAcrossTheReservation_withABoundedNumberOfCalls(Duration.ofHours(-2));
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void withTheClientTwoHoursBehind_theSessionIsRenewedBeforeItLapses() {
    keepsTheSessionAcrossTheReservation_withABoundedNumberOfCalls(Duration.ofHours(2));
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void sessionsTheNetworkEndsAtOnce_areReplacedWithGrowingPauses_notInALoop() {
    CamaraFixture fx = fixture(Duration.ZERO, UnaryOperator.identity());
    ManagedQosSession s = reserve(fx, threeHoursCappedAtOne());
    UUID ended = null;
    int previousCalls = 0;

    for (int second = 1; second <= 30 * 60; second++) {
      time.advance(Duration.ofSeconds(1));
      UUID current = s.sessionId().map(QosSessionId::value).orElse(null);
      if (current != null && !current.equals(ended)) {
        ended = current;
        assertThat(fx.slices.qosSessions().handleNotification("Bearer sink-token", fx.operator.terminate(current)))
            .isEqualTo(204);
      }
      if (second % 60 == 0) {
        int calls = fx.operator.calls().size();
        assertThat(calls - previousCalls).as("calls in minute %d", second / 60).isLessThanOrEqualTo(10);
        previousCalls = calls;
      }
    }

    // Pauses of 30 s, 30..60 s, 60..120 s, ... up to 2.5..5 min: at most 15 sessions in 30 min, not 900.
    assertThat(fx.operator.calls("createSession")).hasSizeBetween(8, 15);
    assertThat(count(Kind.LOST)).isEqualTo(fx.operator.calls("createSession").size());
    assertThat(s.state()).isIn(ManagedQosSession.State.ACTIVE, ManagedQosSession.State.PENDING);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aReservationNeverMakesMoreThanTheCapOfCallsAMinute_evenWithATinyRetryDelay() {
    CamaraFixture fx = fixture(Duration.ZERO, UnaryOperator.identity());
    fx.operator.failNext("createSession", 429, "TOO_MANY_REQUESTS", "slow down");
    for (int i = 0; i < 10; i++) {
      fx.operator.failNext("createSession", 503, "UNAVAILABLE", "Service unavailable");
    }

    ManagedQosSession s = reserve(fx, threeHoursCappedAtOne().retryDelay(Duration.ofMillis(1)).maxRetries(10));
    time.advance(Duration.ofSeconds(59));

    assertThat(fx.operator.calls("createSession")).as("calls in the first minute").hasSize(10);
    time.advance(Duration.ofSeconds(1));
    assertThat(fx.operator.calls("createSession")).hasSize(11);
    assertThat(s.state()).isEqualTo(ManagedQosSession.State.FAILED);
    assertThat(count(Kind.GAVE_UP)).isEqualTo(1);
  }

  @Test
  void theCapOfCallsAMinuteIsConfigurable() {
    CamaraFixture fx = fixture(Duration.ZERO, b -> b.maxSessionCallsPerMinute(4));
    for (int i = 0; i < 6; i++) {
      fx.operator.failNext("createSession", 503, "UNAVAILABLE", "Service unavailable");
    }

    reserve(fx, threeHoursCappedAtOne().retryDelay(Duration.ofMillis(1)).maxRetries(10));
    time.advance(Duration.ofSeconds(59));
    assertThat(fx.operator.calls("createSession")).hasSize(4);
    time.advance(Duration.ofSeconds(2));
    assertThat(fx.operator.calls("createSession")).as("two more failures, then a session").hasSize(7);
    assertThat(fx.operator.openSessions()).hasSize(1);
  }
}
