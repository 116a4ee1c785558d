package dev.microevent.testkit.load;

import java.time.Duration;
import java.util.Objects;

/**
 * Percentiles of a latency distribution, from an HdrHistogram (3 significant digits).
 *
 * @param count values recorded
 * @param mean the mean
 * @param p50 the median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the largest value
 */
public record LatencySummary(
    long count, Duration mean, Duration p50, Duration p90, Duration p99, Duration p999, Duration max) {

  /** A summary of nothing. */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * Validates every component.
   *
   * @param count values recorded
   * @param mean the mean
   * @param p50 the median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param p999 99.9th percentile
   * @param max the largest value
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public LatencySummary {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p90, "p90");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(p999, "p999");
    Objects.requireNonNull(max, "max");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
  }

  /**
   * A percentile by name.
   *
   * @param percentile one of 50, 90, 99, 99.9 or 100
   * @return its value
   */
  public Duration percentile(double percentile) {
    if (percentile == 50) {
      return p50;
    } else if (percentile == 90) {
      return p90;
    } else if (percentile == 99) {
      return p99;
    } else if (percentile == 99.9) {
      return p999;
    } else if (percentile == 100) {
      return max;
    }
    throw new IllegalArgumentException("percentile must be 50, 90, 99, 99.9 or 100, got " + percentile);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "n=%d mean=%.1fms p50=%.1fms p90=%.1fms p99=%.1fms p99.9=%.1fms max=%.1fms",
        count, ms(mean), ms(p50), ms(p90), ms(p99), ms(p999), ms(max));
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }
}
