package dev.microevent.commerce;

import java.time.Duration;

/**
 * What the read cache did since it started (or since {@link ReadCache#resetStats()}). Immutable
 * and thread-safe.
 *
 * @param reads reads asked of the cache
 * @param freshHits answered locally from a fresh copy
 * @param staleWhileRevalidate answered locally from a stale copy while one background refresh ran
 * @param steered answered locally from a stale copy past what {@code Cache-Control} allowed but within
 *     {@link ReadCacheConfig#maxStaleness()}, because the local share was behind {@link
 *     ReadCacheConfig#localReadTarget()} or the backend could not be reached (the weight at work);
 *     a copy past {@link ReadCacheConfig#steeredRefreshInterval()} got one background refresh
 * @param staleIfError answered locally from a stale copy because the backend could not be reached
 * @param backendReads answered by the backend (misses, {@code no-cache}, {@code no-store},
 *     expired copies), including readers that waited on another reader's load of the same key
 * @param backendLoads requests actually sent for reads (foreground and background)
 * @param coalesced readers that waited on another reader's load instead of sending their own
 * @param maxServedStaleness the stalest copy answered locally (age beyond freshness)
 * @param localReadTarget the configured target share
 */
public record ReadCacheStats(
    long reads,
    long freshHits,
    long staleWhileRevalidate,
    long steered,
    long staleIfError,
    long backendReads,
    long backendLoads,
    long coalesced,
    Duration maxServedStaleness,
    double localReadTarget) {

  /** {@return reads answered locally} */
  public long localReads() {
    return freshHits + staleWhileRevalidate + steered + staleIfError;
  }

  /** {@return the share of reads answered locally, 0..1 (0 when there were none)} */
  public double localShare() {
    return reads == 0 ? 0 : (double) localReads() / reads;
  }

  /** {@return whether the local share reaches the target} */
  public boolean targetMet() {
    return reads > 0 && localShare() >= localReadTarget;
  }
}
