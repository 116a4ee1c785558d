package dev.microevent.power;

import dev.microevent.core.Criticality;
import dev.microevent.core.ServiceMode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The power budget at one moment: charge, draw per role, solar input, and how long the loads
 * can run in each {@link ServiceMode} (what is left if non-essential loads are shed, or if only
 * critical ones run). Estimates come from the devices' own runtime where they give a sane one,
 * and otherwise from each battery's {@link BatterySpec} (depth of discharge, Peukert).
 *
 * <p>Immutable and thread-safe.
 */
public final class PowerEstimate {
  private final Instant at;
  private final @Nullable Double chargePercent;
  private final Map<Criticality, Double> drawWatts;
  private final double solarWatts;
  private final ServiceMode currentMode;
  private final Map<ServiceMode, RuntimeLeft> runtimes;
  private final Set<String> staleSources;
  private final Set<String> absentSources;

  /**
   * Creates an estimate (the client computes them; tests and dashboards may build their own).
   *
   * @param at when
   * @param chargePercent capacity-weighted state of charge of the fresh sources, if known
   * @param drawWatts draw per role, W
   * @param solarWatts solar input, W
   * @param currentMode the mode whose loads run now
   * @param runtimes runtime per mode (the loads that mode admits)
   * @param staleSources ids of sources whose data is unknown now
   * @param absentSources ids of packs pulled out
   */
  public PowerEstimate(Instant at, @Nullable Double chargePercent, Map<Criticality, Double> drawWatts,
      double solarWatts, ServiceMode currentMode, Map<ServiceMode, RuntimeLeft> runtimes,
      Set<String> staleSources, Set<String> absentSources) {
    this.at = Objects.requireNonNull(at, "at");
    this.chargePercent = chargePercent;
    EnumMap<Criticality, Double> draws = new EnumMap<>(Criticality.class);
    for (Criticality c : Criticality.values()) {
      draws.put(c, drawWatts.getOrDefault(c, 0.0));
    }
    this.drawWatts = Map.copyOf(draws);
    this.solarWatts = solarWatts;
    this.currentMode = Objects.requireNonNull(currentMode, "currentMode");
    EnumMap<ServiceMode, RuntimeLeft> r = new EnumMap<>(ServiceMode.class);
    for (ServiceMode m : ServiceMode.values()) {
      r.put(m, runtimes.getOrDefault(m, RuntimeLeft.UNKNOWN));
    }
    this.runtimes = Map.copyOf(r);
    this.staleSources = Set.copyOf(staleSources);
    this.absentSources = Set.copyOf(absentSources);
  }

  /** {@return when the estimate was made} */
  public Instant at() {
    return at;
  }

  /** {@return the state of charge, percent, weighted by capacity over the fresh sources; empty if unknown} */
  public OptionalDouble chargePercent() {
    return chargePercent == null ? OptionalDouble.empty() : OptionalDouble.of(chargePercent);
  }

  /**
   * The draw of one power role, W.
   *
   * @param role the role
   * @return its draw
   */
  public double drawWatts(Criticality role) {
    return drawWatts.getOrDefault(role, 0.0);
  }

  /** {@return the draw of the loads the current mode keeps running, W} */
  public double currentDrawWatts() {
    return drawIn(currentMode);
  }

  /**
   * The draw of the loads a mode keeps running, W.
   *
   * @param mode a mode
   * @return the sum of the draws of the roles it admits
   */
  public double drawIn(ServiceMode mode) {
    double sum = 0;
    for (Criticality c : Criticality.values()) {
      if (mode.admits(c)) {
        sum += drawWatts.getOrDefault(c, 0.0);
      }
    }
    return sum;
  }

  /** {@return the solar input, W} */
  public double solarWatts() {
    return solarWatts;
  }

  /** {@return the runtime at the current draw} */
  public RuntimeLeft runtime() {
    return runtimeIn(currentMode);
  }

  /**
   * The runtime if only the loads a mode admits run: {@code runtimeIn(REDUCED)} is what is left
   * with non-essential loads shed.
   *
   * @param mode a mode
   * @return the runtime
   */
  public RuntimeLeft runtimeIn(ServiceMode mode) {
    return runtimes.getOrDefault(mode, RuntimeLeft.UNKNOWN);
  }

  /** {@return whether every source gave fresh data (otherwise runtimes may be unknown)} */
  public boolean complete() {
    return staleSources.isEmpty();
  }

  /** {@return the ids of sources whose data is stale or unknown now} */
  public Set<String> staleSources() {
    return staleSources;
  }

  /** {@return the ids of packs that are pulled out} */
  public Set<String> absentSources() {
    return absentSources;
  }

  @Override
  public String toString() {
    return "PowerEstimate{charge=" + (chargePercent == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f%%", chargePercent))
        + ", draw=" + drawWatts + ", solar=" + solarWatts + "W, runtime=" + runtimes
        + (staleSources.isEmpty() ? "" : ", stale=" + staleSources)
        + (absentSources.isEmpty() ? "" : ", absent=" + absentSources) + "}";
  }
}
