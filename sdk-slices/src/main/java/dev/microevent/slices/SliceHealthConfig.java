package dev.microevent.slices;

import java.time.Duration;
import java.util.Objects;

/**
 * How slice health is judged. A slice goes DOWN at once on hard evidence (its local address can
 * no longer be bound, its proxy refuses connections), or after {@code unhealthyThreshold}
 * failed active probes; it comes back UP after {@code healthyThreshold} probes in a row succeed.
 * {@code suspicionThreshold} consecutive failed attempts on a slice (passive evidence) trigger an
 * immediate probe rather than a verdict, so an outage of the server is not blamed on the slice.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}:
 *
 * <pre>{@code
 * SliceHealthConfig health = SliceHealthConfig.builder().probeInterval(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class SliceHealthConfig {
  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final int unhealthyThreshold;
  private final int healthyThreshold;
  private final int suspicionThreshold;

  private SliceHealthConfig(Builder b) {
    if (!(b.probeInterval.compareTo(Duration.ZERO) > 0) || !(b.probeTimeout.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("probe interval and timeout must be positive");
    }
    if (b.unhealthyThreshold < 1 || b.healthyThreshold < 1 || b.suspicionThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1");
    }
    this.probeInterval = b.probeInterval;
    this.probeTimeout = b.probeTimeout;
    this.unhealthyThreshold = b.unhealthyThreshold;
    this.healthyThreshold = b.healthyThreshold;
    this.suspicionThreshold = b.suspicionThreshold;
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
   * Probe every 5 s with a 1 s timeout; down after 2 failed probes, up after 2 good ones; an
   * extra probe after 3 failed attempts in a row.
   *
   * @return the default slice health rules
   */
  public static SliceHealthConfig defaults() {
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
   * Time between active probes of each slice.
   *
   * @return a positive duration; default 5 s
   */
  public Duration probeInterval() {
    return probeInterval;
  }

  /**
   * How long one probe may take to connect.
   *
   * @return a positive duration; default 1 s
   */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /**
   * Failed probes in a row that take an UP slice DOWN.
   *
   * @return 1 or more; default 2
   */
  public int unhealthyThreshold() {
    return unhealthyThreshold;
  }

  /**
   * Successful probes in a row that bring a DOWN slice back UP.
   *
   * @return 1 or more; default 2
   */
  public int healthyThreshold() {
    return healthyThreshold;
  }

  /**
   * Failed attempts in a row on a slice that trigger an immediate probe.
   *
   * @return 1 or more; default 3
   */
  public int suspicionThreshold() {
    return suspicionThreshold;
  }

  /**
   * A copy with another probe interval; shorthand for {@code toBuilder().probeInterval(interval)
   * .build()}.
   *
   * @param interval positive
   * @return the copy
   */
  public SliceHealthConfig withProbeInterval(Duration interval) {
    return toBuilder().probeInterval(interval).build();
  }

  /**
   * A copy with other probe thresholds; shorthand for {@code toBuilder()
   * .unhealthyThreshold(unhealthy).healthyThreshold(healthy).build()}.
   *
   * @param unhealthy failed probes that take a slice down
   * @param healthy good probes that bring it back
   * @return the copy
   */
  public SliceHealthConfig withThresholds(int unhealthy, int healthy) {
    return toBuilder().unhealthyThreshold(unhealthy).healthyThreshold(healthy).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof SliceHealthConfig c
        && probeInterval.equals(c.probeInterval)
        && probeTimeout.equals(c.probeTimeout)
        && unhealthyThreshold == c.unhealthyThreshold
        && healthyThreshold == c.healthyThreshold
        && suspicionThreshold == c.suspicionThreshold;
  }

  @Override
  public int hashCode() {
    return Objects.hash(probeInterval, probeTimeout, unhealthyThreshold, healthyThreshold, suspicionThreshold);
  }

  @Override
  public String toString() {
    return "SliceHealthConfig[probeInterval=" + probeInterval + ", probeTimeout=" + probeTimeout
        + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
        + ", suspicionThreshold=" + suspicionThreshold + "]";
  }

  /** Builds a {@link SliceHealthConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Duration probeInterval = Duration.ofSeconds(5);
    private Duration probeTimeout = Duration.ofSeconds(1);
    private int unhealthyThreshold = 2;
    private int healthyThreshold = 2;
    private int suspicionThreshold = 3;

    private Builder() {}

    private Builder(SliceHealthConfig c) {
      probeInterval = c.probeInterval;
      probeTimeout = c.probeTimeout;
      unhealthyThreshold = c.unhealthyThreshold;
      healthyThreshold = c.healthyThreshold;
      suspicionThreshold = c.suspicionThreshold;
    }

    /**
     * Time between active probes of each slice; default 5 s. Shorter notices a slice coming back
     * sooner, at the cost of more probe connections over the air.
     *
     * @param probeInterval a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder probeInterval(Duration probeInterval) {
      this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
      return this;
    }

    /**
     * How long one probe may take to connect; default 1 s. A probe that takes longer fails.
     *
     * @param probeTimeout a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder probeTimeout(Duration probeTimeout) {
      this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
      return this;
    }

    /**
     * Failed probes in a row that take an UP slice DOWN; default 2. Raise it on radio links that
     * drop single probes.
     *
     * @param unhealthyThreshold 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder unhealthyThreshold(int unhealthyThreshold) {
      this.unhealthyThreshold = unhealthyThreshold;
      return this;
    }

    /**
     * Successful probes in a row that bring a DOWN slice back UP; default 2. Higher keeps a
     * flapping slice out longer.
     *
     * @param healthyThreshold 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder healthyThreshold(int healthyThreshold) {
      this.healthyThreshold = healthyThreshold;
      return this;
    }

    /**
     * Failed attempts in a row on a slice that trigger an immediate probe (not a verdict);
     * default 3. Lower checks a suspect slice sooner.
     *
     * @param suspicionThreshold 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder suspicionThreshold(int suspicionThreshold) {
      this.suspicionThreshold = suspicionThreshold;
      return this;
    }

    /**
     * Checks the values and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the interval or timeout is not positive, or a threshold
     *     is below 1
     */
    public SliceHealthConfig build() {
      return new SliceHealthConfig(this);
    }
  }
}
