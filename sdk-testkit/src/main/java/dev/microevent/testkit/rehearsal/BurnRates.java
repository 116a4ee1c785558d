package dev.microevent.testkit.rehearsal;

import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.budget.Slo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Judges a rehearsal's calls with sdk-core's {@link ErrorBudget} and its multi-window burn-rate
 * rules, feeding each call at its traffic time through a clock that jumps to it, and evaluating
 * after every second of traffic time.
 */
final class BurnRates {
  /** Eligible calls a rule's long window needs before it may fire. */
  static final int MIN_EVENTS = 10;

  private BurnRates() {}

  /**
   * The most severe level the budget's rules reached.
   *
   * @param timesMs traffic time of each eligible call, ascending
   * @param bad whether each call was bad
   * @param slo the objective
   * @return the peak level
   */
  static BudgetAlert.Severity peak(long[] timesMs, boolean[] bad, Slo slo) {
    TrafficClock clock = new TrafficClock();
    ErrorBudget budget = new ErrorBudget(slo, clock, MIN_EVENTS);
    BudgetAlert.Severity peak = BudgetAlert.Severity.NONE;
    long lastEvaluated = Long.MIN_VALUE;
    for (int i = 0; i < timesMs.length; i++) {
      clock.millis = timesMs[i];
      budget.record(!bad[i]);
      if (timesMs[i] - lastEvaluated >= 1000 || i == timesMs.length - 1) {
        lastEvaluated = timesMs[i];
        BudgetAlert.Severity now = budget.evaluate();
        if (now.compareTo(peak) > 0) {
          peak = now;
        }
      }
    }
    return peak;
  }

  /** A clock set to each call's traffic time before it is recorded. Single-threaded use. */
  private static final class TrafficClock extends Clock {
    private static final long ORIGIN = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long millis;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }

    @Override
    public long millis() {
      return ORIGIN + millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }
}
