package dev.microevent.core.budget;

import dev.microevent.core.budget.BudgetAlert.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One SLO's error budget with multi-window burn rates, on an injected clock, in bounded memory:
 * counts live in one-minute buckets for the last 6 hours and ten-minute buckets for the last 3
 * days (about 800 counters, whatever the traffic). Windows are measured in whole buckets, so a
 * 5-minute window covers the current minute and the four before it.
 *
 * <p>The client keeps one per intent with an SLO ({@link ErrorBudgets}); modules keep their own
 * (sdk-slices, one per slice). Thread-safe.
 */
public final class ErrorBudget {
  /** Windows of the SRE workbook's alerting table. */
  public static final Duration W5M = Duration.ofMinutes(5);
  /** 30 minutes. */
  public static final Duration W30M = Duration.ofMinutes(30);
  /** 1 hour. */
  public static final Duration W1H = Duration.ofHours(1);
  /** 6 hours. */
  public static final Duration W6H = Duration.ofHours(6);
  /** 3 days, the longest window kept. */
  public static final Duration W3D = Duration.ofDays(3);

  private static final long FINE_MILLIS = Duration.ofMinutes(1).toMillis();
  private static final long COARSE_MILLIS = Duration.ofMinutes(10).toMillis();

  private final Slo slo;
  private final Clock clock;
  private final long minEvents;
  private final Ring fine;
  private final Ring coarse;
  private final Object lock;

  /**
   * Creates a budget.
   *
   * @param slo the objective
   * @param clock the clock events are stamped with
   * @param minEvents events the long window of a rule needs before the rule may alert (low-volume
   *     budgets would otherwise page on two errors); at least 1
   */
  public ErrorBudget(Slo slo, Clock clock, long minEvents) {
    this.slo = Objects.requireNonNull(slo, "slo");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (minEvents < 1) {
      throw new IllegalArgumentException("minEvents must be >= 1, got " + minEvents);
    }
    this.minEvents = minEvents;
    this.fine = new Ring(FINE_MILLIS, (int) (W6H.toMillis() / FINE_MILLIS) + 1);
    this.coarse = new Ring(COARSE_MILLIS, (int) (W3D.toMillis() / COARSE_MILLIS) + 1);
    this.lock = new Object();
  }

  private ErrorBudget(Slo slo, ErrorBudget counts) {
    this.slo = slo;
    this.clock = counts.clock;
    this.minEvents = counts.minEvents;
    this.fine = counts.fine;
    this.coarse = counts.coarse;
    this.lock = counts.lock;
  }

  /**
   * The same counts judged against another SLO (for example after a config change).
   *
   * @param newSlo the objective
   * @return a budget sharing this one's counts
   */
  public ErrorBudget withSlo(Slo newSlo) {
    return newSlo.equals(slo) ? this : new ErrorBudget(Objects.requireNonNull(newSlo, "newSlo"), this);
  }

  /** {@return the objective this budget is spent against} */
  public Slo slo() {
    return slo;
  }

  /**
   * Records one eligible event now.
   *
   * @param good whether it met the objective
   */
  public void record(boolean good) {
    record(good ? 1 : 0, good ? 0 : 1);
  }

  /**
   * Records several eligible events now.
   *
   * @param good events that met the objective
   * @param bad events that did not
   */
  public void record(long good, long bad) {
    add(clock.millis(), good, bad);
  }

  /**
   * Records events that happened at a given time (a replay feeding recorded traffic). Events
   * older than a window's buckets do not count in that window; events stamped after the clock's
   * now (a skewed recorder) count now, so they can never take a bucket from events yet to come.
   *
   * @param at when they happened
   * @param good events that met the objective
   * @param bad events that did not
   */
  public void record(Instant at, long good, long bad) {
    add(Math.min(at.toEpochMilli(), clock.millis()), good, bad);
  }

  private void add(long millis, long good, long bad) {
    if (good < 0 || bad < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    synchronized (lock) {
      fine.add(millis, good, bad);
      coarse.add(millis, good, bad);
    }
  }

  /**
   * Failed share of the events in a window.
   *
   * @param window up to 3 days
   * @return the ratio, 0 when there were no events
   */
  public double errorRatio(Duration window) {
    long[] gb = sums(window);
    long total = gb[0] + gb[1];
    return total == 0 ? 0 : (double) gb[1] / total;
  }

  /**
   * Events in a window.
   *
   * @param window up to 3 days
   * @return good plus bad events
   */
  public long events(Duration window) {
    long[] gb = sums(window);
    return gb[0] + gb[1];
  }

  /**
   * How fast the budget burns in a window: the error ratio over the budget. 1 spends the budget
   * exactly over the SLO period; 14.4 spends 2 % of a 30-day budget in an hour.
   *
   * @param window up to 3 days
   * @return the burn rate, 0 when there were no events
   */
  public double burnRate(Duration window) {
    return errorRatio(window) / slo.budget();
  }

  /**
   * Share of the last 3 days' budget left: 1 untouched, 0 spent, negative overspent.
   *
   * @return the remaining share
   */
  public double remaining() {
    return 1 - burnRate(W3D);
  }

  /**
   * The alert level the multi-window rules give now.
   *
   * @return NONE, TICKET or PAGE
   */
  public Severity evaluate() {
    if (fires(W1H, W5M, 14.4) || fires(W6H, W30M, 6)) {
      return Severity.PAGE;
    }
    if (fires(W3D, W6H, 1)) {
      return Severity.TICKET;
    }
    return Severity.NONE;
  }

  private boolean fires(Duration longWindow, Duration shortWindow, double threshold) {
    return events(longWindow) >= minEvents
        && burnRate(longWindow) > threshold
        && burnRate(shortWindow) > threshold;
  }

  private long[] sums(Duration window) {
    if (window.compareTo(Duration.ZERO) <= 0 || window.compareTo(W3D) > 0) {
      throw new IllegalArgumentException("window must be within (0, 3 days], got " + window);
    }
    long now = clock.millis();
    synchronized (lock) {
      return window.compareTo(W6H) <= 0 ? fine.sum(now, window.toMillis()) : coarse.sum(now, window.toMillis());
    }
  }

  /** A ring of time buckets; not thread-safe on its own. */
  private static final class Ring {
    private final long width;
    private final long[] start;
    private final long[] good;
    private final long[] bad;

    Ring(long width, int slots) {
      this.width = width;
      this.start = new long[slots];
      this.good = new long[slots];
      this.bad = new long[slots];
      java.util.Arrays.fill(start, Long.MIN_VALUE);
    }

    void add(long now, long g, long b) {
      long bucket = Math.floorDiv(now, width);
      int i = (int) Math.floorMod(bucket, (long) start.length);
      if (start[i] > bucket) {
        return; // older than this ring keeps: the slot already holds a newer bucket
      }
      if (start[i] != bucket) {
        start[i] = bucket;
        good[i] = 0;
        bad[i] = 0;
      }
      good[i] += g;
      bad[i] += b;
    }

    long[] sum(long now, long windowMillis) {
      long current = Math.floorDiv(now, width);
      long buckets = Math.max(1, Math.floorDiv(windowMillis + width - 1, width));
      long oldest = current - buckets + 1;
      long g = 0;
      long b = 0;
      for (int i = 0; i < start.length; i++) {
        if (start[i] >= oldest && start[i] <= current) {
          g += good[i];
          b += bad[i];
        }
      }
      return new long[] {g, b};
    }
  }
}
