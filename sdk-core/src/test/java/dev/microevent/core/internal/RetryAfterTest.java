package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Retry-After as RFC 9110 writes it: delay-seconds or an HTTP date, nothing else. */
class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T17:00:00Z"), ZoneOffset.UTC);

  @Test
  void delaySecondsAreTheWait_howeverLong() {
    assertThat(RetryAfter.parse(" 120 ", clock)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("99999999", clock)).isEqualTo(Duration.ofSeconds(99_999_999));
  }

  @Test
  void anHttpDateIsMeasuredFromTheClock_andOneInThePastMeansNow() {
    assertThat(RetryAfter.parse("Mon, 01 Jun 2026 17:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Mon, 01 Jun 2026 16:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
  }

  @Test
  void absentNegativeOrUnreadableValuesAskForNothing() {
    assertThat(RetryAfter.parse(null, clock)).isNull();
    assertThat(RetryAfter.parse("-5", clock)).isNull();
    assertThat(RetryAfter.parse("soon", clock)).isNull();
    assertThat(RetryAfter.parse("", clock)).isNull();
  }
}
