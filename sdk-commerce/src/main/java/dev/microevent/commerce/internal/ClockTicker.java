package dev.microevent.commerce.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/**
 * Caffeine's time source, read from the injected clock so tests drive the cache with virtual
 * time. It counts only the clock's forward steps: when the wall clock is set back (an NTP step at
 * a venue), it stands still for that reading and then moves on from the new setting, instead of
 * freezing until the clock catches up again, which would keep every copy fresh for as long as the
 * clock was set back. Thread-safe.
 */
final class ClockTicker implements Ticker {
  private final Clock clock;
  private boolean started;
  private long lastWall;
  private long ticks;

  ClockTicker(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized long read() {
    Instant now = clock.instant();
    long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (!started) {
      started = true;
      ticks = wall;
    } else if (wall > lastWall) {
      ticks += wall - lastWall;
    }
    lastWall = wall;
    return ticks;
  }
}
