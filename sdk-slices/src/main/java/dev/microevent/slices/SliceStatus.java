package dev.microevent.slices;

import dev.microevent.core.budget.BudgetAlert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one slice (or the default network) did and how it stands, for dashboards and the demo's
 * per-slice summary. Latency percentiles are approximate: the upper bound of a log bucket (x1.5
 * wide), so at most 50 % above the true value.
 *
 * @param slice the slice, or {@link SliceId#DEFAULT_NETWORK}
 * @param health UP or DOWN now
 * @param reason why it has that health, for people
 * @param since when it got that health
 * @param attempts HTTP exchanges that left through it
 * @param failures of those, the ones that failed on the wire or timed out (a 5xx or 429 is an
 *     answer that crossed the slice, so it is the server's failure, not the slice's); the budget
 *     forgives those whose call then succeeded through the slice on another plane
 * @param attemptsByIntent attempts per intent name
 * @param p50 median attempt latency (zero before any attempt)
 * @param p99 99th percentile attempt latency (zero before any attempt)
 * @param budgetRemaining share of the slice's error budget (the core's {@code slice:<id>}) left
 *     over the last 3 days (1 = untouched, negative = overspent); 1 before the steering is attached
 * @param burnRate1h error-budget burn rate over the last hour (1 = burning exactly at the SLO)
 * @param alert the core's multi-window burn-rate alert level for the slice's budget
 */
public record SliceStatus(
    SliceId slice,
    SliceHealth health,
    String reason,
    Instant since,
    long attempts,
    long failures,
    Map<String, Long> attemptsByIntent,
    Duration p50,
    Duration p99,
    double budgetRemaining,
    double burnRate1h,
    Severity alert) {

  /**
   * Copies the map and checks for nulls.
   *
   * @param slice the slice, or {@link SliceId#DEFAULT_NETWORK}
   * @param health UP or DOWN now
   * @param reason why it has that health, for people
   * @param since when it got that health
   * @param attempts HTTP exchanges that left through it
   * @param failures of those, the ones that failed on the wire or timed out (a 5xx or 429 is an
   *     answer that crossed the slice, so it is the server's failure, not the slice's); the budget
   *     forgives those whose call then succeeded through the slice on another plane
   * @param attemptsByIntent attempts per intent name
   * @param p50 median attempt latency (zero before any attempt)
   * @param p99 99th percentile attempt latency (zero before any attempt)
   * @param budgetRemaining share of the slice's error budget (the core's {@code slice:<id>}) left
   *     over the last 3 days (1 = untouched, negative = overspent); 1 before the steering is
   *     attached
   * @param burnRate1h error-budget burn rate over the last hour (1 = burning exactly at the SLO)
   * @param alert the core's multi-window burn-rate alert level for the slice's budget
   */
  public SliceStatus {
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    attemptsByIntent = Map.copyOf(attemptsByIntent);
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(alert, "alert");
  }
}
