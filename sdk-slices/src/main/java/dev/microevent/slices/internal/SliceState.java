package dev.microevent.slices.internal;

import dev.microevent.core.Outcome;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceHealth;
import dev.microevent.slices.SliceHealthEvent;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SliceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One slice's (or the default network's) live state: health, counters, latency, and its error
 * budget (the core's, tracked as {@code slice:<id>} once the steering is attached).
 */
final class SliceState {
  private final SliceId id;
  private final @Nullable Slice slice;
  private volatile @Nullable ErrorBudget budget;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final ConcurrentMap<String, LongAdder> byIntent = new ConcurrentHashMap<>();
  final AtomicInteger passiveFailures = new AtomicInteger();
  final AtomicBoolean probePending = new AtomicBoolean();
  private SliceHealth health = SliceHealth.UP;
  private String reason = "not yet probed";
  private Instant since;
  private int probeFailures;
  private int probeSuccesses;
  private long generation;

  SliceState(SliceId id, @Nullable Slice slice, Instant now) {
    this.id = id;
    this.slice = slice;
    this.since = now;
    if (slice == null) {
      reason = "the device's default network";
    }
  }

  SliceId id() {
    return id;
  }

  @Nullable Slice slice() {
    return slice;
  }

  synchronized SliceHealth health() {
    return health;
  }

  synchronized String reason() {
    return reason;
  }

  /** {@return how many times the health changed: a route's failover is news again once this moved} */
  synchronized long generation() {
    return generation;
  }

  /** The availability target of the slice's budget; 0.99 for the default network. */
  double availabilityTarget() {
    return slice == null ? 0.99 : slice.availabilityTarget();
  }

  /** Records one attempt's counters; returns whether it failed on the path (wire failure, timeout). */
  boolean record(String intent, Outcome outcome, Duration took) {
    attempts.increment();
    byIntent.computeIfAbsent(intent, k -> new LongAdder()).increment();
    latency.record(took);
    // Only the path can fail a slice: a 5xx or 429 is an answer that crossed the slice both ways.
    boolean bad = outcome == Outcome.TIMEOUT || outcome == Outcome.CONNECTION_FAILURE;
    if (bad) {
      failures.increment();
    }
    return bad;
  }

  /** Counts one judged attempt in the slice's error budget (once attached). */
  void judge(boolean good) {
    ErrorBudget b = budget;
    if (b != null) {
      b.record(good);
    }
  }

  /** Sets the health; returns the event when it changed. */
  synchronized @Nullable SliceHealthEvent transition(SliceHealth to, String why, Instant now) {
    if (slice == null) {
      return null;
    }
    if (health == to) {
      reason = why;
      return null;
    }
    SliceHealth from = health;
    health = to;
    generation++;
    reason = why;
    since = now;
    probeFailures = 0;
    probeSuccesses = 0;
    passiveFailures.set(0);
    return new SliceHealthEvent(id, from, to, why, now);
  }

  /** Applies a probe result; returns the event when the health changed. */
  synchronized @Nullable SliceHealthEvent probed(boolean ok, String detail, int unhealthyThreshold,
      int healthyThreshold, Instant now) {
    if (ok) {
      probeFailures = 0;
      probeSuccesses++;
      if (health == SliceHealth.DOWN && probeSuccesses >= healthyThreshold) {
        return transition(SliceHealth.UP, probeSuccesses + " probe(s) in a row succeeded", now);
      }
      if (health == SliceHealth.UP) {
        reason = "probe ok";
      }
      return null;
    }
    probeSuccesses = 0;
    probeFailures++;
    if (health == SliceHealth.UP && probeFailures >= unhealthyThreshold) {
      return transition(SliceHealth.DOWN, probeFailures + " probe(s) in a row failed: " + detail, now);
    }
    return null;
  }

  /** The steering was attached: the core client's clock, and the budget the core keeps for the slice. */
  synchronized void attached(Instant now, ErrorBudget tracked) {
    since = now;
    budget = tracked;
  }

  SliceStatus status() {
    Map<String, Long> counts = new HashMap<>();
    byIntent.forEach((k, v) -> counts.put(k, v.sum()));
    SliceHealth h;
    String r;
    Instant s;
    synchronized (this) {
      h = health;
      r = reason;
      s = since;
    }
    ErrorBudget b = budget;
    return new SliceStatus(id, h, r, s, attempts.sum(), failures.sum(), counts, latency.percentile(0.5),
        latency.percentile(0.99), b == null ? 1 : b.remaining(), b == null ? 0 : b.burnRate(ErrorBudget.W1H),
        b == null ? Severity.NONE : b.evaluate());
  }
}
