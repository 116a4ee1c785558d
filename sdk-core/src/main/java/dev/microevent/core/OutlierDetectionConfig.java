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
 * @param consecutiveFailures failures in a row that eject; default 5
 * @param baseEjectionTime first ejection time; default 30 s
 * @param maxEjectionTime cap on any ejection time; default 300 s
 * @param maxEjectedShare most edge planes ejected at once, as a share; default 0.5
 */
public record OutlierDetectionConfig(
    int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime, double maxEjectedShare) {

  /** Validates every component. */
  public OutlierDetectionConfig {
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    if (consecutiveFailures < 1) {
      throw new IllegalArgumentException("consecutiveFailures must be >= 1, got " + consecutiveFailures);
    }
    if (!(baseEjectionTime.compareTo(Duration.ZERO) > 0) || maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException("need 0 < baseEjectionTime <= maxEjectionTime");
    }
    if (!(maxEjectedShare >= 0 && maxEjectedShare <= 1)) {
      throw new IllegalArgumentException("maxEjectedShare must be within 0..1, got " + maxEjectedShare);
    }
  }

  /** 5 failures in a row, 30 s growing to 300 s, at most half the edge planes. */
  public static OutlierDetectionConfig defaults() {
    return new OutlierDetectionConfig(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 0.5);
  }
}
