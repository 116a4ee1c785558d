package dev.microevent.core.internal;

import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that follows a clock: nanoseconds since the clock's reading when the ticker was made.
 * What the client uses when the app gave a clock but no ticker, so a test that hands the builder
 * a {@link dev.microevent.core.time.VirtualTime} clock gets deadlines, waits, token refills and
 * breaker windows on virtual time too. Never goes backwards, even when the clock does (it then
 * stands still until the clock passes its latest reading). Thread-safe.
 */
public final class ClockTicker implements Ticker {
  private final Clock clock;
  private final Instant origin;
  private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);

  /**
   * Follows a clock from now on.
   *
   * @param clock the clock
   */
  public ClockTicker(Clock clock) {
    this.clock = clock;
    this.origin = clock.instant();
  }

  @Override
  public long read() {
    long now = Backoff.nanos(Duration.between(origin, clock.instant()));
    return latest.accumulateAndGet(now, Math::max);
  }

  @Override
  public String toString() {
    return "ClockTicker{" + clock + "}";
  }
}
