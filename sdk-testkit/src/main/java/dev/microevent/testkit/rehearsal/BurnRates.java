package dev.microevent.testkit.rehearsal;

import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Judges a rehearsal's calls with sdk-core's {@link ErrorBudget} and its multi-window burn-rate
 * rules, feeding each call at its traffic time on a {@link VirtualTime} clock moved forward to it,
 * and evaluating after every second of traffic time.
 */
final class BurnRates {
  /** Eligible calls a rule's long window needs before it may fire. */
  static final int MIN_EVENTS = 10;
  /** Traffic time zero on the budget's clock. */
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

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
    VirtualTime time = VirtualTime.startingAt(ORIGIN);
    ErrorBudget budget = new ErrorBudget(slo, time.clock(), MIN_EVENTS);
    BudgetAlert.Severity peak = BudgetAlert.Severity.NONE;
    long lastEvaluated = Long.MIN_VALUE;
    long now = 0;
    for (int i = 0; i < timesMs.length; i++) {
      time.advance(Duration.ofMillis(timesMs[i] - now));
      now = timesMs[i];
      budget.record(!bad[i]);
      if (timesMs[i] - lastEvaluated >= 1000 || i == timesMs.length - 1) {
        lastEvaluated = timesMs[i];
        BudgetAlert.Severity level = budget.evaluate();
        if (level.compareTo(peak) > 0) {
          peak = level;
        }
      }
    }
    return peak;
  }
}
