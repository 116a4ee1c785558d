package dev.microevent.commerce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local read cache. Immutable and thread-safe; build one with {@link #builder()}
 * (which starts from {@link #defaults()}) and derive variants with {@link #toBuilder()}:
 *
 * <pre>{@code
 * ReadCacheConfig cache = ReadCacheConfig.builder().localReadTarget(0.8).maxStaleness(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * <p>Each setting's meaning, default and when to change it are on the {@link Builder}'s methods.
 *
 * @see CommerceClient.Builder#readCache(ReadCacheConfig)
 */
public final class ReadCacheConfig {
  private final int maximumEntries;
  private final double localReadTarget;
  private final Duration maxStaleness;
  private final Duration steeredRefreshInterval;

  private ReadCacheConfig(Builder b) {
    if (b.maximumEntries < 1) {
      throw new IllegalArgumentException("maximumEntries must be >= 1, got " + b.maximumEntries);
    }
    if (!(b.localReadTarget >= 0 && b.localReadTarget <= 1)) {
      throw new IllegalArgumentException("localReadTarget must be within 0..1, got " + b.localReadTarget);
    }
    if (b.maxStaleness.isNegative()) {
      throw new IllegalArgumentException("maxStaleness must be >= 0, got " + b.maxStaleness);
    }
    if (b.steeredRefreshInterval.isNegative()) {
      throw new IllegalArgumentException("steeredRefreshInterval must be >= 0, got " + b.steeredRefreshInterval);
    }
    this.maximumEntries = b.maximumEntries;
    this.localReadTarget = b.localReadTarget;
    this.maxStaleness = b.maxStaleness;
    this.steeredRefreshInterval = b.steeredRefreshInterval;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * 10,000 entries, 70 % local target, 60 s most staleness, steered keys refreshed at most every
   * 10 s.
   *
   * @return the default cache settings
   */
  public static ReadCacheConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding these settings, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Most responses kept.
   *
   * @return 1 or more; default 10,000
   * @see Builder#maximumEntries(int)
   */
  public int maximumEntries() {
    return maximumEntries;
  }

  /**
   * The local-read weight: the share of reads the cache should answer locally.
   *
   * @return 0 to 1, 0 meaning steering is off; default 0.7
   * @see Builder#localReadTarget(double)
   */
  public double localReadTarget() {
    return localReadTarget;
  }

  /**
   * The most staleness ever served, and how far the local-read weight may steer.
   *
   * @return 0 or more; default 60 s
   * @see Builder#maxStaleness(Duration)
   */
  public Duration maxStaleness() {
    return maxStaleness;
  }

  /**
   * How stale a copy the local-read weight answers before it spends a request on it.
   *
   * @return 0 or more; default 10 s
   * @see Builder#steeredRefreshInterval(Duration)
   */
  public Duration steeredRefreshInterval() {
    return steeredRefreshInterval;
  }

  /**
   * A copy with another local-read target; shorthand for {@code toBuilder().localReadTarget(target)
   * .build()}.
   *
   * @param target 0..1
   * @return the copy
   */
  public ReadCacheConfig withLocalReadTarget(double target) {
    return toBuilder().localReadTarget(target).build();
  }

  /**
   * A copy with another staleness bound; shorthand for {@code toBuilder().maxStaleness(bound)
   * .build()}.
   *
   * @param bound 0 or more
   * @return the copy
   */
  public ReadCacheConfig withMaxStaleness(Duration bound) {
    return toBuilder().maxStaleness(bound).build();
  }

  /**
   * A copy with another size; shorthand for {@code toBuilder().maximumEntries(entries).build()}.
   *
   * @param entries 1 or more
   * @return the copy
   */
  public ReadCacheConfig withMaximumEntries(int entries) {
    return toBuilder().maximumEntries(entries).build();
  }

  /**
   * A copy with another refresh interval for keys the local-read weight answers stale; shorthand
   * for {@code toBuilder().steeredRefreshInterval(interval).build()}.
   *
   * @param interval 0 or more
   * @return the copy
   */
  public ReadCacheConfig withSteeredRefreshInterval(Duration interval) {
    return toBuilder().steeredRefreshInterval(interval).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof ReadCacheConfig c
        && maximumEntries == c.maximumEntries
        && Double.compare(localReadTarget, c.localReadTarget) == 0
        && maxStaleness.equals(c.maxStaleness)
        && steeredRefreshInterval.equals(c.steeredRefreshInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maximumEntries, localReadTarget, maxStaleness, steeredRefreshInterval);
  }

  @Override
  public String toString() {
    return "ReadCacheConfig[maximumEntries=" + maximumEntries + ", localReadTarget=" + localReadTarget
        + ", maxStaleness=" + maxStaleness + ", steeredRefreshInterval=" + steeredRefreshInterval + "]";
  }

  /** Builds a {@link ReadCacheConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int maximumEntries = 10_000;
    private double localReadTarget = 0.7;
    private Duration maxStaleness = Duration.ofSeconds(60);
    private Duration steeredRefreshInterval = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(ReadCacheConfig c) {
      maximumEntries = c.maximumEntries;
      localReadTarget = c.localReadTarget;
      maxStaleness = c.maxStaleness;
      steeredRefreshInterval = c.steeredRefreshInterval;
    }

    /**
     * Most responses kept; default 10,000. Raise it for large catalogues, lower it on devices
     * short of memory.
     *
     * @param maximumEntries 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder maximumEntries(int maximumEntries) {
      this.maximumEntries = maximumEntries;
      return this;
    }

    /**
     * The local-read weight: the share of reads the cache should answer locally; default 0.7 (the
     * field rule "weight routing so that 70% of reads are served from local cache on
     * micro-hubs"). It steers: while the measured share is behind it, a read whose copy is stale
     * beyond the backend's {@code stale-while-revalidate} but within {@code maxStaleness} is
     * answered locally, as if the app had sent {@code max-stale} (RFC 9111 §5.2.1.2), copies
     * younger than {@code steeredRefreshInterval} first; once the share is reached, such reads go
     * to the backend again, which refreshes their copies. It never overrides {@code no-store},
     * {@code no-cache} or {@code must-revalidate}. Measured and exposed in {@link ReadCacheStats}
     * ({@code steered} counts the reads it moved) and the {@code microevent.commerce.cache.local.*}
     * gauges; a WARN is logged when a window of 1,000 reads still falls short. 0 turns steering off
     * (plain RFC 9111 / 5861); raise it to favour the venue link over freshness, lower it for
     * fast-moving stock.
     *
     * @param localReadTarget 0 to 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder localReadTarget(double localReadTarget) {
      this.localReadTarget = localReadTarget;
      return this;
    }

    /**
     * The most staleness ever served, whatever the backend's {@code stale-while-revalidate} and
     * {@code stale-if-error} allow, and how far the local-read weight may steer; default 60 s.
     * Raise it for long edge outages, lower it for fast-moving stock.
     *
     * @param maxStaleness 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxStaleness(Duration maxStaleness) {
      this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
      return this;
    }

    /**
     * How stale a copy the local-read weight answers before it spends a request on it; default
     * 10 s. A copy stale by less than this is answered without sending anything. A read that finds
     * an older one goes to the backend (a non-local read, which refreshes the copy), unless the
     * local share trails the target by a read or more: then it is answered locally and its key
     * refreshed once in the background, and not again before another interval has passed (a
     * failed refresh counts). So backend requests are the non-local reads plus at most one
     * background refresh per key and interval, spent only when younger copies cannot keep the
     * share; a key read more often than the interval is answered at most about this stale (plus
     * one round trip), and no answer is ever staler than {@code maxStaleness}. Values above {@code
     * maxStaleness} act as {@code maxStaleness}; 0 steers only copies it refreshes at once. Lower
     * it for fast-moving stock, raise it to spare the venue link further.
     *
     * @param steeredRefreshInterval 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder steeredRefreshInterval(Duration steeredRefreshInterval) {
      this.steeredRefreshInterval = Objects.requireNonNull(steeredRefreshInterval, "steeredRefreshInterval");
      return this;
    }

    /**
     * Checks the values and builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public ReadCacheConfig build() {
      return new ReadCacheConfig(this);
    }
  }
}
