package dev.microevent.commerce.shield;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket limit: {@code permits} per {@code period} on average, with bursts of up to
 * {@code burst}. Immutable and thread-safe.
 *
 * @param permits tokens added per period, 1 or more
 * @param period the refill period, positive
 * @param burst bucket capacity, 1 or more
 */
public record RateRule(int permits, Duration period, int burst) {

  /**
   * Validates every component.
   *
   * @param permits tokens added per period, 1 or more
   * @param period the refill period, positive
   * @param burst bucket capacity, 1 or more
   * @throws IllegalArgumentException if {@code permits} or {@code burst} is below 1, or the period is not
   *     positive
   */
  public RateRule {
    Objects.requireNonNull(period, "period");
    if (permits < 1 || burst < 1) {
      throw new IllegalArgumentException("permits and burst must be >= 1, got " + permits + " and " + burst);
    }
    if (!(period.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
  }

  /**
   * {@code permits} per period with a burst of the same size.
   *
   * @param permits tokens per period
   * @param period the period
   * @return the rule
   */
  public static RateRule of(int permits, Duration period) {
    return new RateRule(permits, period, permits);
  }

  /** {@return the tokens added per millisecond (the period counts as at least 1 ms)} */
  public double ratePerMilli() {
    return permits / (double) Math.max(1, period.toMillis());
  }
}
