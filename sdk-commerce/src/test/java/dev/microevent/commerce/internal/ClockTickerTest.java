package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The cache's ticker follows the injected clock forward and survives the clock being set back. */
class ClockTickerTest {

  /** A clock a test sets by hand. */
  private static final class SetClock extends Clock {
    Instant now = Instant.parse("2026-06-01T18:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final SetClock clock = new SetClock();
  private final ClockTicker ticker = new ClockTicker(clock);

  @Test
  void movesWithTheClock() {
    long t0 = ticker.read();
    clock.now = clock.now.plusSeconds(7);

    assertThat(ticker.read() - t0).isEqualTo(Duration.ofSeconds(7).toNanos());
  }

  @Test
  void standsStillWhenTheClockIsSetBack_thenMovesOnFromTheNewSetting() {
    long t0 = ticker.read();
    clock.now = clock.now.minus(Duration.ofHours(1));
    assertThat(ticker.read()).as("never backwards").isEqualTo(t0);

    clock.now = clock.now.plusSeconds(5);

    assertThat(ticker.read() - t0).as("not frozen for the hour the clock lost").isEqualTo(Duration.ofSeconds(5).toNanos());
  }
}
