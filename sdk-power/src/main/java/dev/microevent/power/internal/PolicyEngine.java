package dev.microevent.power.internal;

import dev.microevent.core.ServiceMode;
import dev.microevent.core.internal.ReasonText;
import dev.microevent.power.DegradationPolicy;
import dev.microevent.power.PowerAlert;
import dev.microevent.power.PowerEstimate;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerThreshold;
import dev.microevent.power.RuntimeLeft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The degradation policy as a state machine: escalates at once, relaxes one mode at a time after
 * the values cleared the thresholds plus hysteresis for the recovery delay, holds on stale data,
 * and rides out hot swaps the remaining capacity can carry. Not thread-safe; the client calls it
 * from one polling round at a time.
 */
public final class PolicyEngine {
  private final DegradationPolicy policy;
  private ServiceMode mode = ServiceMode.NORMAL;
  private String reason = "power budget not evaluated yet";
  private @Nullable Instant clearSince;
  private final Map<String, Instant> pulledAt = new HashMap<>();
  private boolean uncoveredAlerted;
  private boolean lowFlagged;

  /**
   * An engine in NORMAL.
   *
   * @param policy the thresholds
   */
  public PolicyEngine(DegradationPolicy policy) {
    this.policy = policy;
  }

  /**
   * What one round decided.
   *
   * @param mode the mode to propose
   * @param reason why
   * @param alerts alerts raised this round
   */
  public record Decision(ServiceMode mode, String reason, List<PowerAlert> alerts) {}

  private record Level(ServiceMode mode, String reason) {}

  /** {@return the mode proposed now} */
  public ServiceMode mode() {
    return mode;
  }

  /**
   * Evaluates one round.
   *
   * @param est the budget
   * @param sources every source's view
   * @param now when
   * @return the mode to propose and any alerts
   */
  public Decision evaluate(PowerEstimate est, List<SourceView> sources, Instant now) {
    List<PowerAlert> alerts = new ArrayList<>();
    trackSwaps(est, now);
    boolean low = false;
    for (SourceView s : sources) {
      PowerReading r = s.reading();
      if (s.counts() && r != null && r.lowBattery()) {
        low = true;
        if (!lowFlagged) {
          alerts.add(new PowerAlert(PowerAlert.Kind.LOW_BATTERY, s.id(), "source " + s.id() + " flags low battery"
              + r.chargePercent().stream().mapToObj(c -> String.format(Locale.ROOT, " at %.0f %%", c)).findFirst().orElse(""), now));
        }
      }
    }
    lowFlagged = low;

    Duration gap = swapGapLeft(now);
    Level target;
    boolean mayRelax;
    if (gap != null) {
      target = duringSwap(est, sources, gap, now, alerts);
      mayRelax = false;
    } else {
      uncoveredAlerted = false;
      if (est.complete()) {
        target = level(est, sources, false);
        mayRelax = true;
      } else {
        Level flags = flagLevel(sources);
        target = flags.mode().compareTo(mode) > 0 ? flags
            : new Level(mode, "holding " + mode + ": data from " + est.staleSources() + " is stale or unknown");
        mayRelax = false;
      }
    }

    if (target.mode().compareTo(mode) > 0) {
      mode = target.mode();
      reason = target.reason();
      clearSince = null;
    } else if (target.mode() == mode) {
      reason = target.reason();
      clearSince = null;
    } else {
      Level recovered = level(est, sources, true);
      if (mayRelax && recovered.mode().compareTo(mode) < 0) {
        if (clearSince == null) {
          clearSince = now;
        }
        Duration clear = Duration.between(clearSince, now);
        if (clear.compareTo(policy.recoveryDelay()) >= 0) {
          ServiceMode previous = mode;
          mode = milder(mode);
          reason = "recovered from " + previous + " after " + seconds(clear) + " clear: " + recovered.reason();
          clearSince = now;
        } else {
          reason = "holding " + mode + " until values stay clear for " + seconds(policy.recoveryDelay())
              + " (clear for " + seconds(clear) + ")";
        }
      } else {
        clearSince = null;
        reason = "holding " + mode + " within hysteresis: " + recovered.reason();
      }
    }
    return new Decision(mode, reason, alerts);
  }

  private void trackSwaps(PowerEstimate est, Instant now) {
    pulledAt.keySet().retainAll(est.absentSources());
    for (String id : est.absentSources()) {
      pulledAt.putIfAbsent(id, now);
    }
  }

  private @Nullable Duration swapGapLeft(Instant now) {
    Duration gap = null;
    for (Instant at : pulledAt.values()) {
      Duration left = Duration.between(now, at.plus(policy.swapGrace()));
      if (!left.isNegative() && !left.isZero() && (gap == null || left.compareTo(gap) > 0)) {
        gap = left;
      }
    }
    return gap;
  }

