package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently one logical call is retried. Delays grow exponentially from
 * {@code initialBackoff} to {@code maxBackoff}, each moved randomly by up to {@code jitter} of
 * itself (0.5: anywhere from half to one and a half times the delay). Retries also need a token from the intent's {@link RetryBudget}, so a failing plane
 * never sees a retry storm. A retry goes to the next healthy plane when the previous one failed.
 * A plane that answered with a {@code Retry-After} (503, 429) is not asked again before then: the
 * retry waits for it when it has to go to that plane, and is not made when that would pass the
 * deadline (the call fails at once with the plane's answer); a retry to another plane goes at once.
 *
 * @param maxAttempts attempts in total including the first; 1 disables retries
 * @param initialBackoff delay before the first retry
 * @param maxBackoff cap on any delay
 * @param jitter share of each delay that is randomized, 0 to 1
 */
public record RetryConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

  /** Validates every component. */
  public RetryConfig {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be 1..10, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
    }
  }

  /** Three attempts, 50 ms growing to 1 s, 50 % jitter. */
  public static RetryConfig defaults() {
    return new RetryConfig(3, Duration.ofMillis(50), Duration.ofSeconds(1), 0.5);
  }

  /** No retries: one attempt only. */
  public static RetryConfig none() {
    return new RetryConfig(1, Duration.ZERO, Duration.ZERO, 0);
  }

  /**
   * A copy with another attempt count.
   *
   * @param maxAttempts attempts in total, 1..10
   * @return the copy
   */
  public RetryConfig withMaxAttempts(int maxAttempts) {
    return new RetryConfig(maxAttempts, initialBackoff, maxBackoff, jitter);
  }

  /**
   * A copy with other backoff bounds.
   *
   * @param initial delay before the first retry
   * @param max cap on any delay
   * @return the copy
   */
  public RetryConfig withBackoff(Duration initial, Duration max) {
    return new RetryConfig(maxAttempts, initial, max, jitter);
  }
}
