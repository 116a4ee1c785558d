package dev.microevent.commerce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local read cache. Immutable and thread-safe.
 *
 * @param maximumEntries most responses kept; default 10,000
 * @param localReadTarget the share of reads the cache should answer locally, 0..1; default 0.7
 *     (the field rule "70% of reads from local cache on micro-hubs"). Measured and exposed in
 *     {@link ReadCacheStats}; a WARN is logged when a window of reads falls short.
 * @param maxStaleness the most staleness ever served, whatever the backend's {@code
 *     stale-while-revalidate} and {@code stale-if-error} allow; default 60 s. Raise it for long
 *     edge outages, lower it for fast-moving stock.
 * @see CommerceClient.Builder#readCache(ReadCacheConfig)
 */
public record ReadCacheConfig(int maximumEntries, double localReadTarget, Duration maxStaleness) {

  /** Validates every component. */
  public ReadCacheConfig {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    if (maximumEntries < 1) {
      throw new IllegalArgumentException("maximumEntries must be >= 1, got " + maximumEntries);
    }
    if (!(localReadTarget >= 0 && localReadTarget <= 1)) {
      throw new IllegalArgumentException("localReadTarget must be within 0..1, got " + localReadTarget);
    }
    if (maxStaleness.isNegative()) {
      throw new IllegalArgumentException("maxStaleness must be >= 0, got " + maxStaleness);
    }
  }

  /** 10,000 entries, 70 % local target, 60 s most staleness. */
  public static ReadCacheConfig defaults() {
    return new ReadCacheConfig(10_000, 0.7, Duration.ofSeconds(60));
  }

  /**
   * A copy with another local-read target.
   *
   * @param target 0..1
   * @return the copy
   */
  public ReadCacheConfig withLocalReadTarget(double target) {
    return new ReadCacheConfig(maximumEntries, target, maxStaleness);
  }

  /**
   * A copy with another staleness bound.
   *
   * @param bound 0 or more
   * @return the copy
   */
  public ReadCacheConfig withMaxStaleness(Duration bound) {
    return new ReadCacheConfig(maximumEntries, localReadTarget, bound);
  }

  /**
   * A copy with another size.
   *
   * @param entries 1 or more
   * @return the copy
   */
  public ReadCacheConfig withMaximumEntries(int entries) {
    return new ReadCacheConfig(entries, localReadTarget, maxStaleness);
  }
}
