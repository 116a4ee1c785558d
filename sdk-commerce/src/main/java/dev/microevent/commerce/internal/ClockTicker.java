package dev.microevent.commerce.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caffeine's time source, read from the injected clock so tests drive the cache with virtual
 * time. Never goes backwards, even if the wall clock is set back.
 */
final class ClockTicker implements Ticker {
  private final Clock clock;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  ClockTicker(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long read() {
    Instant now = clock.instant();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return last.accumulateAndGet(nanos, Math::max);
  }
}
