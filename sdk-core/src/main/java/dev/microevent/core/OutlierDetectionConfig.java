package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive outlier detection, after Envoy: {@code consecutiveFailures} consecutive 5xx answers
 * or local failures (connection refused or reset, timeouts) on real traffic eject a plane for
 * {@code baseEjectionTime} times the number of times it has been ejected, capped at {@code
 * maxEjectionTime}. At most {@code maxEjectedShare} of the edge planes are ejected at once, but
 * one may always be.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}.
 */
public final class OutlierDetectionConfig {
  private final int consecutiveFailures;
  private final Duration baseEjectionTime;
  private final Duration maxEjectionTime;
  private final double maxEjectedShare;

  private OutlierDetectionConfig(Builder b) {
    if (b.consecutiveFailures < 1) {
      throw new IllegalArgumentException("consecutiveFailures must be >= 1, got " + b.consecutiveFailures);
    }
    if (!(b.baseEjectionTime.compareTo(Duration.ZERO) > 0) || b.maxEjectionTime.compareTo(b.baseEjectionTime) < 0) {
      throw new IllegalArgumentException("need 0 < baseEjectionTime <= maxEjectionTime");
    }
    if (!(b.maxEjectedShare >= 0 && b.maxEjectedShare <= 1)) {
      throw new IllegalArgumentException("maxEjectedShare must be within 0..1, got " + b.maxEjectedShare);
    }
    this.consecutiveFailures = b.consecutiveFailures;
    this.baseEjectionTime = b.baseEjectionTime;
    this.maxEjectionTime = b.maxEjectionTime;
    this.maxEjectedShare = b.maxEjectedShare;
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
   * 5 failures in a row, 30 s growing to 300 s, at most half the edge planes.
   *
   * @return the default outlier detection
   */
  public static OutlierDetectionConfig defaults() {
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
   * Failures in a row that eject a plane.
   *
   * @return 1 or more; default 5
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * First ejection time; each further ejection of the same plane lasts this times the count.
   *
   * @return a positive duration; default 30 s
   */
  public Duration baseEjectionTime() {
    return baseEjectionTime;
  }

  /**
   * Cap on any ejection time.
   *
   * @return at least {@link #baseEjectionTime()}; default 300 s
   */
  public Duration maxEjectionTime() {
    return maxEjectionTime;
  }

  /**
   * Most edge planes ejected at once, as a share (one may always be).
   *
   * @return 0 to 1; default 0.5
   */
  public double maxEjectedShare() {
    return maxEjectedShare;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof OutlierDetectionConfig c
        && consecutiveFailures == c.consecutiveFailures
        && baseEjectionTime.equals(c.baseEjectionTime)
        && maxEjectionTime.equals(c.maxEjectionTime)
        && Double.compare(maxEjectedShare, c.maxEjectedShare) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(consecutiveFailures, baseEjectionTime, maxEjectionTime, maxEjectedShare);
  }

  @Override
  public String toString() {
    return "OutlierDetectionConfig[consecutiveFailures=" + consecutiveFailures + ", baseEjectionTime="
        + baseEjectionTime + ", maxEjectionTime=" + maxEjectionTime + ", maxEjectedShare=" + maxEjectedShare + "]";
  }

  /** Builds an {@link OutlierDetectionConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int consecutiveFailures = 5;
    private Duration baseEjectionTime = Duration.ofSeconds(30);
    private Duration maxEjectionTime = Duration.ofMinutes(5);
    private double maxEjectedShare = 0.5;

    private Builder() {}

    private Builder(OutlierDetectionConfig c) {
      consecutiveFailures = c.consecutiveFailures;
      baseEjectionTime = c.baseEjectionTime;
      maxEjectionTime = c.maxEjectionTime;
      maxEjectedShare = c.maxEjectedShare;
    }

    /**
     * Failures in a row (5xx answers, refused or reset connections, timeouts) that eject a
     * plane; default 5. Lower ejects a failing edge sooner, but also one that had a short hiccup.
     *
     * @param consecutiveFailures 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder consecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
      return this;
    }

    /**
     * First ejection time; default 30 s. Each further ejection of the same plane lasts this times
     * the number of ejections, up to {@link #maxEjectionTime(Duration)}.
     *
     * @param baseEjectionTime positive, at most the max ejection time; checked by {@link #build()}
     * @return this builder
     */
    public Builder baseEjectionTime(Duration baseEjectionTime) {
      this.baseEjectionTime = Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
      return this;
    }

    /**
     * Cap on any ejection time; default 300 s. Lower brings a repeatedly ejected plane back into
     * rotation sooner.
     *
     * @param maxEjectionTime at least the base ejection time, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxEjectionTime(Duration maxEjectionTime) {
      this.maxEjectionTime = Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
      return this;
    }

    /**
     * Most edge planes ejected at once, as a share; default 0.5. One plane may always be ejected,
     * whatever the share.
     *
     * @param maxEjectedShare 0 to 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxEjectedShare(double maxEjectedShare) {
      this.maxEjectedShare = maxEjectedShare;
      return this;
    }

    /**
     * Checks the values and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public OutlierDetectionConfig build() {
      return new OutlierDetectionConfig(this);
    }
  }
}
