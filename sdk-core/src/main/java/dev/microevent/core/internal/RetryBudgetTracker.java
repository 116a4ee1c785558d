package dev.microevent.core.internal;

import dev.microevent.core.RetryBudget;
import dev.microevent.core.time.Ticker;

/**
 * A Finagle-style retry budget on the client's ticker: first attempts deposit {@code ratio}, each
 * retry withdraws one, both expire after {@code ttl}, and {@code minRetriesPerSecond x ttl}
 * retries are always allowed. Memory is one pair of counters per second of the ttl.
 */
final class RetryBudgetTracker {
  private final RetryBudget budget;
  private final Ticker ticker;
  private final int slots;
  private final long[] slotSecond;
  private final int[] requests;
  private final int[] retries;

  RetryBudgetTracker(RetryBudget budget, Ticker ticker) {
    this.budget = budget;
    this.ticker = ticker;
    this.slots = (int) budget.ttl().toSeconds();
    this.slotSecond = new long[slots];
    this.requests = new int[slots];
    this.retries = new int[slots];
    java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
  }

  synchronized void recordRequest() {
    requests[slot(second())]++;
  }

  /** Takes one retry token if the budget allows. */
  synchronized boolean tryRetry() {
    long second = second();
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

  private long second() {
    return Math.floorDiv(ticker.read(), 1_000_000_000L);
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
