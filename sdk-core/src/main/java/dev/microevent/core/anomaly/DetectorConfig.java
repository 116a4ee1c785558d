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
 * @param alpha weight of each new sample, 0 to 1 (0.05 remembers about the last 20 samples)
 * @param zThreshold standard deviations above the mean that count as a latency anomaly
 * @param minSamples attempts before the baseline is trusted
 * @param errorRateThreshold EWMA error rate that counts as an error anomaly, 0 to 1
 * @param cooldown quiet time between two reports of the same route and kind
 */
public record DetectorConfig(double alpha, double zThreshold, int minSamples, double errorRateThreshold,
    Duration cooldown) {

  /** Validates every component. */
  public DetectorConfig {
    Objects.requireNonNull(cooldown, "cooldown");
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be strictly between 0 and 1, got " + alpha);
    }
    if (!(zThreshold > 0) || Double.isInfinite(zThreshold)) {
      throw new IllegalArgumentException("zThreshold must be positive and finite, got " + zThreshold);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
    }
    if (!(errorRateThreshold > 0 && errorRateThreshold <= 1)) {
      throw new IllegalArgumentException("errorRateThreshold must be within (0, 1], got " + errorRateThreshold);
    }
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must be >= 0");
    }
  }

  /** alpha 0.05, z 4, 50 samples, error rate 0.25, one report per route and kind per minute. */
  public static DetectorConfig defaults() {
    return new DetectorConfig(0.05, 4, 50, 0.25, Duration.ofMinutes(1));
  }
}
