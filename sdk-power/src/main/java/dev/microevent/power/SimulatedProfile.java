package dev.microevent.power;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a simulated battery does over time: stay steady, discharge, follow a solar day, or be
 * hot-swapped. The simulation follows the clock it is given (a {@link
 * dev.microevent.core.time.VirtualTime} clock in tests) and can run faster than it with {@link
 * #withTimeScale(double)}, so a demo shows a solar day in a minute.
 *
 * <pre>{@code
 * // 12 V 100 Ah AGM at 55 % before dawn, 150 W of loads, 400 W peak solar between 06:00 and 20:00,
 * // one simulated hour per real second
 * SimulatedProfile day = SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LEAD_ACID_AGM, 12, 100),
 *     55, 150, 400, LocalTime.of(6, 0), LocalTime.of(20, 0)).withTimeScale(3600);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SimulatedProfile {

  /** The shape of the simulation. */
  public enum Kind {
    /** Charge and draw stay where they are. */
    STEADY,
    /** The battery discharges at the draw. */
    DISCHARGE,
    /** The battery discharges at the draw and charges from a half-sine of solar by day. */
    SOLAR_DAY,
    /** The pack discharges, is pulled out, and a charged one is put in. */
    HOT_SWAP
  }

  private final Kind kind;
  private final BatterySpec battery;
  private final double startChargePercent;
  private final double loadWatts;
  private final double peakSolarWatts;
  private final LocalTime sunrise;
  private final LocalTime sunset;
  private final Duration pulledAfter;
  private final Duration swapTime;
  private final double insertedChargePercent;
  private final double timeScale;
  private final @Nullable LocalTime startTime;

  private SimulatedProfile(Kind kind, BatterySpec battery, double startChargePercent, double loadWatts,
      double peakSolarWatts, LocalTime sunrise, LocalTime sunset, Duration pulledAfter, Duration swapTime,
      double insertedChargePercent, double timeScale, @Nullable LocalTime startTime) {
    this.kind = kind;
    this.startTime = startTime;
    this.battery = Objects.requireNonNull(battery, "battery");
    this.startChargePercent = percent("startChargePercent", startChargePercent);
    this.loadWatts = nonNegative("loadWatts", loadWatts);
    this.peakSolarWatts = nonNegative("peakSolarWatts", peakSolarWatts);
    this.sunrise = Objects.requireNonNull(sunrise, "sunrise");
    this.sunset = Objects.requireNonNull(sunset, "sunset");
    this.pulledAfter = Objects.requireNonNull(pulledAfter, "pulledAfter");
    this.swapTime = Objects.requireNonNull(swapTime, "swapTime");
    this.insertedChargePercent = percent("insertedChargePercent", insertedChargePercent);
    if (!Double.isFinite(timeScale) || timeScale <= 0 || timeScale > 1_000_000) {
      throw new IllegalArgumentException("timeScale must be in (0, 1000000], got " + timeScale);
    }
    this.timeScale = timeScale;
    if (kind == Kind.SOLAR_DAY && !sunrise.isBefore(sunset)) {
      throw new IllegalArgumentException("sunrise " + sunrise + " must be before sunset " + sunset);
    }
    if (pulledAfter.isNegative() || swapTime.isNegative()) {
      throw new IllegalArgumentException("pulledAfter and swapTime cannot be negative");
    }
  }

  private static double percent(String name, double v) {
    if (!Double.isFinite(v) || v < 0 || v > 100) {
      throw new IllegalArgumentException(name + " must be in [0, 100], got " + v);
    }
    return v;
  }

  private static double nonNegative(String name, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(name + " must be 0 or more, got " + v);
    }
    return v;
  }

  private static final LocalTime NOON = LocalTime.NOON;

  /**
   * A battery whose charge does not move.
   *
   * @param battery the battery
   * @param chargePercent its charge
   * @param loadWatts the draw it reports
   * @return the profile
   */
  public static SimulatedProfile steady(BatterySpec battery, double chargePercent, double loadWatts) {
    return new SimulatedProfile(Kind.STEADY, battery, chargePercent, loadWatts, 0, NOON, NOON, Duration.ZERO,
        Duration.ZERO, chargePercent, 1, null);
  }

  /**
   * A battery discharging at the draw.
   *
   * @param battery the battery
   * @param startChargePercent its charge at the start
   * @param loadWatts the draw
   * @return the profile
   */
  public static SimulatedProfile discharge(BatterySpec battery, double startChargePercent, double loadWatts) {
    return new SimulatedProfile(Kind.DISCHARGE, battery, startChargePercent, loadWatts, 0, NOON, NOON, Duration.ZERO,
        Duration.ZERO, startChargePercent, 1, null);
  }

  /**
   * A battery with solar: solar follows a half-sine from sunrise to sunset (UTC time of day of
   * the simulated clock), peaking at noon between them.
   *
   * @param battery the battery
   * @param startChargePercent its charge at the start
   * @param loadWatts the draw
   * @param peakSolarWatts solar input at its peak
   * @param sunrise when solar starts
   * @param sunset when it ends
   * @return the profile
   */
  public static SimulatedProfile solarDay(BatterySpec battery, double startChargePercent, double loadWatts,
      double peakSolarWatts, LocalTime sunrise, LocalTime sunset) {
    return new SimulatedProfile(Kind.SOLAR_DAY, battery, startChargePercent, loadWatts, peakSolarWatts, sunrise,
        sunset, Duration.ZERO, Duration.ZERO, startChargePercent, 1, null);
  }

  /**
   * A pack that discharges, is pulled out after a while, and is replaced by a charged one.
   *
   * @param battery the pack
   * @param startChargePercent charge of the first pack
   * @param loadWatts the draw
   * @param pulledAfter when the first pack is pulled
   * @param swapTime how long no pack is in
   * @param insertedChargePercent charge of the new pack
   * @return the profile
   */
  public static SimulatedProfile hotSwap(BatterySpec battery, double startChargePercent, double loadWatts,
      Duration pulledAfter, Duration swapTime, double insertedChargePercent) {
    return new SimulatedProfile(Kind.HOT_SWAP, battery, startChargePercent, loadWatts, 0, NOON, NOON, pulledAfter,
        swapTime, insertedChargePercent, 1, null);
  }

  /**
   * This profile running faster than its clock.
   *
   * @param factor simulated seconds per clock second, e.g. 3600 for an hour a second
   * @return a copy
   */
  public SimulatedProfile withTimeScale(double factor) {
    return new SimulatedProfile(kind, battery, startChargePercent, loadWatts, peakSolarWatts, sunrise, sunset,
        pulledAfter, swapTime, insertedChargePercent, factor, startTime);
  }

  /**
   * This profile starting its simulated day at a stated UTC time of day, whatever the time of day
   * of its clock: a demo then tells the same story at any hour it is run. Without it the simulated
   * day starts at the clock's time of day when the source is created.
   *
   * @param timeOfDay the simulated time of day (UTC) at the start, e.g. 02:00 for a night first
   * @return a copy
   */
  public SimulatedProfile withStartTime(LocalTime timeOfDay) {
    return new SimulatedProfile(kind, battery, startChargePercent, loadWatts, peakSolarWatts, sunrise, sunset,
        pulledAfter, swapTime, insertedChargePercent, timeScale, Objects.requireNonNull(timeOfDay, "timeOfDay"));
  }

  /** {@return the shape} */
  public Kind kind() {
    return kind;
  }

  /** {@return the simulated battery} */
  public BatterySpec battery() {
    return battery;
  }

  /** {@return the charge at the start, percent} */
  public double startChargePercent() {
    return startChargePercent;
  }

  /** {@return the draw when the client does not drive it, W} */
  public double loadWatts() {
    return loadWatts;
  }

  /** {@return the solar at its peak, W} */
  public double peakSolarWatts() {
    return peakSolarWatts;
  }

  /** {@return when solar starts (UTC time of day)} */
  public LocalTime sunrise() {
    return sunrise;
  }

  /** {@return when solar ends (UTC time of day)} */
  public LocalTime sunset() {
    return sunset;
  }

  /** {@return when the pack is pulled (hot swap)} */
  public Duration pulledAfter() {
    return pulledAfter;
  }

  /** {@return how long no pack is in (hot swap)} */
  public Duration swapTime() {
    return swapTime;
  }

  /** {@return the charge of the inserted pack (hot swap)} */
  public double insertedChargePercent() {
    return insertedChargePercent;
  }

  /**
   * The simulated time of day (UTC) at the start, if stated.
   *
   * @return the start time, or {@code null} when the day starts at the clock's time of day
   */
  public @Nullable LocalTime startTime() {
    return startTime;
  }

  /** {@return the simulated seconds per clock second} */
  public double timeScale() {
    return timeScale;
  }

  @Override
  public String toString() {
    return "SimulatedProfile{" + kind + ", " + battery.wattHours() + " Wh at " + startChargePercent + "%, "
        + loadWatts + " W" + (kind == Kind.SOLAR_DAY ? ", solar " + peakSolarWatts + " W " + sunrise + "-" + sunset : "")
        + (timeScale == 1 ? "" : ", x" + timeScale) + (startTime == null ? "" : ", from " + startTime) + "}";
  }
}
