package dev.microevent.commerce.shield;

import dev.microevent.commerce.shield.internal.InMemoryShieldStore;
import dev.microevent.commerce.shield.internal.RedisShieldStore;
import dev.microevent.core.SdkClientException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the bot shield keeps its shared state: token buckets and the single-use marks of
 * proof-of-work solutions and admission tokens. {@link #inMemory()} is the default; {@link
 * #redis(URI)} lets several app instances share limits. Implement it to use another store; both
 * operations must be atomic.
 *
 * <p>Implementations are thread-safe.
 */
public interface ShieldStore extends AutoCloseable {

  /**
   * A store in this process's memory.
   *
   * @return the store
   */
  static ShieldStore inMemory() {
    return new InMemoryShieldStore();
  }

  /**
   * A store in Redis (needs {@code io.lettuce:lettuce-core} on the class path), e.g. {@code
   * redis://127.0.0.1:6379/0}. The store owns its connection; close it when done.
   *
   * @param uri the server
   * @return the store, connected
   * @throws dev.microevent.core.SdkClientException if Redis cannot be reached or Lettuce is missing
   */
  static ShieldStore redis(URI uri) {
    Objects.requireNonNull(uri, "uri");
    try {
      return RedisShieldStore.connect(uri);
    } catch (NoClassDefFoundError missing) {
      throw new SdkClientException(
          "ShieldStore.redis(...) needs io.lettuce:lettuce-core on the class path; add it to the app", missing);
    }
  }

  /**
   * Takes one token from every bucket, or from none if any bucket is empty.
   *
   * @param buckets the buckets, each with its rule
   * @param now the caller's clock reading
   * @return what happened
   */
  Take take(List<Bucket> buckets, Instant now);

  /**
   * Marks an id as used, once.
   *
   * @param id the id (a digest; never personal data)
   * @param keepUntil how long the mark must last (the thing's own expiry)
   * @param now the caller's clock reading
   * @return true the first time, false if it was already marked
   */
  boolean claimOnce(String id, Instant keepUntil, Instant now);

  /** Releases what the store created. Idempotent. */
  @Override
  void close();

  /**
   * One bucket.
   *
   * @param key the store key, e.g. {@code drop-42:client:<digest>}
   * @param rule its limit
   */
  record Bucket(String key, RateRule rule) {

    /**
     * Checks the components.
     *
     * @param key the store key, e.g. {@code drop-42:client:<digest>}
     * @param rule its limit
     */
    public Bucket {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(rule, "rule");
    }
  }

  /**
   * The result of a take.
   *
   * @param granted whether every bucket gave a token
   * @param deniedIndex the first bucket that refused, or -1
   * @param retryAfter when that bucket will have a token again, or zero
   */
  record Take(boolean granted, int deniedIndex, Duration retryAfter) {

    /**
     * Checks the components.
     *
     * @param granted whether every bucket gave a token
     * @param deniedIndex the first bucket that refused, or -1
     * @param retryAfter when that bucket will have a token again, or zero
     */
    public Take {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
