package dev.microevent.testkit.rehearsal;

import dev.microevent.core.budget.BudgetAlert;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one intent fared against its {@link Objective}.
 *
 * @param objective the objective
 * @param calls calls of the intent that finished
 * @param eligible calls that count against the budget
 * @param bad eligible calls that failed
 * @param availability good share of the eligible calls, 1 when there were none
 * @param budgetSpent bad calls over the bad calls the budget allows for this volume: above 1 the
 *     budget is overspent
 * @param burnRate the run's error ratio over the budget (1 spends it exactly over the SLO period)
 * @param peakAlert the most severe level sdk-core's error budget ({@code ErrorBudget.evaluate()}, the
 *     SRE workbook's multi-window burn-rate rules) reached, with calls placed at their traffic time
 *     (a replay at 10x is judged on its original time line)
 * @param latency the objective's percentile of the intent's latency from intended start, or zero
 *     without a latency objective
 * @param passed whether availability and latency met the objective
 * @param findings why it failed, empty when it passed
 */
public record ObjectiveResult(
    Objective objective, long calls, long eligible, long bad, double availability, double budgetSpent,
    double burnRate, BudgetAlert.Severity peakAlert, Duration latency, boolean passed, List<String> findings) {

  /**
   * Validates and copies.
   *
   * @param objective the objective
   * @param calls calls of the intent that finished
   * @param eligible calls that count against the budget
   * @param bad eligible calls that failed
   * @param availability good share of the eligible calls, 1 when there were none
   * @param budgetSpent bad calls over the bad calls the budget allows for this volume: above 1 the
   *     budget is overspent
   * @param burnRate the run's error ratio over the budget (1 spends it exactly over the SLO period)
   * @param peakAlert the most severe level sdk-core's error budget ({@code ErrorBudget.evaluate()},
   *     the SRE workbook's multi-window burn-rate rules) reached, with calls placed at their
   *     traffic time (a replay at 10x is judged on its original time line)
   * @param latency the objective's percentile of the intent's latency from intended start, or zero
   *     without a latency objective
   * @param passed whether availability and latency met the objective
   * @param findings why it failed, empty when it passed
   */
  public ObjectiveResult {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(peakAlert, "peakAlert");
    Objects.requireNonNull(latency, "latency");
    findings = List.copyOf(findings);
  }
}
