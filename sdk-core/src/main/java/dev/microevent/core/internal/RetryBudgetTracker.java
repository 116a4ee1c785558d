package dev.microevent.core.internal;

import dev.microevent.core.RetryBudget;
import java.time.Clock;

/**
 * A Finagle-style retry budget on the injected clock: first attempts deposit {@code ratio}, each
 * retry withdraws one, both expire after {@code ttl}, and {@code minRetriesPerSecond x ttl}
 * retries are always allowed. Memory is one pair of counters per second of the ttl.
 */
final class RetryBudgetTracker {
  private final RetryBudget budget;
  private final Clock clock;
  private final int slots;
  private final long[] slotSecond;
  private final int[] requests;
  private final int[] retries;

  RetryBudgetTracker(RetryBudget budget, Clock clock) {
    this.budget = budget;
    this.clock = clock;
    this.slots = (int) budget.ttl().toSeconds();
    this.slotSecond = new long[slots];
    this.requests = new int[slots];
    this.retries = new int[slots];
    java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
  }

  synchronized void recordRequest() {
    requests[slot(clock.millis() / 1000)]++;
  }

  /** Takes one retry token if the budget allows. */
  synchronized boolean tryRetry() {
    long second = clock.millis() / 1000;
    long totalRequests = 0;
    long totalRetries = 0;
    for (int i = 0; i < slots; i++) {
      if (slotSecond[i] > second - slots) {
        totalRequests += requests[i];
        totalRetries += retries[i];
      }
    }
    double allowed = budget.ratio() * totalRequests + (double) budget.minRetriesPerSecond() * slots;
    if (totalRetries + 1 > allowed) {
      return false;
    }
    retries[slot(second)]++;
    return true;
  }

  private int slot(long second) {
    int i = (int) Math.floorMod(second, (long) slots);
    if (slotSecond[i] != second) {
      slotSecond[i] = second;
      requests[i] = 0;
      retries[i] = 0;
    }
    return i;
  }
}
