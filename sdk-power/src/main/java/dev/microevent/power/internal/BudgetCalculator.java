package dev.microevent.power.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.ServiceMode;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.PowerEstimate;
import dev.microevent.power.PowerLoad;
import dev.microevent.power.PowerReading;
import dev.microevent.power.RuntimeLeft;
import dev.microevent.power.SourceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns readings, batteries and loads into a {@link PowerEstimate}.
 *
 * <p>Draw per role: the configured loads are the budget (a measured load that follows shedding
 * would feed back into the decision and make it flap). With no loads configured, the measured
 * load counts as critical: nothing is assumed sheddable.
 *
 * <p>Energy per source: a device runtime times the device's load, when both are known (the
 * device's own estimate wins, as the reference advises); otherwise the battery spec at its share
 * of the draw (depth of discharge, Peukert); otherwise a device runtime at the current draw.
 * Solar input is subtracted from the draw; a draw it covers runs unbounded. So does every draw while
 * mains cover it: a fresh UPS on line ({@code OL}) and none on battery, unless the policy says the
 * mains are not to be trusted. Stale sources make every runtime unknown; absent packs add nothing.
 */
public final class BudgetCalculator {
  private BudgetCalculator() {}

  /** One source's usable energy as a function of the draw through it. */
  private interface Energy {
    double wattHoursAt(double watts);
  }

  /**
   * Estimates the budget.
   *
   * @param sources every source's view
   * @param loads the configured loads
   * @param mode the mode whose loads run now
   * @param now when
   * @param mainsCoverDraw whether a UPS on line makes the runtime unbounded ({@link
   *     dev.microevent.power.DegradationPolicy#mainsCoverDraw()})
   * @return the estimate
   */
  public static PowerEstimate estimate(List<SourceView> sources, List<PowerLoad> loads, ServiceMode mode, Instant now,
      boolean mainsCoverDraw) {
    Set<String> stale = new LinkedHashSet<>();
    Set<String> absent = new LinkedHashSet<>();
    List<SourceView> fresh = new ArrayList<>();
    Double measured = null;
    double solar = 0;
    for (SourceView s : sources) {
      if (s.state() == SourceState.STALE || s.state() == SourceState.UNKNOWN) {
        stale.add(s.id());
      } else if (s.state() == SourceState.ABSENT) {
        absent.add(s.id());
      } else if (s.counts()) {
        fresh.add(s);
        PowerReading r = reading(s);
        if (r.loadWatts().isPresent()) {
          measured = (measured == null ? 0 : measured) + r.loadWatts().getAsDouble();
        }
        solar += r.solarWatts().orElse(0);
      }
    }
    Map<Criticality, Double> draw = draws(loads, measured);
    boolean drawKnown = !loads.isEmpty() || measured != null;
    Map<ServiceMode, RuntimeLeft> runtimes = new EnumMap<>(ServiceMode.class);
    double currentDraw = sum(draw, mode);
    boolean onMains = mainsCoverDraw && fresh.stream().anyMatch(s -> reading(s).onLine())
        && fresh.stream().noneMatch(s -> reading(s).onBattery());
    for (ServiceMode m : ServiceMode.values()) {
      RuntimeLeft r;
      if (!stale.isEmpty()) {
        r = RuntimeLeft.UNKNOWN;
      } else if (onMains) {
        r = RuntimeLeft.UNBOUNDED;
      } else if (drawKnown) {
        r = runtimeAt(sum(draw, m) - solar, fresh, currentDraw);
      } else {
        r = m == mode && fresh.size() == 1
            ? reading(fresh.get(0)).runtime().map(RuntimeLeft::of).orElse(RuntimeLeft.UNKNOWN)
            : RuntimeLeft.UNKNOWN;
      }
      runtimes.put(m, r);
    }
    return new PowerEstimate(now, charge(fresh), draw, solar, mode, runtimes, stale, absent);
  }

  private static PowerReading reading(SourceView s) {
    PowerReading r = s.reading();
    if (r == null) {
      throw new IllegalStateException("source " + s.id() + " counts without a reading");
    }
    return r;
  }

  private static Map<Criticality, Double> draws(List<PowerLoad> loads, @Nullable Double measured) {
    Map<Criticality, Double> draws = new EnumMap<>(Criticality.class);
    for (Criticality c : Criticality.values()) {
      draws.put(c, 0.0);
    }
    if (loads.isEmpty()) {
      if (measured != null) {
        draws.put(Criticality.CRITICAL, measured);
      }
      return draws;
    }
    for (PowerLoad l : loads) {
      draws.merge(l.role(), l.watts(), Double::sum);
    }
    return draws;
  }

  private static double sum(Map<Criticality, Double> draw, ServiceMode mode) {
    double sum = 0;
    for (Map.Entry<Criticality, Double> e : draw.entrySet()) {
      if (mode.admits(e.getKey())) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static RuntimeLeft runtimeAt(double netWatts, List<SourceView> fresh, double currentDraw) {
    if (netWatts <= 0) {
      return RuntimeLeft.UNBOUNDED;
    }
    if (fresh.isEmpty()) {
      return RuntimeLeft.of(Duration.ZERO);
    }
    List<Energy> energies = new ArrayList<>();
    for (SourceView s : fresh) {
      Energy e = energyOf(s, currentDraw);
      if (e == null) {
        return RuntimeLeft.UNKNOWN;
      }
      energies.add(e);
    }
    double naiveTotal = 0;
    double[] naive = new double[energies.size()];
    for (int i = 0; i < naive.length; i++) {
      naive[i] = energies.get(i).wattHoursAt(netWatts);
      naiveTotal += naive[i];
    }
    if (naiveTotal <= 0) {
      return RuntimeLeft.of(Duration.ZERO);
    }
    double total = 0;
    for (int i = 0; i < naive.length; i++) {
      total += energies.get(i).wattHoursAt(netWatts * naive[i] / naiveTotal);
    }
    double hours = total / netWatts;
    return NutWire.runtime(hours * 3600).map(RuntimeLeft::of).orElse(RuntimeLeft.of(Duration.ZERO));
  }

  private static @Nullable Energy energyOf(SourceView s, double currentDraw) {
    PowerReading r = reading(s);
    Optional<Duration> runtime = r.runtime();
    if (runtime.isPresent() && r.loadWatts().isPresent() && r.loadWatts().getAsDouble() > 0) {
      double wh = hours(runtime.get()) * r.loadWatts().getAsDouble();
      return w -> wh;
    }
    BatterySpec spec = s.battery();
    if (spec != null && r.chargePercent().isPresent()) {
      double charge = r.chargePercent().getAsDouble();
      return w -> spec.usableWattHoursAt(w, charge);
    }
    if (runtime.isPresent() && currentDraw > 0) {
      double wh = hours(runtime.get()) * currentDraw;
      return w -> wh;
    }
    return null;
  }

  private static double hours(Duration d) {
    return d.toMillis() / 3_600_000.0;
  }

  private static @Nullable Double charge(List<SourceView> fresh) {
    double weighted = 0;
    double weights = 0;
    for (SourceView s : fresh) {
      PowerReading r = reading(s);
      if (r.chargePercent().isPresent()) {
        BatterySpec spec = s.battery();
        double w = spec == null ? 1 : spec.wattHours();
        weighted += w * r.chargePercent().getAsDouble();
        weights += w;
      }
    }
    return weights > 0 ? weighted / weights : null;
  }
}
