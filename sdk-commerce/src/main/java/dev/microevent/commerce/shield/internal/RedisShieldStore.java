package dev.microevent.commerce.shield.internal;

import dev.microevent.commerce.shield.ShieldStore;
import dev.microevent.core.SdkClientException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shield store in Redis, so several app instances share limits and single-use marks. A take
 * is one Lua script (atomic on the server) that mirrors {@link TokenBucket}; a mark is {@code SET
 * NX PX}. Keys expire on their own once idle. Lettuce stays in here. Thread-safe (one
 * multiplexed connection).
 */
public final class RedisShieldStore implements ShieldStore {
  private static final Logger log = LoggerFactory.getLogger(RedisShieldStore.class);

  /** KEYS = buckets; ARGV[1] = now ms; then per bucket: burst, tokens per ms, idle ttl ms. */
  static final String TAKE_SCRIPT = """
      local now = tonumber(ARGV[1])
      local state = {}
      local denied = -1
      local wait = 0
      for i = 1, #KEYS do
        local burst = tonumber(ARGV[3 * i - 1])
        local rate = tonumber(ARGV[3 * i])
        local held = redis.call('HMGET', KEYS[i], 't', 'ts')
        local t = tonumber(held[1])
        local ts = tonumber(held[2])
        if t == nil or ts == nil then t = burst; ts = now end
        if now > ts then t = math.min(burst, t + (now - ts) * rate); ts = now end
        state[i] = {t, ts}
        if denied < 0 and t < 1 then denied = i - 1; wait = math.ceil((1 - t) / rate) end
      end
      for i = 1, #KEYS do
        local t = state[i][1]
        if denied < 0 then t = t - 1 end
        redis.call('HSET', KEYS[i], 't', string.format('%.6f', t), 'ts', string.format('%d', state[i][2]))
        redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3 * i + 1]))
      end
      return {denied, wait}
      """;

  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> connection;
  private final String where;
  private volatile String takeSha;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisShieldStore(RedisClient redis, StatefulRedisConnection<String, String> connection, String where) {
    this.redis = redis;
    this.connection = connection;
    this.where = where;
    this.takeSha = connection.sync().scriptLoad(TAKE_SCRIPT);
  }

  /**
   * Connects; use {@link ShieldStore#redis(URI)}.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379/0}
   * @return the store
   */
  public static RedisShieldStore connect(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String where = uri.getHost() + ":" + uri.getPort();
    RedisClient client = null;
    try {
      client = RedisClient.create(RedisURI.create(uri));
      StatefulRedisConnection<String, String> conn = client.connect();
      conn.setTimeout(Duration.ofSeconds(2));
      log.info("bot shield store connected to redis at {}", where);
      return new RedisShieldStore(client, conn, where);
    } catch (RedisException | IllegalArgumentException e) {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
      throw new SdkClientException("cannot connect the bot shield store to redis at " + where
          + "; check the address and that redis-server runs (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  @Override
  public Take take(List<Bucket> buckets, Instant now) {
    Objects.requireNonNull(buckets, "buckets");
    String[] keys = new String[buckets.size()];
    String[] args = new String[1 + 3 * buckets.size()];
    args[0] = Long.toString(now.toEpochMilli());
    for (int i = 0; i < keys.length; i++) {
      Bucket b = buckets.get(i);
      keys[i] = b.key();
      args[1 + 3 * i] = Integer.toString(b.rule().burst());
      args[2 + 3 * i] = String.format(java.util.Locale.ROOT, "%.12f", b.rule().ratePerMilli());
      long refillAll = (long) Math.ceil(b.rule().burst() / b.rule().ratePerMilli());
      args[3 + 3 * i] = Long.toString(Math.max(1_000, 2 * refillAll));
    }
    List<Object> reply = eval(keys, args);
    int denied = ((Number) reply.get(0)).intValue();
    long wait = ((Number) reply.get(1)).longValue();
    return new Take(denied < 0, denied, Duration.ofMillis(Math.max(0, wait)));
  }

  private List<Object> eval(String[] keys, String[] args) {
    RedisCommands<String, String> sync = connection.sync();
    try {
      try {
        return sync.evalsha(takeSha, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException flushed) {
        takeSha = sync.scriptLoad(TAKE_SCRIPT);
        return sync.evalsha(takeSha, ScriptOutputType.MULTI, keys, args);
      }
    } catch (RedisException e) {
      throw failure("take rate-limit tokens", e);
    }
  }

  @Override
  public boolean claimOnce(String id, Instant keepUntil, Instant now) {
    Objects.requireNonNull(id, "id");
    // A relative TTL: the caller's clock and Redis's may disagree, the length of the wait does not.
    long ttl = Math.max(1, keepUntil.toEpochMilli() - now.toEpochMilli());
    try {
      return "OK".equals(connection.sync().set(id, "1", SetArgs.Builder.nx().px(ttl)));
    } catch (RedisException e) {
      throw failure("mark a token as used", e);
    }
  }

  private SdkClientException failure(String what, RedisException e) {
    return new SdkClientException("could not " + what + " in redis at " + where + " ("
        + e.getClass().getSimpleName() + "); the request was not let through. Check redis-server", e);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
      redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
