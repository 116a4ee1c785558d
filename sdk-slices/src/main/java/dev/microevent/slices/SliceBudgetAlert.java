package dev.microevent.slices;

import java.time.Instant;
import java.util.Objects;

/**
 * A slice's error budget is burning too fast (multi-window burn-rate alert, after the Google SRE
 * workbook), or stopped burning.
 *
 * @param slice which slice
 * @param level the alert level now
 * @param burnRateLong burn rate over the long window (1 h for FAST, 6 h for SLOW)
 * @param burnRateShort burn rate over the short window (5 min for FAST, 30 min for SLOW)
 * @param at when, on the client's clock
 */
public record SliceBudgetAlert(SliceId slice, BurnAlert level, double burnRateLong, double burnRateShort, Instant at) {
  /** Validates the fields. */
  public SliceBudgetAlert {
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(at, "at");
  }

  /** How fast a budget burns. */
  public enum BurnAlert {
    /** Within budget. */
    NONE,
    /** Burn rate above 6 over both 6 h and 30 min: the budget is gone within a day or so. */
    SLOW,
    /** Burn rate above 14.4 over both 1 h and 5 min: page someone now. */
    FAST
  }
}
