package dev.microevent.core.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of the per-route anomaly detector. Latency: an exponentially weighted mean and
 * variance; an attempt whose latency lies more than {@code zThreshold} standard deviations above
 * the mean is anomalous. Errors: an exponentially weighted error rate above {@code
 * errorRateThreshold} is anomalous. Nothing is reported before {@code minSamples} attempts, and
 * each route and kind reports at most once per {@code cooldown}.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}.
 */
public final class DetectorConfig {
  private final double alpha;
  private final double zThreshold;
  private final int minSamples;
  private final double errorRateThreshold;
  private final Duration cooldown;

  private DetectorConfig(Builder b) {
    if (!(b.alpha > 0 && b.alpha < 1)) {
      throw new IllegalArgumentException("alpha must be strictly between 0 and 1, got " + b.alpha);
    }
    if (!(b.zThreshold > 0) || Double.isInfinite(b.zThreshold)) {
      throw new IllegalArgumentException("zThreshold must be positive and finite, got " + b.zThreshold);
    }
    if (b.minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1, got " + b.minSamples);
    }
    if (!(b.errorRateThreshold > 0 && b.errorRateThreshold <= 1)) {
      throw new IllegalArgumentException("errorRateThreshold must be within (0, 1], got " + b.errorRateThreshold);
    }
    if (b.cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must be >= 0");
    }
    this.alpha = b.alpha;
    this.zThreshold = b.zThreshold;
    this.minSamples = b.minSamples;
    this.errorRateThreshold = b.errorRateThreshold;
    this.cooldown = b.cooldown;
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
   * alpha 0.05, z 4, 50 samples, error rate 0.25, one report per route and kind per minute.
   *
   * @return the default detector parameters
   */
  public static DetectorConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding these parameters, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Weight of each new sample in the moving averages.
   *
   * @return strictly between 0 and 1; default 0.05 (remembers about the last 20 samples)
   */
  public double alpha() {
    return alpha;
  }

  /**
   * Standard deviations above the mean that count as a latency anomaly.
   *
   * @return positive and finite; default 4
   */
  public double zThreshold() {
    return zThreshold;
  }

  /**
   * Attempts before the baseline is trusted and anything is reported.
   *
   * @return 1 or more; default 50
   */
  public int minSamples() {
    return minSamples;
  }

  /**
   * Moving error rate that counts as an error anomaly.
   *
   * @return above 0, at most 1; default 0.25
   */
  public double errorRateThreshold() {
    return errorRateThreshold;
  }

  /**
   * Quiet time between two reports of the same route and kind.
   *
   * @return 0 or more; default 1 minute
   */
  public Duration cooldown() {
    return cooldown;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof DetectorConfig c
        && Double.compare(alpha, c.alpha) == 0
        && Double.compare(zThreshold, c.zThreshold) == 0
        && minSamples == c.minSamples
        && Double.compare(errorRateThreshold, c.errorRateThreshold) == 0
        && cooldown.equals(c.cooldown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(alpha, zThreshold, minSamples, errorRateThreshold, cooldown);
  }

  @Override
  public String toString() {
    return "DetectorConfig[alpha=" + alpha + ", zThreshold=" + zThreshold + ", minSamples=" + minSamples
        + ", errorRateThreshold=" + errorRateThreshold + ", cooldown=" + cooldown + "]";
  }

  /** Builds a {@link DetectorConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private double alpha = 0.05;
    private double zThreshold = 4;
    private int minSamples = 50;
    private double errorRateThreshold = 0.25;
    private Duration cooldown = Duration.ofMinutes(1);

    private Builder() {}

    private Builder(DetectorConfig c) {
      alpha = c.alpha;
      zThreshold = c.zThreshold;
      minSamples = c.minSamples;
      errorRateThreshold = c.errorRateThreshold;
      cooldown = c.cooldown;
    }

    /**
     * Weight of each new sample in the moving averages; default 0.05 (remembers about the last 20
     * samples). Higher follows a changing route faster but flags more noise.
     *
     * @param alpha strictly between 0 and 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * Standard deviations above the mean that count as a latency anomaly; default 4. Lower
     * reports smaller slowdowns.
     *
     * @param zThreshold positive and finite, checked by {@link #build()}
     * @return this builder
     */
    public Builder zThreshold(double zThreshold) {
      this.zThreshold = zThreshold;
      return this;
    }

    /**
     * Attempts on a route before its baseline is trusted and anything is reported; default 50.
     *
     * @param minSamples 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder minSamples(int minSamples) {
      this.minSamples = minSamples;
      return this;
    }

    /**
     * Moving error rate that counts as an error anomaly; default 0.25.
     *
     * @param errorRateThreshold above 0, at most 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder errorRateThreshold(double errorRateThreshold) {
      this.errorRateThreshold = errorRateThreshold;
      return this;
    }

    /**
     * Quiet time between two reports of the same route and kind; default 1 minute. 0 reports
     * every anomalous attempt.
     *
     * @param cooldown 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
      return this;
    }

    /**
     * Checks the values and builds the parameters.
     *
     * @return the parameters
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public DetectorConfig build() {
      return new DetectorConfig(this);
    }
  }
}
