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
 *     maxStaleness} is answered locally, as if the app had sent {@code max-stale} (RFC 9111
 *     §5.2.1.2), copies younger than {@code steeredRefreshInterval} first; once the share is
 *     reached, such reads go to the backend again, which refreshes their copies. It never
 *     overrides {@code no-store}, {@code no-cache} or {@code must-revalidate}. Measured and exposed
 *     in {@link ReadCacheStats} ({@code steered} counts the reads it moved) and the {@code
 *     microevent.commerce.cache.local.*} gauges; a WARN is logged when a window of 1,000 reads
 *     still falls short. 0 turns steering off (plain RFC 9111 / 5861); raise it to favour the
 *     venue link over freshness, lower it for fast-moving stock.
 * @param maxStaleness the most staleness ever served, whatever the backend's {@code
 *     stale-while-revalidate} and {@code stale-if-error} allow, and how far the local-read weight
 *     may steer; default 60 s. Raise it for long edge outages, lower it for fast-moving stock.
 * @param steeredRefreshInterval how stale a copy the local-read weight answers before it spends a
 *     request on it; default 10 s. A copy stale by less than this is answered without sending
 *     anything. A read that finds an older one goes to the backend (a non-local read, which
 *     refreshes the copy), unless the local share trails the target by a read or more: then it is
 *     answered locally and its key refreshed once in the background, and not again before another
 *     interval has passed (a failed refresh counts). So backend requests are the non-local reads
 *     plus at most one background refresh per key and interval, spent only when younger copies
 *     cannot keep the share; a key read more often than the interval is answered at most about
 *     this stale (plus one round trip), and no answer is ever staler than {@code maxStaleness}.
 *     Values above {@code maxStaleness} act as {@code maxStaleness}; 0 steers only copies it
 *     refreshes at once. Lower it for fast-moving stock, raise it to spare the venue link further.
 * @see CommerceClient.Builder#readCache(ReadCacheConfig)
 */
public record ReadCacheConfig(int maximumEntries, double localReadTarget, Duration maxStaleness,
    Duration steeredRefreshInterval) {

  /** The default {@link #steeredRefreshInterval()}. */
  private static final Duration DEFAULT_STEERED_REFRESH_INTERVAL = Duration.ofSeconds(10);

  /** Validates every component. */
  public ReadCacheConfig {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    Objects.requireNonNull(steeredRefreshInterval, "steeredRefreshInterval");
    if (maximumEntries < 1) {
      throw new IllegalArgumentException("maximumEntries must be >= 1, got " + maximumEntries);
    }
    if (!(localReadTarget >= 0 && localReadTarget <= 1)) {
      throw new IllegalArgumentException("localReadTarget must be within 0..1, got " + localReadTarget);
    }
    if (maxStaleness.isNegative()) {
      throw new IllegalArgumentException("maxStaleness must be >= 0, got " + maxStaleness);
    }
    if (steeredRefreshInterval.isNegative()) {
      throw new IllegalArgumentException("steeredRefreshInterval must be >= 0, got " + steeredRefreshInterval);
    }
  }

  /**
   * Settings with the default {@link #steeredRefreshInterval()} (10 s).
   *
   * @param maximumEntries most responses kept
   * @param localReadTarget the local-read weight, 0..1
   * @param maxStaleness the most staleness ever served
   */
  public ReadCacheConfig(int maximumEntries, double localReadTarget, Duration maxStaleness) {
    this(maximumEntries, localReadTarget, maxStaleness, DEFAULT_STEERED_REFRESH_INTERVAL);
  }

  /** 10,000 entries, 70 % local target, 60 s most staleness, steered keys refreshed at most every 10 s. */
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
    return new ReadCacheConfig(maximumEntries, target, maxStaleness, steeredRefreshInterval);
  }

  /**
   * A copy with another staleness bound.
   *
   * @param bound 0 or more
   * @return the copy
   */
  public ReadCacheConfig withMaxStaleness(Duration bound) {
    return new ReadCacheConfig(maximumEntries, localReadTarget, bound, steeredRefreshInterval);
  }

  /**
   * A copy with another size.
   *
   * @param entries 1 or more
   * @return the copy
   */
  public ReadCacheConfig withMaximumEntries(int entries) {
    return new ReadCacheConfig(entries, localReadTarget, maxStaleness, steeredRefreshInterval);
  }

  /**
   * A copy with another refresh interval for keys the local-read weight answers stale.
   *
   * @param interval 0 or more
   * @return the copy
   */
  public ReadCacheConfig withSteeredRefreshInterval(Duration interval) {
    return new ReadCacheConfig(maximumEntries, localReadTarget, maxStaleness, interval);
  }
}
