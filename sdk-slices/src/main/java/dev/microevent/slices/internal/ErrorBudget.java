package dev.microevent.slices.internal;

import java.time.Instant;

/**
 * One slice's error budget over a rolling 6 h period, in one-minute buckets, with the
 * multi-window burn rates of the Google SRE workbook (fast: 1 h and 5 min above 14.4; slow: 6 h
 * and 30 min above 6). Thread-safe (one small lock per record).
 */
final class ErrorBudget {
  static final int MINUTES = 360;
  static final double FAST_BURN = 14.4;
  static final double SLOW_BURN = 6;

  private final double target;
  private final long[] minute = new long[MINUTES];
  private final long[] good = new long[MINUTES];
  private final long[] bad = new long[MINUTES];

  ErrorBudget(double target) {
    this.target = target;
    java.util.Arrays.fill(minute, Long.MIN_VALUE);
  }

  synchronized void record(Instant at, boolean ok) {
    long m = Math.floorDiv(at.getEpochSecond(), 60);
    int i = (int) Math.floorMod(m, (long) MINUTES);
    if (minute[i] != m) {
      minute[i] = m;
      good[i] = 0;
      bad[i] = 0;
    }
    if (ok) {
      good[i]++;
    } else {
      bad[i]++;
    }
  }

  /** Good and bad counts over the last {@code minutes} minutes, as {@code {good, bad}}. */
  synchronized long[] window(Instant now, int minutes) {
    long m = Math.floorDiv(now.getEpochSecond(), 60);
    long g = 0;
    long b = 0;
    for (int k = 0; k < minutes; k++) {
      int i = (int) Math.floorMod(m - k, (long) MINUTES);
      if (minute[i] == m - k) {
        g += good[i];
        b += bad[i];
      }
    }
    return new long[] {g, b};
  }

  /** Burn rate over a window: the error rate divided by the budgeted error rate. */
  double burnRate(Instant now, int minutes) {
    long[] w = window(now, minutes);
    long total = w[0] + w[1];
    return total == 0 ? 0 : ((double) w[1] / total) / (1 - target);
  }

  /** Share of the 6 h budget left: 1 untouched, 0 spent, negative overspent. */
  double remaining(Instant now) {
    long[] w = window(now, MINUTES);
    long total = w[0] + w[1];
    if (total == 0) {
      return 1;
    }
    return 1 - w[1] / (total * (1 - target));
  }

  dev.microevent.slices.SliceBudgetAlert.BurnAlert alert(Instant now) {
    if (burnRate(now, 60) > FAST_BURN && burnRate(now, 5) > FAST_BURN) {
      return dev.microevent.slices.SliceBudgetAlert.BurnAlert.FAST;
    }
    if (burnRate(now, MINUTES) > SLOW_BURN && burnRate(now, 30) > SLOW_BURN) {
      return dev.microevent.slices.SliceBudgetAlert.BurnAlert.SLOW;
    }
    return dev.microevent.slices.SliceBudgetAlert.BurnAlert.NONE;
  }
}
