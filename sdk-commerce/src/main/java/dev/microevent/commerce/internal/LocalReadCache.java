package dev.microevent.commerce.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.microevent.commerce.Inventory;
import dev.microevent.commerce.InventoryUpdate;
import dev.microevent.commerce.ReadCache;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.commerce.ReadCacheStats;
import dev.microevent.commerce.Sku;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local read cache. A Caffeine cache holds one entry per path, each kept for its own
 * lifetime (freshness plus the stale window its {@code Cache-Control} allows, capped by the
 * configured staleness bound), with Caffeine's clock read from the injected clock. A read is
 * answered:
 *
 * <ol>
 *   <li>locally from a fresh copy;
 *   <li>locally from a stale copy within {@code stale-while-revalidate}, while one background
 *       refresh runs on the refresh executor;
 *   <li>locally from a stale copy within the configured staleness bound, when the share of reads
 *       answered locally is behind the local-read target (the weight steers: it acts as the
 *       client's {@code max-stale}, RFC 9111 §5.2.1.2, and never overrides {@code no-store}, {@code
 *       no-cache} or {@code must-revalidate}): a copy stale by less than the steered refresh
 *       interval at no cost; an older one only when the share trails the target by a read or more,
 *       and then with one background refresh of its key per interval at most. So the weight spares
 *       the uplink instead of moving every local answer's request into the background;
 *   <li>by the backend otherwise, with one load per key however many readers miss at once
 *       (conditional with {@code If-None-Match} when the copy has an ETag);
 *   <li>locally from a stale copy within {@code stale-if-error}, or with the weight on within the
 *       staleness bound, when that load fails because the backend cannot be reached
 *       (500/502/503/504, connection failure, timeout, no route, shed).
 * </ol>
 *
 * Loads run on the calling thread; a reader that finds a load of its key in progress waits for
 * it. Background refreshes are handed to the executor only when their turn comes, so a virtual
 * scheduler runs them inside {@code advance}.
 *
 * <p>A copy's age follows RFC 9111 §4.2.3 without the apparent age ({@code Date} against the
 * device clock, which a skewed venue clock would falsify): it counts from when the request was
 * sent, less the {@code Age} the response arrived with, so the response delay is part of it. The
 * cache keys on the path alone: every request it sends for a path carries the same fields but the
 * per-attempt trace context, so a {@code Vary} is satisfied by construction unless it names
 * {@code *} or the trace context, and then the response is never kept. All durations are at most
 * 2^31 s ({@link CacheControl#MAX_DELTA}), so their nanosecond arithmetic cannot overflow.
 *
 * <p>The plane may steer the local-read weight, the staleness bound and the steered refresh
 * interval ({@link #configure}): the settings are swapped whole and each read takes them once, from
 * the next read on, without a lock. The number of entries stays what the builder set.
 */
final class LocalReadCache implements ReadCache {
  private static final Logger log = LoggerFactory.getLogger(LocalReadCache.class);
  /** Reads per window of the local-share check. */
  static final int SHARE_WINDOW = 1000;
  /** One read in the fixed-point units of the steering credit. */
  private static final long ONE_READ = 1_000_000L;
  /**
   * How far (in reads) the steering credit may run ahead or behind: the weight makes up for at
   * most this many reads answered by the backend, and a long run of fresh hits cannot postpone
   * steering by more than this.
   */
  private static final long CREDIT_LIMIT = 10 * ONE_READ;

  /** Sends one GET of the cache (the core client's {@code Intent.READ} call). */
  private final Function<EdgeRequest, EdgeResponse> backendCall;
  /** The settings in force; swapped whole by {@link #configure}. */
  private volatile Tuning tuning;
  private final ClockTicker ticker;
  private final Executor refreshExecutor;
  private final CommerceMeters meters;
  private final Cache<String, Entry> store;
  private final ConcurrentMap<String, CompletableFuture<Entry>> loads = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Boolean> refreshing = new ConcurrentHashMap<>();

  private final LongAdder reads = new LongAdder();
  private final LongAdder fresh = new LongAdder();
  private final LongAdder swr = new LongAdder();
  private final LongAdder sie = new LongAdder();
  private final LongAdder steered = new LongAdder();
  private final LongAdder backend = new LongAdder();
  private final LongAdder backendLoads = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private final AtomicLong maxStalenessNanos = new AtomicLong();
  private final AtomicLong windowReads = new AtomicLong();
  private final AtomicLong windowLocal = new AtomicLong();
  /**
   * Reads the cache owes to the target, fixed point: each read adds the target share, each local
   * answer takes one away. Positive means the local share is behind the target.
   */
  private final AtomicLong credit = new AtomicLong();

  /**
   * The settings in force, in the units a read uses.
   *
   * @param config the settings
   * @param creditPerRead the local-read target in {@link #ONE_READ} units
   * @param stalenessBoundNanos {@link ReadCacheConfig#maxStaleness()} in nanoseconds, at most 2^31 s
   * @param steeredRefreshNanos {@link ReadCacheConfig#steeredRefreshInterval()} in nanoseconds, at
   *     most the staleness bound
   */
  private record Tuning(ReadCacheConfig config, long creditPerRead, long stalenessBoundNanos, long steeredRefreshNanos) {
    static Tuning of(ReadCacheConfig config) {
      long bound = nanos(config.maxStaleness());
      return new Tuning(config, Math.round(config.localReadTarget() * ONE_READ), bound,
          Math.min(nanos(config.steeredRefreshInterval()), bound));
    }

    /** Whether the weight is on: it may answer stale copies within a bound above zero. */
    boolean steering() {
      return creditPerRead > 0 && stalenessBoundNanos > 0;
    }
  }

  LocalReadCache(MicroEventClient client, ReadCacheConfig config, Executor refreshExecutor, CommerceMeters meters) {
    this(req -> client.call(Intent.READ, req), client.runtime().clock(), config, refreshExecutor, meters);
  }

  /**
   * A cache over any backend call: the seam where response headers enter the cache, for tests that
   * script or fuzz them.
   */
  LocalReadCache(Function<EdgeRequest, EdgeResponse> backendCall, Clock clock, ReadCacheConfig config,
      Executor refreshExecutor, CommerceMeters meters) {
    this.backendCall = backendCall;
    this.tuning = Tuning.of(config);
    this.ticker = new ClockTicker(clock);
    this.refreshExecutor = refreshExecutor;
    this.meters = meters;
    this.store = Caffeine.newBuilder()
        .maximumSize(config.maximumEntries())
        .ticker(ticker)
        .executor(Runnable::run)
        .expireAfter(new Expiry<String, Entry>() {
          @Override
          public long expireAfterCreate(String key, Entry e, long currentTime) {
            return e.retainNanos(currentTime);
          }

          @Override
          public long expireAfterUpdate(String key, Entry e, long currentTime, long currentDuration) {
            return e.retainNanos(currentTime);
          }

          @Override
          public long expireAfterRead(String key, Entry e, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
    meters.gauge("microevent.commerce.cache.local.share", () -> stats().localShare());
    meters.gauge("microevent.commerce.cache.local.target", () -> tuning.config().localReadTarget());
    meters.gauge("microevent.commerce.cache.entries", store::estimatedSize);
  }

  /**
   * Reads a path through the cache.
   *
   * @param path the GET path
   * @param decoder maps a 2xx body to the value; the same for every read of the path
   * @param <T> the value's type
   * @return the value
   */
  @SuppressWarnings("unchecked") // a path is always read with the same decoder, so its entry holds a T
  <T> T read(String path, Function<byte[], T> decoder) {
    reads.increment();
    Tuning t = tuning;
    long owed = accrue(t);
    Entry e = store.getIfPresent(path);
    // Read the time after the lookup: the ticker is monotonic, so a copy another read stored
    // meanwhile is never younger than now (a negative age would pass as fresh with max-age=0).
    long now = ticker.read();
    if (e != null && !e.rules.noCache()) {
      long age = now - e.bornNanos;
      if (age < e.freshNanos) {
        return (T) local(t, fresh, "fresh", 0, e);
      }
      long staleness = age - e.freshNanos;
      if (!e.rules.mustRevalidate() && within(t, staleness, e.rules.staleWhileRevalidate())) {
        refreshInBackground(path, e);
        return (T) local(t, swr, "stale", staleness, e);
      }
      if (owed > 0 && mayServeSteered(t, e, staleness)) {
        // Copies younger than the refresh interval first, at no cost to the uplink; an older one
        // only when they cannot keep the share within a read of the target, and then its key is
        // refreshed once. Otherwise the read goes to the backend and refreshes the copy itself.
        if (!e.steeredRefreshDue(now, t.steeredRefreshNanos())) {
          return (T) local(t, steered, "steered", staleness, e);
        }
        if (owed >= ONE_READ) {
          if (e.claimSteeredRefresh(now, t.steeredRefreshNanos())) {
            refreshInBackground(path, e);
          }
          return (T) local(t, steered, "steered", staleness, e);
        }
      }
    }
    try {
      Entry loaded = load(path, e, decoder);
      backend.increment();
      meters.count("microevent.commerce.cache.reads", "answer", "backend");
      countWindow(t, false);
      return (T) loaded.value;
    } catch (SdkException failure) {
      if (e != null && backendUnreachable(failure) && !e.rules.noCache() && !e.rules.mustRevalidate()) {
        long staleness = Math.max(0, ticker.read() - e.bornNanos - e.freshNanos);
        if (within(t, staleness, e.rules.staleIfError())) {
          log.debug("serving {} stale by {} ms: {}", path, staleness / 1_000_000, failure.getMessage());
          return (T) local(t, sie, "stale_if_error", staleness, e);
        }
        if (mayServeSteered(t, e, staleness)) {
          // The weight grants max-stale: a copy within the bound beats no answer while the uplink is down.
          log.debug("serving {} stale by {} ms under the local-read weight: {}", path, staleness / 1_000_000,
              failure.getMessage());
          return (T) local(t, steered, "steered", staleness, e);
        }
      }
      throw failure;
    }
  }

  /**
   * Counts a read against the target: the credit grows by the target share (up to {@link
   * #CREDIT_LIMIT}).
   *
   * @return the credit after this read, in {@link #ONE_READ} units: above 0 the local share is
   *     behind the target, so a stale copy may be steered local
   */
  private long accrue(Tuning t) {
    if (t.creditPerRead() == 0) {
      return 0;
    }
    return credit.accumulateAndGet(t.creditPerRead(), (c, add) -> Math.min(c + add, CREDIT_LIMIT));
  }

  /** Whether the weight may answer this copy, stale by this much, locally. */
  private static boolean mayServeSteered(Tuning t, Entry e, long stalenessNanos) {
    return t.steering() && !e.rules.mustRevalidate() && !e.rules.noCache() && stalenessNanos <= t.stalenessBoundNanos();
  }

  private Object local(Tuning t, LongAdder counter, String answer, long stalenessNanos, Entry e) {
    counter.increment();
    if (t.creditPerRead() > 0) {
      credit.accumulateAndGet(ONE_READ, (c, spend) -> Math.max(c - spend, -CREDIT_LIMIT));
    }
    maxStalenessNanos.accumulateAndGet(stalenessNanos, Math::max);
    meters.count("microevent.commerce.cache.reads", "answer", answer);
    if (stalenessNanos > 0) {
      meters.staleness(stalenessNanos);
    }
    countWindow(t, true);
    return e.value;
  }

  /** Whether a copy this stale may be served under a directive that allows {@code allowed}. */
  private static boolean within(Tuning t, long stalenessNanos, Duration allowed) {
    long window = window(t, allowed);
    return window > 0 && stalenessNanos <= window;
  }

  private static long window(Tuning t, Duration allowed) {
    return Math.min(nanos(allowed), t.stalenessBoundNanos());
  }

  /** A duration in nanoseconds, at most 2^31 s: the longest any header can give. */
  private static long nanos(Duration d) {
    return d.compareTo(CacheControl.LONGEST) > 0 ? CacheControl.LONGEST.toNanos() : d.toNanos();
  }

  private static boolean backendUnreachable(SdkException failure) {
    if (failure instanceof HttpServiceException s) {
      int c = s.statusCode();
      return c == 500 || c == 502 || c == 503 || c == 504;
    }
    return !(failure instanceof ResponseMappingException);
  }

  private void refreshInBackground(String path, Entry stale) {
    if (refreshing.putIfAbsent(path, Boolean.TRUE) != null) {
      return;
    }
    try {
      refreshExecutor.execute(() -> {
        try {
          load(path, stale, stale.decoder);
        } catch (SdkException failed) {
          log.debug("background refresh of {} failed; the stale copy stays: {}", path, failed.getMessage());
        } finally {
          refreshing.remove(path);
        }
      });
    } catch (RejectedExecutionException closed) {
      refreshing.remove(path);
    }
  }

  /** Loads a path once for every reader that needs it now. */
  private Entry load(String path, @Nullable Entry prior, Function<byte[], ?> decoder) {
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = loads.putIfAbsent(path, mine);
    if (running != null) {
      coalesced.increment();
      try {
        return running.join();
      } catch (CompletionException ce) {
        if (ce.getCause() instanceof SdkException sdk) {
          throw sdk;
        }
        throw ce;
      }
    }
    try {
      Entry loaded = fetch(path, prior, decoder);
      mine.complete(loaded);
      return loaded;
    } catch (RuntimeException ex) {
      mine.completeExceptionally(ex);
      throw ex;
    } finally {
      loads.remove(path, mine);
    }
  }

  private Entry fetch(String path, @Nullable Entry prior, Function<byte[], ?> decoder) {
    EdgeRequest.Builder req = EdgeRequest.builder("GET", path).header("accept", "application/json");
    String etag = prior == null ? null : prior.rules.etag();
    if (etag != null) {
      req.header("if-none-match", etag);
    }
    backendLoads.increment();
    // RFC 9111 §4.2.3: the age counts from the request, so the response delay is part of it.
    long requestedAt = ticker.read();
    EdgeResponse r = backendCall.apply(req.build());
    if (r.statusCode() == 304) {
      if (prior == null) {
        throw new ResponseMappingException("304 Not Modified for " + path + " without a cached copy to keep", null);
      }
      // RFC 9111 4.3.4: the 304's Cache-Control, when it sends one, replaces the stored one.
      CacheControl sent = CacheControl.of(r.headers());
      Entry renewed = r.headers().containsKey("cache-control")
          ? prior.revalidatedWith(sent, requestedAt)
          : prior.renewed(requestedAt);
      if (renewed.rules.keepable() && !sent.varyNeverMatches()) {
        store.put(path, renewed);
      } else {
        store.invalidate(path);
      }
      return renewed;
    }
    Object value = decoder.apply(r.body());
    CacheControl rules = CacheControl.of(r.headers());
    Entry entry = new Entry(value, requestedAt - rules.initialAge().toNanos(), rules, decoder);
    if (rules.storable() || steerable(tuning, rules)) {
      store.put(path, entry);
    } else {
      store.invalidate(path);
    }
    return entry;
  }

  /**
   * Whether the weight may ever answer this response locally once stale: a 200 is heuristically
   * cacheable (RFC 9111 §4.2.2), so only {@code no-store}, {@code no-cache} and {@code
   * must-revalidate} rule it out.
   */
  private static boolean steerable(Tuning t, CacheControl rules) {
    return t.steering() && rules.keepable() && !rules.noCache() && !rules.mustRevalidate();
  }

  private void countWindow(Tuning t, boolean local) {
    if (local) {
      windowLocal.incrementAndGet();
    }
    if (windowReads.incrementAndGet() >= SHARE_WINDOW) {
      long l = windowLocal.getAndSet(0);
      long n = windowReads.getAndSet(0);
      double share = n == 0 ? 1 : (double) l / n;
      if (share < t.config().localReadTarget()) {
        log.warn("the read cache answered {}% of the last {} reads locally, below the {}% target even with stale "
            + "copies up to maxStaleness; check the backend's Cache-Control (max-age, must-revalidate) for "
            + "catalogue and inventory reads, or raise ReadCacheConfig.maxStaleness",
            Math.round(share * 100), n, Math.round(t.config().localReadTarget() * 100));
      }
    }
  }

  // ---------------------------------------------------------------- ReadCache

  @Override
  public ReadCacheStats stats() {
    return new ReadCacheStats(reads.sum(), fresh.sum(), swr.sum(), steered.sum(), sie.sum(), backend.sum(),
        backendLoads.sum(), coalesced.sum(), Duration.ofNanos(maxStalenessNanos.get()),
        tuning.config().localReadTarget());
  }

  @Override
  public void apply(InventoryUpdate update) {
    Objects.requireNonNull(update, "update");
    Inventory inv = update.inventory();
    String path = Backend.inventoryPath(inv.sku());
    store.asMap().computeIfPresent(path, (k, e) -> e.value instanceof Inventory held && held.version() >= inv.version()
        ? e : e.replacedBy(inv, ticker.read()));
  }

  @Override
  public void invalidate(Sku sku) {
    Objects.requireNonNull(sku, "sku");
    store.invalidate(Backend.productPath(sku));
    store.invalidate(Backend.inventoryPath(sku));
  }

  @Override
  public void invalidateAll() {
    store.invalidateAll();
  }

  @Override
  public void resetStats() {
    for (LongAdder a : new LongAdder[] {reads, fresh, swr, steered, sie, backend, backendLoads, coalesced}) {
      a.reset();
    }
    maxStalenessNanos.set(0);
    credit.set(0);
    windowReads.set(0);
    windowLocal.set(0);
  }

  @Override
  public ReadCacheConfig config() {
    return tuning.config();
  }

  /**
   * Puts other settings into effect from the next read on (the plane steering the cache). The
   * number of entries stays what the cache was built with.
   *
   * @param config the settings
   */
  void configure(ReadCacheConfig config) {
    Tuning next = Tuning.of(Objects.requireNonNull(config, "config"));
    if (!next.equals(tuning)) {
      tuning = next;
      log.debug("read cache settings now {}", config);
    }
  }

  /** One cached response. Immutable. */
  private final class Entry {
    final Object value;
    /** When the response was generated, on the ticker (arrival minus its Age). */
    final long bornNanos;
    final long freshNanos;
    final CacheControl rules;
    final Function<byte[], ?> decoder;
    /**
     * Since when a steered answer from this copy counts toward its next background refresh, on
     * the ticker: when it went stale, then when its last refresh began. The refresh is due one
     * steered refresh interval later, the interval in force at the read.
     */
    private final AtomicLong steeredRefreshFrom;

    Entry(Object value, long bornNanos, CacheControl rules, Function<byte[], ?> decoder) {
      this.value = value;
      this.bornNanos = bornNanos;
      this.freshNanos = rules.freshness().toNanos(); // at most 2^31 s
      this.rules = rules;
      this.decoder = decoder;
      this.steeredRefreshFrom = new AtomicLong(bornNanos + freshNanos);
    }

    /** Whether the copy is stale by the steered refresh interval (or that long after its last refresh began). */
    boolean steeredRefreshDue(long now, long intervalNanos) {
      return now >= steeredRefreshFrom.get() + intervalNanos;
    }

    /**
     * Claims the refresh that is due, for one reader: the next one is due an interval later (a
     * refresh that fails leaves this copy, and the next try waits).
     *
     * @return whether this reader should start it
     */
    boolean claimSteeredRefresh(long now, long intervalNanos) {
      long from = steeredRefreshFrom.get();
      return now >= from + intervalNanos && steeredRefreshFrom.compareAndSet(from, now);
    }

    /** How long Caffeine keeps it: until no rule can use it any more. */
    long retainNanos(long now) {
      Tuning t = tuning;
      long stale;
      if (rules.noCache() || rules.mustRevalidate()) {
        stale = rules.etag() != null ? t.stalenessBoundNanos() : 0;
      } else if (rules.etag() != null || steerable(t, rules)) {
        // kept for revalidation, or for the weight to steer it local within the bound
        stale = t.stalenessBoundNanos();
      } else {
        stale = window(t, rules.staleWhileRevalidate().compareTo(rules.staleIfError()) > 0
            ? rules.staleWhileRevalidate() : rules.staleIfError());
      }
      // Each term is at most 2^31 s (about 2.1e18 ns), so none of this overflows.
      long age = now - bornNanos;
      return Math.max(1, freshNanos + stale - age);
    }

    Entry renewed(long now) {
      return new Entry(value, now, rules.revalidated(), decoder);
    }

    Entry revalidatedWith(CacheControl fresh, long now) {
      return new Entry(value, now - fresh.initialAge().toNanos(), fresh.etag() != null ? fresh : fresh.withEtag(rules.etag()),
          decoder);
    }

    Entry replacedBy(Object newer, long now) {
      return new Entry(newer, now, rules.revalidated(), decoder);
    }
  }
}
