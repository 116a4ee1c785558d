package dev.microevent.power;

import java.time.Duration;
import java.util.Objects;

/**
 * When power proposes which {@link dev.microevent.core.ServiceMode}. Going down is immediate:
 * below {@link #reduceBelow()} (runtime with every load running, or charge) the policy proposes
 * REDUCED; below {@link #criticalOnlyBelow()} (runtime with non-essential loads shed, or charge),
 * or when a UPS flags low battery, CRITICAL_ONLY. Coming back is slow, one mode at a time: the
 * values must clear the thresholds by the hysteresis margins, on complete data, for {@link
 * #recoveryDelay()} in a row. Stale data never relaxes a mode and never escalates on runtime.
 *
 * <p>Hot swap: when a pack is pulled, the policy does not escalate on the capacity it lost as long
 * as the remaining sources carry the current mode's loads for {@link #swapGrace()}; if they cannot
 * carry even the critical loads that long it alerts at once and proposes CRITICAL_ONLY.
 *
 * <pre>{@code
 * DegradationPolicy policy = DegradationPolicy.builder()
 *     .reduceBelow(PowerThreshold.of(Duration.ofMinutes(45), 40))
 *     .criticalOnlyBelow(PowerThreshold.of(Duration.ofMinutes(15), 20))
 *     .recoveryDelay(Duration.ofMinutes(2))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not.
 */
public final class DegradationPolicy {
  private final PowerThreshold reduceBelow;
  private final PowerThreshold criticalOnlyBelow;
  private final double runtimeHysteresis;
  private final double chargeHysteresis;
  private final Duration recoveryDelay;
  private final boolean reduceOnMainsLoss;
  private final boolean criticalOnlyOnLowBattery;
  private final Duration swapGrace;
  private final boolean mainsCoverDraw;

  private DegradationPolicy(Builder b) {
    this.reduceBelow = b.reduceBelow;
    this.criticalOnlyBelow = b.criticalOnlyBelow;
    this.runtimeHysteresis = b.runtimeHysteresis;
    this.chargeHysteresis = b.chargeHysteresis;
    this.recoveryDelay = b.recoveryDelay;
    this.reduceOnMainsLoss = b.reduceOnMainsLoss;
    this.criticalOnlyOnLowBattery = b.criticalOnlyOnLowBattery;
    this.swapGrace = b.swapGrace;
    this.mainsCoverDraw = b.mainsCoverDraw;
  }

