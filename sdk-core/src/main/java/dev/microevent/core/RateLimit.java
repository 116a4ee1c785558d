package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A cap on how many logical calls of an intent may start per period. Calls over the cap are
 * refused at once with {@link CallRejectedException}.
 *
 * @param permits calls allowed per period
 * @param period the period
 */
public record RateLimit(long permits, Duration period) {

  /**
   * Validates every component.
   *
   * @param permits calls allowed per period
   * @param period the period
   * @throws IllegalArgumentException if {@code permits} is below 1 or {@code period} is not
   *     positive
   */
  public RateLimit {
    Objects.requireNonNull(period, "period");
    if (permits < 1 || !(period.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("need permits >= 1 and a positive period");
    }
  }

  /**
   * Calls per second.
   *
   * @param permits calls allowed each second
   * @return the limit
   */
  public static RateLimit perSecond(long permits) {
    return new RateLimit(permits, Duration.ofSeconds(1));
  }
}
