package dev.microevent.power;

import java.time.Duration;
import java.util.Objects;

/**
 * What a battery bank or pack can give: its chemistry, nominal voltage and rated capacity, and
 * the planning facts that turn a state of charge into a runtime (usable depth of discharge,
 * Peukert exponent, conversion efficiency).
 *
 * <pre>{@code
 * // 24 V 100 Ah LiFePO4 behind a 90 % inverter: 1944 Wh usable from full, about 6.5 h at 300 W
 * BatterySpec bank = BatterySpec.of(Chemistry.LIFEPO4, 24, 100).withEfficiency(0.9);
 * Duration left = bank.runtimeAt(300, 100);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param chemistry the chemistry (sets the defaults)
 * @param nominalVolts nominal voltage, V (12, 24, 48...)
 * @param capacityAh rated capacity, Ah, at the rated discharge time
 * @param ratedHours the rated discharge time of {@code capacityAh} (20 h for a C20 rating)
 * @param peukertExponent the Peukert exponent, 1.0..2.0 (1.0 = capacity independent of rate)
 * @param depthOfDischarge how much of the capacity may be used, 0 exclusive to 1 inclusive
 * @param efficiency conversion efficiency from battery to loads, 0 exclusive to 1 inclusive
 *     (inverter 0.85..0.95; DC loads about 1)
 */
public record BatterySpec(
    Chemistry chemistry,
    double nominalVolts,
    double capacityAh,
    Duration ratedHours,
    double peukertExponent,
    double depthOfDischarge,
    double efficiency) {

  /** The usual rating period of lead-acid capacities (C20). */
  public static final Duration C20 = Duration.ofHours(20);

  /**
   * Validates the values.
   *
   * @param chemistry the chemistry (sets the defaults)
   * @param nominalVolts nominal voltage, V (12, 24, 48...)
   * @param capacityAh rated capacity, Ah, at the rated discharge time
   * @param ratedHours the rated discharge time of {@code capacityAh} (20 h for a C20 rating)
   * @param peukertExponent the Peukert exponent, 1.0..2.0 (1.0 = capacity independent of rate)
   * @param depthOfDischarge how much of the capacity may be used, 0 exclusive to 1 inclusive
   * @param efficiency conversion efficiency from battery to loads, 0 exclusive to 1 inclusive (inverter 0.85..0.95; DC loads about 1)
   */
  public BatterySpec {
    Objects.requireNonNull(chemistry, "chemistry");
    Objects.requireNonNull(ratedHours, "ratedHours");
    requireRange("nominalVolts", nominalVolts, 0, 1000, false);
    requireRange("capacityAh", capacityAh, 0, 100_000, false);
    requireRange("peukertExponent", peukertExponent, 1.0, 2.0, true);
    requireRange("depthOfDischarge", depthOfDischarge, 0, 1, false);
    requireRange("efficiency", efficiency, 0, 1, false);
    if (ratedHours.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("ratedHours must be positive, got " + ratedHours);
    }
  }

  private static void requireRange(String name, double v, double min, double max, boolean minInclusive) {
    boolean aboveMin = minInclusive ? v >= min : v > min;
    if (!Double.isFinite(v) || !aboveMin || v > max) {
      throw new IllegalArgumentException(
          name + " must be in " + (minInclusive ? "[" : "(") + min + ", " + max + "], got " + v);
    }
  }

  /**
   * A bank with the chemistry's defaults: C20 rating, its Peukert exponent and depth of
   * discharge, efficiency 1 (DC loads; use {@link #withEfficiency} behind an inverter).
   *
   * @param chemistry the chemistry
   * @param nominalVolts nominal voltage, V
   * @param capacityAh rated capacity, Ah
   * @return the spec
   */
  public static BatterySpec of(Chemistry chemistry, double nominalVolts, double capacityAh) {
    return new BatterySpec(chemistry, nominalVolts, capacityAh, C20, chemistry.defaultPeukertExponent(),
        chemistry.defaultDepthOfDischarge(), 1.0);
  }

  /**
   * This spec with another efficiency.
   *
   * @param value 0 exclusive to 1 inclusive
   * @return a copy
   */
  public BatterySpec withEfficiency(double value) {
    return new BatterySpec(chemistry, nominalVolts, capacityAh, ratedHours, peukertExponent, depthOfDischarge, value);
  }

  /**
   * This spec with another usable depth of discharge.
   *
   * @param value 0 exclusive to 1 inclusive
   * @return a copy
   */
  public BatterySpec withDepthOfDischarge(double value) {
    return new BatterySpec(chemistry, nominalVolts, capacityAh, ratedHours, peukertExponent, value, efficiency);
  }

  /**
   * This spec with another Peukert exponent.
   *
   * @param value 1.0..2.0
   * @return a copy
   */
  public BatterySpec withPeukertExponent(double value) {
    return new BatterySpec(chemistry, nominalVolts, capacityAh, ratedHours, value, depthOfDischarge, efficiency);
  }

  /** {@return the stored energy when full: nominal volts times rated amp-hours, Wh} */
  public double wattHours() {
    return nominalVolts * capacityAh;
  }

  /**
   * How long the loads can run at a draw before the depth-of-discharge floor is reached, with
   * Peukert's law: at battery current {@code I} the full capacity lasts {@code H (C / (I H))^k}
   * hours, of which the share between the charge and the floor is usable.
   *
   * @param loadWatts what the loads draw, W (the battery gives {@code loadWatts / efficiency})
   * @param chargePercent state of charge, 0..100
   * @return the runtime; {@link Duration#ZERO} at or below the floor; a very long duration (100
   *     years) when the draw is zero or negative
   */
  public Duration runtimeAt(double loadWatts, double chargePercent) {
    return Duration.ofMillis(Math.round(runtimeHours(loadWatts, chargePercent) * 3_600_000.0));
  }

  /**
   * The energy the loads can still take at a draw, Wh: runtime times draw. With Peukert above 1
   * it shrinks as the draw grows.
   *
   * @param loadWatts what the loads draw, W; must be positive
   * @param chargePercent state of charge, 0..100
   * @return usable energy at that rate, Wh
   */
  public double usableWattHoursAt(double loadWatts, double chargePercent) {
    if (!(loadWatts > 0)) {
      return usableFraction(chargePercent) * wattHours() * efficiency;
    }
    return runtimeHours(loadWatts, chargePercent) * loadWatts;
  }

  private static final double FOREVER_HOURS = 24 * 365 * 100.0;

  private double runtimeHours(double loadWatts, double chargePercent) {
    double usable = usableFraction(chargePercent);
    if (usable <= 0) {
      return 0;
    }
    if (!(loadWatts > 0)) {
      return FOREVER_HOURS;
    }
    double amps = loadWatts / efficiency / nominalVolts;
    double h = ratedHours.toNanos() / 3.6e12;
    double fullHours = h * Math.pow(capacityAh / (amps * h), peukertExponent);
    return Math.min(FOREVER_HOURS, usable * fullHours);
  }

  private double usableFraction(double chargePercent) {
    double soc = Math.max(0, Math.min(100, chargePercent)) / 100.0;
    return Math.max(0, soc - (1 - depthOfDischarge));
  }
}
