package dev.microevent.slices.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram with logarithmic buckets (x1.5 from 100 µs up to about 18
 * minutes): percentiles are the upper bound of the bucket holding the rank, so within ~50% at
 * worst and usually much closer. Cheap enough for every attempt.
 */
final class LatencyHistogram {
  private static final double FIRST_NANOS = 100_000;
  private static final double FACTOR = 1.5;
  private static final int BUCKETS = 41;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(Duration d) {
    long nanos = Math.max(0, d.toNanos());
    int i = nanos <= FIRST_NANOS ? 0 : (int) Math.ceil(Math.log(nanos / FIRST_NANOS) / Math.log(FACTOR));
    counts.incrementAndGet(Math.min(i, BUCKETS - 1));
  }

  Duration percentile(double p) {
    long total = 0;
    long[] snap = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      snap[i] = counts.get(i);
      total += snap[i];
    }
    if (total == 0) {
      return Duration.ZERO;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snap[i];
      if (seen >= rank) {
        return Duration.ofNanos((long) (FIRST_NANOS * Math.pow(FACTOR, i)));
      }
    }
    return Duration.ofNanos((long) (FIRST_NANOS * Math.pow(FACTOR, BUCKETS - 1)));
  }
}