  /** {@return the defaults; see each builder method} */
  public static DegradationPolicy defaults() {
    return builder().build();
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder seeded with this policy} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.reduceBelow = reduceBelow;
    b.criticalOnlyBelow = criticalOnlyBelow;
    b.runtimeHysteresis = runtimeHysteresis;
    b.chargeHysteresis = chargeHysteresis;
    b.recoveryDelay = recoveryDelay;
    b.reduceOnMainsLoss = reduceOnMainsLoss;
    b.criticalOnlyOnLowBattery = criticalOnlyOnLowBattery;
    b.swapGrace = swapGrace;
    b.mainsCoverDraw = mainsCoverDraw;
    return b;
  }

  /** {@return the threshold below which (runtime with all loads, or charge) the policy proposes REDUCED} */
  public PowerThreshold reduceBelow() {
    return reduceBelow;
  }

  /** {@return the threshold below which (runtime with non-essential loads shed, or charge) it proposes CRITICAL_ONLY} */
  public PowerThreshold criticalOnlyBelow() {
    return criticalOnlyBelow;
  }

  /** {@return how far above a runtime threshold the runtime must be to relax, as a fraction} */
  public double runtimeHysteresis() {
    return runtimeHysteresis;
  }

  /** {@return how far above a charge threshold the charge must be to relax, percentage points} */
  public double chargeHysteresis() {
    return chargeHysteresis;
  }

  /** {@return how long the values must stay clear before the policy relaxes by one mode} */
  public Duration recoveryDelay() {
    return recoveryDelay;
  }

  /** {@return whether a UPS on battery (mains lost) proposes REDUCED by itself} */
  public boolean reduceOnMainsLoss() {
    return reduceOnMainsLoss;
  }

  /** {@return whether a UPS low-battery flag ({@code LB}, {@code FSD}) proposes CRITICAL_ONLY by itself} */
  public boolean criticalOnlyOnLowBattery() {
    return criticalOnlyOnLowBattery;
  }

  /** {@return how long a pulled pack is expected to stay out during a hot swap} */
  public Duration swapGrace() {
    return swapGrace;
  }

  /**
   * Whether a UPS on mains ({@code OL}, no {@code OB}) covers the draw: the runtime is then
   * unbounded, so a short battery runtime sheds nothing until the mains go.
   *
   * @return {@code true} if mains on a UPS count as covering the draw
   */
  public boolean mainsCoverDraw() {
    return mainsCoverDraw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DegradationPolicy p
        && p.reduceBelow.equals(reduceBelow)
        && p.criticalOnlyBelow.equals(criticalOnlyBelow)
        && Double.compare(p.runtimeHysteresis, runtimeHysteresis) == 0
        && Double.compare(p.chargeHysteresis, chargeHysteresis) == 0
        && p.recoveryDelay.equals(recoveryDelay)
        && p.reduceOnMainsLoss == reduceOnMainsLoss
        && p.criticalOnlyOnLowBattery == criticalOnlyOnLowBattery
        && p.swapGrace.equals(swapGrace)
        && p.mainsCoverDraw == mainsCoverDraw;
  }

  @Override
  public int hashCode() {
    return Objects.hash(reduceBelow, criticalOnlyBelow, runtimeHysteresis, chargeHysteresis, recoveryDelay,
        reduceOnMainsLoss, criticalOnlyOnLowBattery, swapGrace, mainsCoverDraw);
  }

  @Override
  public String toString() {
    return "DegradationPolicy{reduceBelow=" + reduceBelow + ", criticalOnlyBelow=" + criticalOnlyBelow
        + ", runtimeHysteresis=" + runtimeHysteresis + ", chargeHysteresis=" + chargeHysteresis
        + ", recoveryDelay=" + recoveryDelay + ", reduceOnMainsLoss=" + reduceOnMainsLoss
        + ", criticalOnlyOnLowBattery=" + criticalOnlyOnLowBattery + ", swapGrace=" + swapGrace + ", mainsCoverDraw=" + mainsCoverDraw + "}";
  }

  /** Builds a {@link DegradationPolicy}. Not thread-safe. */
  public static final class Builder {
    private PowerThreshold reduceBelow = PowerThreshold.of(Duration.ofMinutes(30), 40);
    private PowerThreshold criticalOnlyBelow = PowerThreshold.of(Duration.ofMinutes(10), 20);
    private double runtimeHysteresis = 0.25;
    private double chargeHysteresis = 5;
    private Duration recoveryDelay = Duration.ofMinutes(2);
    private boolean reduceOnMainsLoss = true;
    private boolean criticalOnlyOnLowBattery = true;
    private Duration swapGrace = Duration.ofMinutes(3);
    private boolean mainsCoverDraw = true;

    private Builder() {}

    /**
     * REDUCED below this; default 30 min with every load running, or 40 % charge.
     *
     * @param value the threshold
     * @return this builder
     */
    public Builder reduceBelow(PowerThreshold value) {
      this.reduceBelow = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * CRITICAL_ONLY below this; default 10 min with non-essential loads shed, or 20 % charge.
     *
     * @param value the threshold
     * @return this builder
     */
    public Builder criticalOnlyBelow(PowerThreshold value) {
      this.criticalOnlyBelow = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Runtime margin to relax, as a fraction of the threshold; default 0.25 (a 30 min threshold
     * relaxes at 37.5 min). Raise it if loads swing and modes flap.
     *
     * @param fraction 0..10
     * @return this builder
     */
    public Builder runtimeHysteresis(double fraction) {
      if (!Double.isFinite(fraction) || fraction < 0 || fraction > 10) {
        throw new IllegalArgumentException("runtimeHysteresis must be in [0, 10], got " + fraction);
      }
      this.runtimeHysteresis = fraction;
      return this;
    }

    /**
     * Charge margin to relax, percentage points; default 5.
     *
     * @param points 0..50
     * @return this builder
     */
    public Builder chargeHysteresis(double points) {
      if (!Double.isFinite(points) || points < 0 || points > 50) {
        throw new IllegalArgumentException("chargeHysteresis must be in [0, 50], got " + points);
      }
      this.chargeHysteresis = points;
      return this;
    }

    /**
     * How long values must stay clear before relaxing one mode; default 2 min. Shorter reacts
     * faster to solar coming back; longer flaps less under passing clouds.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder recoveryDelay(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException("recoveryDelay cannot be negative, got " + value);
      }
      this.recoveryDelay = value;
      return this;
    }

    /**
     * Whether a UPS on battery proposes REDUCED by itself; default {@code true}: when mains go,
     * pause analytics first and ask questions later.
     *
     * @param value whether to
     * @return this builder
     */
    public Builder reduceOnMainsLoss(boolean value) {
      this.reduceOnMainsLoss = value;
      return this;
    }

    /**
     * Whether a UPS low-battery flag proposes CRITICAL_ONLY by itself; default {@code true}.
     *
     * @param value whether to
     * @return this builder
     */
    public Builder criticalOnlyOnLowBattery(boolean value) {
      this.criticalOnlyOnLowBattery = value;
      return this;
    }

    /**
     * The longest a hot swap is expected to take; default 3 min. During it, lost capacity does not
     * escalate the mode as long as the remaining sources carry the loads that long.
     *
     * @param value positive
     * @return this builder
     */
    public Builder swapGrace(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException("swapGrace must be positive, got " + value);
      }
      this.swapGrace = value;
      return this;
    }

    /**
     * Whether a UPS on mains ({@code OL} without {@code OB}) covers the draw; default {@code
     * true}: while any fresh UPS is on line and none is on battery, the runtime is unbounded and
     * only charge thresholds and flags shed (a UPS with 8 minutes of battery on healthy mains is
     * no reason to pause anything). Set {@code false} when the mains are not to be trusted (a
     * generator that may stall): the policy then sheds on the battery runtime even on line.
     *
     * @param value whether to
     * @return this builder
     */
    public Builder mainsCoverDraw(boolean value) {
      this.mainsCoverDraw = value;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if CRITICAL_ONLY would trigger above REDUCED on charge
     */
    public DegradationPolicy build() {
      if (criticalOnlyBelow.chargePercent() > reduceBelow.chargePercent() && reduceBelow.chargePercent() > 0) {
        throw new IllegalArgumentException("criticalOnlyBelow charge " + criticalOnlyBelow.chargePercent()
            + "% is above reduceBelow charge " + reduceBelow.chargePercent() + "%; lower it");
      }
      return new DegradationPolicy(this);
    }
  }
}
