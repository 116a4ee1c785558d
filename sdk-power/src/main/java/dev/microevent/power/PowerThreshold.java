package dev.microevent.power;

import java.time.Duration;
import java.util.Objects;

/**
 * A trigger of the degradation policy: a runtime and a state of charge below which a mode is
 * proposed. Either half may be switched off ({@link Duration#ZERO}, 0 %).
 *
 * <p>Immutable and thread-safe.
 *
 * @param runtime propose the mode when the relevant runtime is known to be shorter
 * @param chargePercent propose the mode when the charge is below this, 0..100
 */
public record PowerThreshold(Duration runtime, double chargePercent) {

  /**
   * Validates the values.
   *
   * @param runtime propose the mode when the relevant runtime is known to be shorter
   * @param chargePercent propose the mode when the charge is below this, 0..100
   */
  public PowerThreshold {
    Objects.requireNonNull(runtime, "runtime");
    if (runtime.isNegative()) {
      throw new IllegalArgumentException("runtime threshold cannot be negative, got " + runtime);
    }
    if (!Double.isFinite(chargePercent) || chargePercent < 0 || chargePercent > 100) {
      throw new IllegalArgumentException("chargePercent must be in [0, 100], got " + chargePercent);
    }
  }

  /**
   * A threshold.
   *
   * @param runtime runtime limit; zero switches it off
   * @param chargePercent charge limit, percent; 0 switches it off
   * @return the threshold
   */
  public static PowerThreshold of(Duration runtime, double chargePercent) {
    return new PowerThreshold(runtime, chargePercent);
  }
}
