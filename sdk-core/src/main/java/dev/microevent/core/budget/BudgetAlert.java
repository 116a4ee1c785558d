package dev.microevent.core.budget;

import java.time.Instant;

/**
 * A change of an error budget's alert level, from the SRE workbook's multi-window,
 * multi-burn-rate rules: PAGE when the 1 h and 5 min burn rates both exceed 14.4 (2 % of a
 * 30-day budget in an hour) or the 6 h and 30 min rates both exceed 6; TICKET when the 3 day and
 * 6 h rates both exceed 1.
 *
 * @param budget the budget's name: an intent name, or e.g. {@code slice:checkout}
 * @param from the level before
 * @param to the level now
 * @param burnRate1h burn rate over the last hour when evaluated
 * @param burnRate6h burn rate over the last 6 hours
 * @param burnRate3d burn rate over the last 3 days
 * @param at when, on the client's clock
 */
public record BudgetAlert(String budget, Severity from, Severity to, double burnRate1h, double burnRate6h,
    double burnRate3d, Instant at) {

  /** {@return whether the alert got more severe (fired) rather than calmer (resolved)} */
  public boolean firing() {
    return to.compareTo(from) > 0;
  }

  /** Alert levels, calmest first. */
  public enum Severity {
    /** Within budget. */
    NONE,
    /** A slow leak: the budget will run out, act within days. */
    TICKET,
    /** A fast burn: act now. */
    PAGE
  }
}
