package dev.microevent.slices.internal;

import dev.microevent.core.Outcome;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceBudgetAlert.BurnAlert;
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

/** One slice's (or the default network's) live state: health, counters, latency, budget. */
final class SliceState {
  private final SliceId id;
  private final @Nullable Slice slice;
  private final ErrorBudget budget;
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
  private volatile BurnAlert alert = BurnAlert.NONE;
  private volatile long lastAlertCheckSecond = Long.MIN_VALUE;

  SliceState(SliceId id, @Nullable Slice slice, Instant now) {
    this.id = id;
    this.slice = slice;
    this.budget = new ErrorBudget(slice == null ? 0.99 : slice.availabilityTarget());
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

  /** Records one attempt; returns whether it counted against the slice. */
  boolean record(String intent, Outcome outcome, Duration took, Instant now) {
    attempts.increment();
    byIntent.computeIfAbsent(intent, k -> new LongAdder()).increment();
    latency.record(took);
    // Only the path can fail a slice: a 5xx or 429 is an answer that crossed the slice both ways.
    boolean bad = outcome == Outcome.TIMEOUT || outcome == Outcome.CONNECTION_FAILURE;
    if (bad) {
      failures.increment();
    }
    budget.record(now, !bad);
    return bad;
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

  /** Re-evaluates the burn alert at most once a second; returns the new level when it changed. */
  @Nullable BurnAlert checkAlert(Instant now) {
    long second = now.getEpochSecond();
    if (second == lastAlertCheckSecond) {
      return null;
    }
    lastAlertCheckSecond = second;
    BurnAlert level = budget.alert(now);
    synchronized (this) {
      if (level == alert) {
        return null;
      }
      alert = level;
      return level;
    }
  }

  /** The owner switched to another clock (the core client's): restart the health period on it. */
  synchronized void clockChanged(Instant now) {
    since = now;
  }

  ErrorBudget budget() {
    return budget;
  }

  SliceStatus status(Instant now) {
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
    return new SliceStatus(id, h, r, s, attempts.sum(), failures.sum(), counts, latency.percentile(0.5),
        latency.percentile(0.99), budget.remaining(now), budget.burnRate(now, 60), alert);
  }
}
