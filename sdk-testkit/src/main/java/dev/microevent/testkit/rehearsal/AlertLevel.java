package dev.microevent.testkit.rehearsal;

/**
 * Alert levels of the SRE workbook's multi-window, multi-burn-rate rules, as a rehearsal judges
 * them: {@link #PAGE} when the 1 h and 5 min burn rates both exceed 14.4, or the 6 h and 30 min
 * rates both exceed 6; {@link #TICKET} when the 3 day and 6 h rates both exceed 1. A rule needs at
 * least 10 eligible calls in its long window. Windows shorter than the traffic cover all of it.
 */
public enum AlertLevel {
  /** Within budget. */
  NONE,
  /** A slow leak: the budget would run out; act within days. */
  TICKET,
  /** A fast burn: someone would be paged. */
  PAGE
}
