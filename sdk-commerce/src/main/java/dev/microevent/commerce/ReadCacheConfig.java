package dev.microevent.commerce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local read cache. Immutable and thread-safe.
 *
 * @param maximumEntries most responses kept; default 10,000
 * @param localReadTarget the local-read weight: the share of reads the cache should answer
 *     locally, 0..1; default 0.7 (the field rule "weight routing so that 70% of reads are served
 *     from local cache on micro-hubs"). It steers: while the measured share is behind it, a read
 *     whose copy is stale beyond the backend's {@code stale-while-revalidate} but within {@code
 *     maxStaleness} is answered locally and refreshed in the background, as if the app had sent
 *     {@code max-stale} (RFC 9111 §5.2.1.2); once the share is reached, such reads go to the
 *     backend again. It never overrides {@code no-store}, {@code no-cache} or {@code
 *     must-revalidate}. Measured and exposed in {@link ReadCacheStats} ({@code steered} counts the
 *     reads it moved) and the {@code microevent.commerce.cache.local.*} gauges; a WARN is logged when
 *     a window of 1,000 reads still falls short. 0 turns steering off (plain RFC 9111 / 5861);
 *     raise it to favour the venue link over freshness, lower it for fast-moving stock.
 * @param maxStaleness the most staleness ever served, whatever the backend's {@code
 *     stale-while-revalidate} and {@code stale-if-error} allow, and how far the local-read weight
 *     may steer; default 60 s. Raise it for long edge outages, lower it for fast-moving stock.
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
