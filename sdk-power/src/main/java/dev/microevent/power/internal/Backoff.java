package dev.microevent.power.internal;

import java.time.Duration;

/** The sources' reconnect backoff: 0.5 s after the first failure, doubling, capped. */
final class Backoff {
  private static final long FIRST_MILLIS = 500;

  private Backoff() {}

  /**
   * How long to wait after a run of failures.
   *
   * @param failures failures in a row, at least 1
   * @param max the cap
   * @return 0.5 s * 2^(failures - 1), at most {@code max}
   */
  static Duration after(int failures, Duration max) {
    long ms = FIRST_MILLIS << Math.min(Math.max(failures, 1) - 1, 20);
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
