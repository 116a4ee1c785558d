package dev.microevent.core.budget;

/**
 * A service-level objective: the share of eligible calls that must succeed, e.g. 0.999. The
 * error budget is {@code 1 - target}; burn rates are measured against it.
 *
 * @param target success ratio, strictly between 0 and 1
 */
public record Slo(double target) {

  /**
   * Validates the target.
   *
   * @param target success ratio, strictly between 0 and 1
   * @throws IllegalArgumentException if {@code target} is not strictly between 0 and 1
   */
  public Slo {
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("SLO target must be strictly between 0 and 1, got " + target);
    }
  }

  /**
   * An SLO from a percentage.
   *
   * @param percent e.g. 99.9
   * @return the SLO
   */
  public static Slo percent(double percent) {
    return new Slo(percent / 100);
  }

  /** {@return the error budget: the share of calls allowed to fail} */
  public double budget() {
    return 1 - target;
  }
}
