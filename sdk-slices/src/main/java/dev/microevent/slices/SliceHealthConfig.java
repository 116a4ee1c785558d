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
 * @param probeInterval time between active probes of each slice
 * @param probeTimeout how long one probe may take to connect
 * @param unhealthyThreshold failed probes in a row that take an UP slice DOWN
 * @param healthyThreshold successful probes in a row that bring a DOWN slice back UP
 * @param suspicionThreshold failed attempts in a row that trigger an immediate probe
 */
public record SliceHealthConfig(
    Duration probeInterval, Duration probeTimeout, int unhealthyThreshold, int healthyThreshold,
    int suspicionThreshold) {

  /** Validates every component. */
  public SliceHealthConfig {
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    if (!(probeInterval.compareTo(Duration.ZERO) > 0) || !(probeTimeout.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("probe interval and timeout must be positive");
    }
    if (unhealthyThreshold < 1 || healthyThreshold < 1 || suspicionThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1");
    }
  }

  /**
   * Probe every 5 s with a 1 s timeout; down after 2 failed probes, up after 2 good ones; an
   * extra probe after 3 failed attempts in a row.
   */
  public static SliceHealthConfig defaults() {
    return new SliceHealthConfig(Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 2, 3);
  }

  /**
   * A copy with another probe interval.
   *
   * @param interval positive
   * @return the copy
   */
  public SliceHealthConfig withProbeInterval(Duration interval) {
    return new SliceHealthConfig(interval, probeTimeout, unhealthyThreshold, healthyThreshold, suspicionThreshold);
  }

  /**
   * A copy with other probe thresholds.
   *
   * @param unhealthy failed probes that take a slice down
   * @param healthy good probes that bring it back
   * @return the copy
   */
  public SliceHealthConfig withThresholds(int unhealthy, int healthy) {
    return new SliceHealthConfig(probeInterval, probeTimeout, unhealthy, healthy, suspicionThreshold);
  }
}
