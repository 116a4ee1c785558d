package dev.microevent.slices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Retry-After in both of its HTTP forms, judged on the injected clock. */
class CamaraHttpTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T17:00:00Z"), ZoneOffset.UTC);

  @Test
  void retryAfterReadsSecondsAndHttpDates_andIgnoresGarbage() {
    assertThat(CamaraHttp.retryAfter("120", clock)).isEqualTo(Duration.ofMinutes(2));
    assertThat(CamaraHttp.retryAfter("Mon, 01 Jun 2026 17:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
    assertThat(CamaraHttp.retryAfter("Mon, 01 Jun 2026 16:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
    assertThat(CamaraHttp.retryAfter("99999999", clock)).isEqualTo(Duration.ofDays(1));
    assertThat(CamaraHttp.retryAfter("-5", clock)).isNull();
    assertThat(CamaraHttp.retryAfter("soon", clock)).isNull();
    assertThat(CamaraHttp.retryAfter(null, clock)).isNull();
  }
}
