package dev.microevent.testkit.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * A distribution of added latency, sampled once per affected request. Immutable and thread-safe
 * (the {@link Random} passed to {@link #sample} must be thread-safe, as {@code java.util.Random} is).
 *
 * <pre>{@code
 * LatencyDistribution.fixed(Duration.ofMillis(200));
 * LatencyDistribution.uniform(Duration.ofMillis(20), Duration.ofMillis(80));
 * LatencyDistribution.logNormal(Duration.ofMillis(30), Duration.ofMillis(400)); // median, p99
 * }</pre>
 */
public final class LatencyDistribution {
  /** z-score of the 99th percentile of the standard normal distribution. */
  private static final double Z99 = 2.3263478740408408;
  private static final double MAX_NANOS = 600e9;

  private enum Shape { FIXED, UNIFORM, EXPONENTIAL, LOG_NORMAL }

  private final Shape shape;
  private final double a;
  private final double b;
  private final String description;

  private LatencyDistribution(Shape shape, double a, double b, String description) {
    this.shape = shape;
    this.a = a;
    this.b = b;
    this.description = description;
  }

  /**
   * Always the same delay.
   *
   * @param delay zero or more
   * @return the distribution
   */
  public static LatencyDistribution fixed(Duration delay) {
    return new LatencyDistribution(Shape.FIXED, nonNegative(delay, "delay"), 0, "fixed " + delay.toMillis() + " ms");
  }

  /**
   * Uniform between two bounds.
   *
   * @param min lower bound, zero or more
   * @param max upper bound, at least {@code min}
   * @return the distribution
   */
  public static LatencyDistribution uniform(Duration min, Duration max) {
    double lo = nonNegative(min, "min");
    double hi = nonNegative(max, "max");
    if (hi < lo) {
      throw new IllegalArgumentException("max " + max + " is below min " + min);
    }
    return new LatencyDistribution(Shape.UNIFORM, lo, hi,
        "uniform " + min.toMillis() + ".." + max.toMillis() + " ms");
  }

  /**
   * Exponential with a mean (memoryless: many short delays, a few long ones).
   *
   * @param mean positive mean
   * @return the distribution
   */
  public static LatencyDistribution exponential(Duration mean) {
    double m = positive(mean, "mean");
    return new LatencyDistribution(Shape.EXPONENTIAL, m, 0, "exponential mean " + mean.toMillis() + " ms");
  }

  /**
   * Log-normal given its median and 99th percentile: the long-tailed shape real networks show.
   *
   * @param median positive median
   * @param p99 99th percentile, at least the median
   * @return the distribution
   */
  public static LatencyDistribution logNormal(Duration median, Duration p99) {
    double med = positive(median, "median");
    double tail = positive(p99, "p99");
    if (tail < med) {
      throw new IllegalArgumentException("p99 " + p99 + " is below the median " + median);
    }
    double mu = Math.log(med);
    double sigma = (Math.log(tail) - mu) / Z99;
    return new LatencyDistribution(Shape.LOG_NORMAL, mu, sigma,
        "log-normal median " + median.toMillis() + " ms, p99 " + p99.toMillis() + " ms");
  }

  /**
   * Draws one delay.
   *
   * @param random the source of randomness
   * @return a delay of at most 10 minutes
   */
  public Duration sample(Random random) {
    Objects.requireNonNull(random, "random");
    double nanos = switch (shape) {
      case FIXED -> a;
      case UNIFORM -> a + random.nextDouble() * (b - a);
      case EXPONENTIAL -> -a * Math.log(1 - random.nextDouble());
      case LOG_NORMAL -> Math.exp(a + b * random.nextGaussian());
    };
    return Duration.ofNanos((long) Math.min(MAX_NANOS, Math.max(0, nanos)));
  }

  private static double nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + d);
    }
    return (double) d.toNanos();
  }

  private static double positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (!(d.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return (double) d.toNanos();
  }

  @Override
  public String toString() {
    return description;
  }
}
