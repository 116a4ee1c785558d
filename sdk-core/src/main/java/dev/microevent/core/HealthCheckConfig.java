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
 * @param interval time between checks of one plane; default 2 s
 * @param timeout longest time one check may take; default 1 s
 * @param unhealthyThreshold consecutive failures that mark a plane unhealthy; default 2
 * @param healthyThreshold consecutive successes that mark it healthy again; default 3
 * @param jitter most random delay added to each interval; default 200 ms
 */
public record HealthCheckConfig(
    Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold, Duration jitter) {

  /** Validates every component. */
  public HealthCheckConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(jitter, "jitter");
    if (!(interval.compareTo(Duration.ZERO) > 0) || !(timeout.compareTo(Duration.ZERO) > 0) || jitter.isNegative()) {
      throw new IllegalArgumentException("interval and timeout must be positive, jitter >= 0");
    }
    if (unhealthyThreshold < 1 || healthyThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1");
    }
  }

  /** Every 2 s, 1 s timeout, unhealthy after 2 failures, healthy after 3 successes, 200 ms jitter. */
  public static HealthCheckConfig defaults() {
    return new HealthCheckConfig(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3, Duration.ofMillis(200));
  }

  /**
   * A copy with another interval.
   *
   * @param interval time between checks
   * @return the copy
   */
  public HealthCheckConfig withInterval(Duration interval) {
    return new HealthCheckConfig(interval, timeout, unhealthyThreshold, healthyThreshold, jitter);
  }

  /**
   * A copy with other thresholds.
   *
   * @param unhealthy consecutive failures that mark a plane unhealthy
   * @param healthy consecutive successes that mark it healthy again
   * @return the copy
   */
  public HealthCheckConfig withThresholds(int unhealthy, int healthy) {
    return new HealthCheckConfig(interval, timeout, unhealthy, healthy, jitter);
  }

  /**
   * A copy with another jitter.
   *
   * @param jitter most random delay added to each interval
   * @return the copy
   */
  public HealthCheckConfig withJitter(Duration jitter) {
    return new HealthCheckConfig(interval, timeout, unhealthyThreshold, healthyThreshold, jitter);
  }
}
