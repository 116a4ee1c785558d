package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps retries at a share of recent traffic, as Finagle and Linkerd do: every first attempt
 * deposits {@code ratio} of a token, every retry withdraws one, deposits expire after {@code
 * ttl}, and {@code minRetriesPerSecond} are always allowed so low-volume intents can still retry.
 * With the defaults (0.2, 10/s, 10 s) a plane in trouble sees at most about 20 % extra load.
 *
 * @param ratio retries allowed per first attempt, 0 to 1
 * @param minRetriesPerSecond retries always allowed per second
 * @param ttl how long deposits count, 1 to 60 s
 */
public record RetryBudget(double ratio, int minRetriesPerSecond, Duration ttl) {

  /** Validates every component. */
  public RetryBudget {
    Objects.requireNonNull(ttl, "ttl");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be within 0..1, got " + ratio);
    }
    if (minRetriesPerSecond < 0) {
      throw new IllegalArgumentException("minRetriesPerSecond must be >= 0, got " + minRetriesPerSecond);
    }
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("ttl must be 1..60 s, got " + ttl);
    }
  }

  /** 20 % of recent traffic plus 10 retries per second, over 10 s. */
  public static RetryBudget defaults() {
    return new RetryBudget(0.2, 10, Duration.ofSeconds(10));
  }
}
