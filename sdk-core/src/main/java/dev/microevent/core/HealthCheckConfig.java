package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Active, bilateral health checks: every {@code interval} (plus up to {@code jitter}, so many
 * SDK instances do not probe in step) the client posts its own status to each plane's heartbeat
 * endpoint and reads the plane's status and advertised load. {@code unhealthyThreshold}
 * consecutive failures mark a plane unhealthy (an error status or a {@code DRAINING} answer does
 * it at once); {@code healthyThreshold} consecutive successes mark it healthy again. Traffic fails
 * back to an edge plane only then, so a flapping edge does not drag calls back and forth; only
 * calls the central plane's failover caps refuse may still go to an unhealthy edge plane that
 * answers (see {@link FailoverPolicy}).
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}:
 *
 * <pre>{@code
 * HealthCheckConfig fast = HealthCheckConfig.builder().interval(Duration.ofMillis(500)).build();
 * }</pre>
 */
public final class HealthCheckConfig {
  private final Duration interval;
  private final Duration timeout;
  private final int unhealthyThreshold;
  private final int healthyThreshold;
  private final Duration jitter;

  private HealthCheckConfig(Builder b) {
    if (!(b.interval.compareTo(Duration.ZERO) > 0) || !(b.timeout.compareTo(Duration.ZERO) > 0)
        || b.jitter.isNegative()) {
      throw new IllegalArgumentException("interval and timeout must be positive, jitter >= 0");
    }
    if (b.unhealthyThreshold < 1 || b.healthyThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1");
    }
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.unhealthyThreshold = b.unhealthyThreshold;
    this.healthyThreshold = b.healthyThreshold;
    this.jitter = b.jitter;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every 2 s, 1 s timeout, unhealthy after 2 failures, healthy after 3 successes, 200 ms jitter.
   *
   * @return the default health checks
   */
  public static HealthCheckConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding this configuration's values, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Time between checks of one plane.
   *
   * @return a positive duration; default 2 s
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Longest time one check may take.
   *
   * @return a positive duration; default 1 s
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Consecutive failures that mark a plane unhealthy.
   *
   * @return 1 or more; default 2
   */
  public int unhealthyThreshold() {
    return unhealthyThreshold;
  }

  /**
   * Consecutive successes that mark an unhealthy plane healthy again.
   *
   * @return 1 or more; default 3
   */
  public int healthyThreshold() {
    return healthyThreshold;
  }

  /**
   * Most random delay added to each interval.
   *
   * @return 0 or more; default 200 ms
   */
  public Duration jitter() {
    return jitter;
  }

  /**
   * A copy with another interval; shorthand for {@code toBuilder().interval(interval).build()}.
   *
   * @param interval time between checks
   * @return the copy
   */
  public HealthCheckConfig withInterval(Duration interval) {
    return toBuilder().interval(interval).build();
  }

  /**
   * A copy with other thresholds; shorthand for {@code toBuilder().unhealthyThreshold(unhealthy)
   * .healthyThreshold(healthy).build()}.
   *
   * @param unhealthy consecutive failures that mark a plane unhealthy
   * @param healthy consecutive successes that mark it healthy again
   * @return the copy
   */
  public HealthCheckConfig withThresholds(int unhealthy, int healthy) {
    return toBuilder().unhealthyThreshold(unhealthy).healthyThreshold(healthy).build();
  }

  /**
   * A copy with another jitter; shorthand for {@code toBuilder().jitter(jitter).build()}.
   *
   * @param jitter most random delay added to each interval
   * @return the copy
   */
  public HealthCheckConfig withJitter(Duration jitter) {
    return toBuilder().jitter(jitter).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof HealthCheckConfig c
        && interval.equals(c.interval)
        && timeout.equals(c.timeout)
        && unhealthyThreshold == c.unhealthyThreshold
        && healthyThreshold == c.healthyThreshold
        && jitter.equals(c.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, timeout, unhealthyThreshold, healthyThreshold, jitter);
  }

  @Override
  public String toString() {
    return "HealthCheckConfig[interval=" + interval + ", timeout=" + timeout + ", unhealthyThreshold="
        + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold + ", jitter=" + jitter + "]";
  }

  /** Builds a {@link HealthCheckConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Duration interval = Duration.ofSeconds(2);
    private Duration timeout = Duration.ofSeconds(1);
    private int unhealthyThreshold = 2;
    private int healthyThreshold = 3;
    private Duration jitter = Duration.ofMillis(200);

    private Builder() {}

    private Builder(HealthCheckConfig c) {
      interval = c.interval;
      timeout = c.timeout;
      unhealthyThreshold = c.unhealthyThreshold;
      healthyThreshold = c.healthyThreshold;
      jitter = c.jitter;
    }

    /**
     * Time between checks of one plane; default 2 s. Shorter notices a failed or recovered edge
     * sooner, at the cost of more heartbeat traffic.
     *
     * @param interval a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Longest time one check may take; default 1 s. A check that takes longer counts as failed.
     *
     * @param timeout a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Consecutive failures that mark a plane unhealthy; default 2. Raise it on links that drop
     * single heartbeats.
     *
     * @param unhealthyThreshold 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder unhealthyThreshold(int unhealthyThreshold) {
      this.unhealthyThreshold = unhealthyThreshold;
      return this;
    }

    /**
     * Consecutive successes that mark an unhealthy plane healthy again; default 3. Higher keeps a
     * flapping edge out longer.
     *
     * @param healthyThreshold 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder healthyThreshold(int healthyThreshold) {
      this.healthyThreshold = healthyThreshold;
      return this;
    }

    /**
     * Most random delay added to each interval; default 200 ms. Keeps many SDK instances from
     * probing a plane in step.
     *
     * @param jitter 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder jitter(Duration jitter) {
      this.jitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /**
     * Checks the values and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if {@code interval} or {@code timeout} is not positive,
     *     {@code jitter} is negative, or a threshold is below 1
     */
    public HealthCheckConfig build() {
      return new HealthCheckConfig(this);
    }
  }
}
