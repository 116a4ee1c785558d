package dev.microevent.core.internal;

/**
 * Health judged by runs in a row, as Envoy's active health checks: {@code unhealthyThreshold}
 * failures in a row take a healthy target down, {@code healthyThreshold} passes in a row bring an
 * unhealthy one back; a result of the other kind starts the count again, so a flapping target does
 * not flap its state. A hard failure ({@link #failNow()}) takes it down at once. Not thread-safe:
 * the owner (a plane's state, a slice's state) guards it with its own lock. For the client and the
 * SDK's modules, not for apps.
 */
public final class ThresholdHealth {
  private final int unhealthyThreshold;
  private final int healthyThreshold;
  private boolean healthy;
  private int passes;
  private int failures;

  /**
   * Starts healthy.
   *
   * @param unhealthyThreshold failures in a row that take a healthy target down, at least 1
   * @param healthyThreshold passes in a row that bring an unhealthy target back, at least 1
   */
  public ThresholdHealth(int unhealthyThreshold, int healthyThreshold) {
    if (unhealthyThreshold < 1 || healthyThreshold < 1) {
      throw new IllegalArgumentException(
          "thresholds must be >= 1, got " + unhealthyThreshold + " and " + healthyThreshold);
    }
    this.unhealthyThreshold = unhealthyThreshold;
    this.healthyThreshold = healthyThreshold;
    this.healthy = true;
  }

  /** {@return whether the target is healthy now} */
  public boolean healthy() {
    return healthy;
  }

  /**
   * Passes in a row so far (0 after a failure).
   *
   * @return how many checks passed in a row so far, 0 after a failure
   */
  public int passesInARow() {
    return passes;
  }

  /**
   * Failures in a row so far (0 after a pass).
   *
   * @return how many checks failed in a row so far, 0 after a pass
   */
  public int failuresInARow() {
    return failures;
  }

  /**
   * Records a pass.
   *
   * @return whether this pass brought the target back
   */
  public boolean pass() {
    failures = 0;
    passes++;
    if (!healthy && passes >= healthyThreshold) {
      healthy = true;
      return true;
    }
    return false;
  }

  /**
   * Records a failure.
   *
   * @return whether this failure took the target down
   */
  public boolean fail() {
    passes = 0;
    failures++;
    if (healthy && failures >= unhealthyThreshold) {
      healthy = false;
      return true;
    }
    return false;
  }

  /**
   * Records a failure that takes the target down at once (an error status, a draining target).
   *
   * @return whether it was healthy until now
   */
  public boolean failNow() {
    passes = 0;
    failures++;
    boolean was = healthy;
    healthy = false;
    return was;
  }

  /**
   * Sets the state from outside evidence (passive failures, an operator) and starts both counts
   * again.
   *
   * @param healthy the new state
   * @return whether it changed
   */
  public boolean set(boolean healthy) {
    passes = 0;
    failures = 0;
    boolean changed = this.healthy != healthy;
    this.healthy = healthy;
    return changed;
  }
}
