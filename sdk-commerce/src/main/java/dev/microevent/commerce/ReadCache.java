package dev.microevent.commerce;

/**
 * The local read cache behind {@link Catalog}: honours the backend's {@code Cache-Control}
 * ({@code max-age}, {@code no-store}, {@code no-cache}, {@code must-revalidate}, {@code
 * stale-while-revalidate}, {@code stale-if-error}), refreshes in the background with one load per
 * key however many readers miss at once, serves stale copies within {@link
 * ReadCacheConfig#maxStaleness()} while the edge is down, and steers the share of reads it
 * answers locally towards {@link ReadCacheConfig#localReadTarget()} (the local-read weight), which
 * it measures and exposes in {@link #stats()}. Reached through {@link CommerceClient#cache()}.
 *
 * <p>Thread-safe.
 */
public interface ReadCache {

  /**
   * What the cache did so far.
   *
   * @return a snapshot
   */
  ReadCacheStats stats();

  /**
   * Applies a pushed stock change: the cached inventory is replaced when the update is newer.
   *
   * @param update the change
   */
  void apply(InventoryUpdate update);

  /**
   * Drops everything cached about a product (its page and its stock).
   *
   * @param sku the product
   */
  void invalidate(Sku sku);

  /** Drops everything. */
  void invalidateAll();

  /** Starts counting from zero (for example when the drop opens). */
  void resetStats();

  /**
   * {@return the configuration in force: the builder's, with what the {@code cache} section of the
   * plane's config document sets laid over it (see docs/commerce.md, "Steered from the plane")}
   */
  ReadCacheConfig config();
}