  private Level duringSwap(PowerEstimate est, List<SourceView> sources, Duration gap, Instant now,
      List<PowerAlert> alerts) {
    RuntimeLeft critical = est.runtimeIn(ServiceMode.CRITICAL_ONLY);
    if (!critical.isAtLeast(gap)) {
      String why = "hot swap of " + pulledAt.keySet() + ": the remaining sources carry the critical loads for "
          + critical + ", less than the " + seconds(gap) + " left of the swap window";
      if (!uncoveredAlerted) {
        alerts.add(new PowerAlert(PowerAlert.Kind.CRITICAL_LOADS_UNCOVERED, "budget", why, now));
        uncoveredAlerted = true;
      }
      return new Level(ServiceMode.CRITICAL_ONLY, why);
    }
    ServiceMode flagged = flagLevel(sources).mode();
    ServiceMode m = flagged.compareTo(mode) > 0 ? flagged : mode;
    while (m != ServiceMode.CRITICAL_ONLY && !est.runtimeIn(m).isAtLeast(gap)) {
      m = harsher(m);
    }
    return new Level(m, "hot swap of " + pulledAt.keySet() + " in progress: the remaining sources carry the "
        + m + " loads for " + est.runtimeIn(m) + ", covering the " + seconds(gap) + " swap window");
  }

  /** The level the values call for; {@code raised} applies the hysteresis margins (for relaxing). */
  private Level level(PowerEstimate est, List<SourceView> sources, boolean raised) {
    Level flags = flagLevel(sources);
    if (flags.mode() == ServiceMode.CRITICAL_ONLY) {
      return flags;
    }
    String crit = below(est, policy.criticalOnlyBelow(), ServiceMode.REDUCED, "with non-essential loads shed", raised);
    if (crit != null) {
      return new Level(ServiceMode.CRITICAL_ONLY, crit);
    }
    if (flags.mode() == ServiceMode.REDUCED) {
      return flags;
    }
    String reduce = below(est, policy.reduceBelow(), ServiceMode.NORMAL, "with all loads", raised);
    if (reduce != null) {
      return new Level(ServiceMode.REDUCED, reduce);
    }
    return new Level(ServiceMode.NORMAL, "charge " + charge(est.chargePercent()) + ", runtime "
        + est.runtimeIn(ServiceMode.NORMAL) + " with all loads" + (raised ? " (clear of the thresholds plus hysteresis)" : ""));
  }

  private Level flagLevel(List<SourceView> sources) {
    ServiceMode m = ServiceMode.NORMAL;
    String why = "no UPS flags";
    for (SourceView s : sources) {
      PowerReading r = s.reading();
      if (!s.counts() || r == null) {
        continue;
      }
      if (policy.criticalOnlyOnLowBattery() && r.lowBattery()) {
        return new Level(ServiceMode.CRITICAL_ONLY, "source " + s.id() + " flags low battery " + r.flags());
      }
      if (policy.reduceOnMainsLoss() && r.onBattery() && m == ServiceMode.NORMAL) {
        m = ServiceMode.REDUCED;
        why = "source " + s.id() + " is on battery (mains lost) " + r.flags();
      }
    }
    return new Level(m, why);
  }

  private @Nullable String below(PowerEstimate est, PowerThreshold t, ServiceMode runtimeMode, String loads,
      boolean raised) {
    OptionalDouble charge = est.chargePercent();
    double chargeLimit = t.chargePercent() + (raised ? policy.chargeHysteresis() : 0);
    if (t.chargePercent() > 0 && charge.isPresent() && charge.getAsDouble() < chargeLimit) {
      return "charge " + ReasonText.compare(charge.getAsDouble(), "<", chargeLimit, 1, " %");
    }
    if (!t.runtime().isZero()) {
      double factor = raised ? 1 + policy.runtimeHysteresis() : 1;
      Duration limit = Duration.ofMillis(Math.round(t.runtime().toMillis() * factor));
      RuntimeLeft r = est.runtimeIn(runtimeMode);
      if (r.isShorterThan(limit)) {
        Duration left = r.duration().orElseThrow();
        return "runtime " + ReasonText.compare(left, loads + " <", limit, d -> RuntimeLeft.of(d).toString());
      }
    }
    return null;
  }

  private static ServiceMode milder(ServiceMode m) {
    return switch (m) {
      case CRITICAL_ONLY -> ServiceMode.REDUCED;
      case REDUCED, NORMAL -> ServiceMode.NORMAL;
    };
  }

  private static ServiceMode harsher(ServiceMode m) {
    return switch (m) {
      case NORMAL -> ServiceMode.REDUCED;
      case REDUCED, CRITICAL_ONLY -> ServiceMode.CRITICAL_ONLY;
    };
  }

  /**
   * Gauge value of a mode.
   *
   * @param m the mode
   * @return 0 normal, 1 reduced, 2 critical-only
   */
  static int level(ServiceMode m) {
    return switch (m) {
      case NORMAL -> 0;
      case REDUCED -> 1;
      case CRITICAL_ONLY -> 2;
    };
  }

  private static String charge(OptionalDouble c) {
    return c.isPresent() ? String.format(Locale.ROOT, "%.1f %%", c.getAsDouble()) : "unknown";
  }

  private static String seconds(Duration d) {
    return RuntimeLeft.of(d.isNegative() ? Duration.ZERO : d).toString();
  }
}
