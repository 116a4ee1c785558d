package dev.microevent.core.internal;

import dev.microevent.core.RetryBudget;
import dev.microevent.core.time.Ticker;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Finagle-style retry budget on the client's ticker: first attempts deposit {@code ratio}, each
 * retry withdraws one, both expire after {@code ttl}, and {@code minRetriesPerSecond x ttl}
 * retries are always allowed. Memory is one pair of counters per second of the ttl.
 *
 * <p>Every call deposits, so {@link #recordRequest} takes no lock: it adds to the current second's
 * counter, which a compare-and-set puts in place once per second. Retries are rare and must never
 * overdraw the budget, so {@link #tryRetry} checks and withdraws under a lock.
 */
final class RetryBudgetTracker {
  private final RetryBudget budget;
  private final Ticker ticker;
  private final int slots;
  /** One second's counts per slot, {@code second mod slots}; null until first used. */
  private final AtomicReferenceArray<Second> seconds;

  /** The counts of one second. */
  private static final class Second {
    final long second;
    final LongAdder requests = new LongAdder();
    /** Read and changed only under the tracker's lock. */
    long retries;

    Second(long second) {
      this.second = second;
    }
  }

  RetryBudgetTracker(RetryBudget budget, Ticker ticker) {
    this.budget = budget;
    this.ticker = ticker;
    this.slots = (int) budget.ttl().toSeconds();
    this.seconds = new AtomicReferenceArray<>(slots);
  }

  void recordRequest() {
    slot(second()).requests.increment();
  }

  /** Takes one retry token if the budget allows. */
  synchronized boolean tryRetry() {
    long second = second();
    long totalRequests = 0;
    long totalRetries = 0;
    for (int i = 0; i < slots; i++) {
      Second s = seconds.get(i);
      if (s != null && s.second > second - slots) {
        totalRequests += s.requests.sum();
        totalRetries += s.retries;
      }
    }
    double allowed = budget.ratio() * totalRequests + (double) budget.minRetriesPerSecond() * slots;
    if (totalRetries + 1 > allowed) {
      return false;
    }
    slot(second).retries++;
    return true;
  }

  private long second() {
    return Math.floorDiv(ticker.read(), 1_000_000_000L);
  }

  /**
   * The counts of {@code second}, replacing those of a second that has expired. A thread that read
   * the ticker a moment before a newer second took the slot counts in the newer one.
   */
  private Second slot(long second) {
    int i = (int) Math.floorMod(second, (long) slots);
    while (true) {
      Second s = seconds.get(i);
      if (s != null && s.second >= second) {
        return s;
      }
      Second fresh = new Second(second);
      if (seconds.compareAndSet(i, s, fresh)) {
        return fresh;
      }
    }
  }
}
