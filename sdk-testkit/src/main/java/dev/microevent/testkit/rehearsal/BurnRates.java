package dev.microevent.testkit.rehearsal;

import java.time.Duration;

/**
 * The SRE workbook's multi-window burn-rate rules over a rehearsal's calls, evaluated at every
 * call's traffic time with sliding windows. (To be replaced by sdk-core's error-budget type once it
 * is on main.)
 */
final class BurnRates {
  /** Eligible calls a rule's long window needs before it may fire. */
  static final int MIN_EVENTS = 10;

  private BurnRates() {}

  /**
   * The most severe level reached.
   *
   * @param timesMs traffic time of each eligible call, ascending
   * @param bad whether each call was bad
   * @param budget the error budget, 1 - target
   * @return the peak level
   */
  static AlertLevel peak(long[] timesMs, boolean[] bad, double budget) {
    int[] prefix = new int[bad.length + 1];
    for (int i = 0; i < bad.length; i++) {
      prefix[i + 1] = prefix[i] + (bad[i] ? 1 : 0);
    }
    if (fires(timesMs, prefix, Duration.ofHours(1), Duration.ofMinutes(5), 14.4, budget)
        || fires(timesMs, prefix, Duration.ofHours(6), Duration.ofMinutes(30), 6, budget)) {
      return AlertLevel.PAGE;
    }
    if (fires(timesMs, prefix, Duration.ofDays(3), Duration.ofHours(6), 1, budget)) {
      return AlertLevel.TICKET;
    }
    return AlertLevel.NONE;
  }

  private static boolean fires(long[] t, int[] prefix, Duration longWindow, Duration shortWindow, double threshold,
      double budget) {
    long lw = longWindow.toMillis();
    long sw = shortWindow.toMillis();
    int il = 0;
    int is = 0;
    for (int j = 0; j < t.length; j++) {
      while (t[il] <= t[j] - lw) {
        il++;
      }
      while (t[is] <= t[j] - sw) {
        is++;
      }
      int countLong = j - il + 1;
      int countShort = j - is + 1;
      double burnLong = (double) (prefix[j + 1] - prefix[il]) / countLong / budget;
      double burnShort = (double) (prefix[j + 1] - prefix[is]) / countShort / budget;
      if (countLong >= MIN_EVENTS && burnLong > threshold && burnShort > threshold) {
        return true;
      }
    }
    return false;
  }
}
