package dev.microevent.power.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeouts reach the socket as a positive int of milliseconds, whatever the config held. */
class ChecksTest {

  @Test
  void anOrdinaryTimeoutIsItsMilliseconds() {
    assertThat(Checks.socketMillis(Duration.ofMillis(1500))).isEqualTo(1500);
  }

  @Test
  void aTimeoutLongerThanASocketCanHoldIsCapped_notWrappedNegative() {
    assertThat(Checks.socketMillis(Duration.ofDays(30))).isEqualTo(Integer.MAX_VALUE);
    assertThat(Checks.socketMillis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aSubMillisecondTimeoutIsOneMillisecond_neverZeroWhichWouldWaitForever() {
    assertThat(Checks.socketMillis(Duration.ofNanos(1))).isEqualTo(1);
  }
}
