package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.Records.DecisionRecord;
import dev.microevent.plane.internal.Records.ForwardRecord;
import dev.microevent.plane.internal.Records.GatewayBeat;
import dev.microevent.plane.internal.Records.PlaneBeat;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's planes' shared state in one Redis: every write is one command or one Lua script
 * (atomic), made before the plane answers, so a plane killed after it answered has lost nothing.
 * Keys live under {@code microevent:plane:<venue>:}. Thread-safe (Lettuce's connection is).
 */
public final class RedisStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

  /**
   * KEYS[1] = records hash, KEYS[2] = recent ids; ARGV = id, record, cap. A new id goes to the
   * front of the list, which keeps the newest {@code cap} (their records with them). Playbook runs
   * and alerts are kept so.
   */
  private static final String RECORD_RECENT = """
      local new = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      if new == 1 then
        redis.call('LPUSH', KEYS[2], ARGV[1])
        local old = redis.call('LRANGE', KEYS[2], tonumber(ARGV[3]), -1)
        for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], id) end
        redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
      end
      return new
      """;

  /**
   * KEYS[1] = document hash, KEYS[2] = its log; ARGV = seq, kid, body, sig[, log entry]. Publishes
   * only the next sequence, and appends the log entry with it.
   */
  private static final String PUBLISH = """
      local cur = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
      if cur + 1 ~= tonumber(ARGV[1]) then return 0 end
      redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'kid', ARGV[2], 'body', ARGV[3], 'sig', ARGV[4])
      if #ARGV >= 5 then redis.call('RPUSH', KEYS[2], ARGV[5]) end
      return 1
      """;
  /** KEYS[1] = hand-over list; ARGV[1] = place (from 1), ARGV[2] = encoded hand-over. */
  private static final String APPEND = """
      if redis.call('LLEN', KEYS[1]) + 1 ~= tonumber(ARGV[1]) then return 0 end
      redis.call('RPUSH', KEYS[1], ARGV[2])
      return 1
      """;
  /** KEYS = decisions hash, keys hash, recent list; ARGV = id, key or '', json, cap. */
  private static final String DECIDE = """
      if ARGV[2] ~= '' then
        local earlier = redis.call('HGET', KEYS[2], ARGV[2])
        if earlier then
          local known = redis.call('HGET', KEYS[1], earlier)
          if known then return known end
        end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
      redis.call('LPUSH', KEYS[3], ARGV[1])
      redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
      return ARGV[3]
      """;
  /** KEYS[1] = the claim; ARGV = holder, milliseconds. Nil if claimed now, else the holder. */
  private static final String CLAIM = """
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', tonumber(ARGV[2])) then return false end
      return redis.call('GET', KEYS[1])
      """;
  /** KEYS[1] = the claim; ARGV[1] = holder. Deletes it only if the holder still holds it. */
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """;
  /**
   * KEYS[1] = the run's lease (a claim), KEYS[2] = leased runs hash; ARGV = holder, milliseconds,
   * run id, cap. Takes or renews the lease unless another holds it; lists the run.
   */
  private static final String LEASE = """
      local held = redis.call('GET', KEYS[1])
      if held and held ~= ARGV[1] then return 0 end
      if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then
        return -1
      end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
      redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
      return 1
      """;
  /** KEYS[1] = leased runs hash; ARGV[1] = the leases' key prefix. Id, holder, ... of the lapsed. */
  private static final String LAPSED = """
      local all = redis.call('HGETALL', KEYS[1])
      local out = {}
      for i = 1, #all, 2 do
        if redis.call('EXISTS', ARGV[1] .. all[i]) == 0 then
          out[#out + 1] = all[i]
          out[#out + 1] = all[i + 1]
        end
      end
      return out
      """;
  /** KEYS[1] = the run's lease, KEYS[2] = leased runs hash; ARGV = holder, run id. */
  private static final String END_LEASE = """
      local held = redis.call('GET', KEYS[1])
      if held and held ~= ARGV[1] then return 0 end
      redis.call('DEL', KEYS[1])
      return redis.call('HDEL', KEYS[2], ARGV[2])
      """;
  /** KEYS[1] = gateways hash; ARGV = instance id, json, cap. */
  private static final String BEAT = """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
        return 0
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return 1
      """;

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> redis;
  private final String prefix;
  private final String where;

  private RedisStore(RedisClient client, StatefulRedisConnection<String, byte[]> connection, String venue, String where) {
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
    this.prefix = "microevent:plane:" + venue + ":";
    this.where = where;
  }

  /**
   * Connects.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379/0}
   * @param venue the venue whose planes share this state (a key prefix)
   * @return the store
   * @throws StoreException if Redis cannot be reached
   */
  public static RedisStore connect(URI uri, String venue) {
    String where = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    RedisClient client;
    try {
      client = RedisClient.create(RedisURI.create(uri));
    } catch (RedisException | IllegalArgumentException e) {
      throw new StoreException("cannot use the Redis address " + where + ": " + e.getMessage(), e);
    }
    try {
      StatefulRedisConnection<String, byte[]> conn =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      conn.setTimeout(Duration.ofSeconds(2));
      log.info("plane state in redis at {} (venue {})", where, venue);
      return new RedisStore(client, conn, venue, where);
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new StoreException("cannot reach Redis at " + where + "; check the address and that redis-server runs ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private <T> T io(String what, Function<RedisCommands<String, byte[]>, T> command) {
    try {
      return command.apply(redis);
    } catch (RedisException e) {
      throw new StoreException("Redis at " + where + " failed to " + what + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T decode(byte[] json, Class<T> type) {
    try {
      return PlaneJson.MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new StoreException("a stored " + type.getSimpleName() + " cannot be read; was it written by another version?",
          e);
    }
  }

  @Override
  public boolean recordHeartbeat(GatewayBeat beat) {
    Long ok = io("record a heartbeat", r -> r.eval(BEAT, ScriptOutputType.INTEGER, new String[] {prefix + "gateways"},
        utf8(beat.instanceId()), PlaneJson.write(beat), utf8(Integer.toString(MAX_GATEWAYS))));
    return ok != null && ok == 1;
  }

  @Override
  public List<GatewayBeat> gateways() {
    Map<String, byte[]> all = io("list gateways", r -> r.hgetall(prefix + "gateways"));
    List<GatewayBeat> out = new ArrayList<>();
    all.values().forEach(v -> out.add(decode(v, GatewayBeat.class)));
    out.sort(Comparator.comparing(GatewayBeat::instanceId));
    return out;
  }

  @Override
  public void announcePlane(PlaneBeat beat) {
    io("announce a plane", r -> r.hset(prefix + "planes", beat.planeId(), PlaneJson.write(beat)));
  }

  @Override
  public List<PlaneBeat> planes() {
    Map<String, byte[]> all = io("list planes", r -> r.hgetall(prefix + "planes"));
    List<PlaneBeat> out = new ArrayList<>();
    all.values().forEach(v -> out.add(decode(v, PlaneBeat.class)));
    out.sort(Comparator.comparing(PlaneBeat::planeId));
    return out;
  }

  private String slot(String kind, String scope) {
    return prefix + "doc:" + kind + (scope.isEmpty() ? "" : ":" + scope);
  }

  @Override
  public Optional<SignedDocument> document(String kind, String scope) {
    Map<String, byte[]> h = io("read a document", r -> r.hgetall(slot(kind, scope)));
    byte[] seq = h.get("seq");
    byte[] kid = h.get("kid");
    byte[] body = h.get("body");
    byte[] sig = h.get("sig");
    if (seq == null || kid == null || body == null || sig == null) {
      return Optional.empty();
    }
    return Optional.of(new SignedDocument(kind, Long.parseLong(new String(seq, StandardCharsets.US_ASCII)),
        new String(kid, StandardCharsets.US_ASCII), body, sig));
  }

  @Override
  public boolean publish(String scope, SignedDocument d, byte @Nullable [] logEntry) {
    String slot = slot(d.kind(), scope);
    byte[][] args = logEntry == null
        ? new byte[][] {utf8(Long.toString(d.sequence())), utf8(d.keyId()), d.body(), d.signature()}
        : new byte[][] {utf8(Long.toString(d.sequence())), utf8(d.keyId()), d.body(), d.signature(), logEntry};
    Long ok = io("publish a document", r -> r.eval(PUBLISH, ScriptOutputType.INTEGER,
        new String[] {slot, slot + ":log"}, args));
    return ok != null && ok == 1;
  }

  @Override
  public List<byte[]> log(String kind, String scope, long after, long upTo) {
    if (upTo <= after) {
      return List.of();
    }
    return io("read a document log", r -> r.lrange(slot(kind, scope) + ":log", Math.max(0, after), upTo - 1));
  }

  @Override
  public List<SignedDocument> handovers() {
    List<byte[]> all = io("read the key chain", r -> r.lrange(prefix + "handovers", 0, -1));
    List<SignedDocument> out = new ArrayList<>();
    for (byte[] encoded : all) {
      JsonNode n = PlaneJson.read(encoded, "a stored hand-over");
      try {
        out.add(SignedDocument.parse(n.path("signature").asText(""),
            java.util.Base64.getDecoder().decode(n.path("document").asText(""))));
      } catch (dev.microevent.core.SteeringRejectedException | IllegalArgumentException e) {
        throw new StoreException("a stored key hand-over cannot be read; was it written by another version?", e);
      }
    }
    return out;
  }

  @Override
  public boolean appendHandover(SignedDocument h) {
    byte[] encoded = PlaneJson.write(KeyChain.envelope(h));
    Long ok = io("append to the key chain", r -> r.eval(APPEND, ScriptOutputType.INTEGER,
        new String[] {prefix + "handovers"}, utf8(Long.toString(h.sequence())), encoded));
    return ok != null && ok == 1;
  }

  @Override
  public DecisionRecord logDecision(DecisionRecord d) {
    String key = d.idempotencyKey();
    byte[] kept = io("log a decision", r -> r.eval(DECIDE, ScriptOutputType.VALUE,
        new String[] {prefix + "decisions", prefix + "decision-keys", prefix + "decisions:recent"},
        utf8(d.id()), utf8(key == null ? "" : key), PlaneJson.write(d), utf8(Integer.toString(RECENT_DECISIONS))));
    return kept == null ? d : decode(kept, DecisionRecord.class);
  }

  @Override
  public Optional<DecisionRecord> decision(String id) {
    byte[] v = io("read a decision", r -> r.hget(prefix + "decisions", id));
    return Optional.ofNullable(v).map(b -> decode(b, DecisionRecord.class));
  }

  @Override
  public Optional<DecisionRecord> decisionByKey(String idempotencyKey) {
    byte[] id = io("read a decision key", r -> r.hget(prefix + "decision-keys", idempotencyKey));
    return id == null ? Optional.empty() : decision(new String(id, StandardCharsets.UTF_8));
  }

  @Override
  public List<DecisionRecord> recentDecisions(int limit) {
    int n = Math.max(0, Math.min(limit, RECENT_DECISIONS));
    if (n == 0) {
      return List.of();
    }
    List<byte[]> ids = io("list decisions", r -> r.lrange(prefix + "decisions:recent", 0, n - 1));
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] fields = ids.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toArray(String[]::new);
    List<DecisionRecord> out = new ArrayList<>();
    io("read decisions", r -> r.hmget(prefix + "decisions", fields))
        .forEach(kv -> kv.ifHasValue(v -> out.add(decode(v, DecisionRecord.class))));
    return out;
  }

  @Override
  public Optional<ForwardRecord> record(@Nullable String client, String key) {
    byte[] v = io("read a record", r -> r.hget(recordsHash(client), recordField(client, key)));
    return Optional.ofNullable(v).map(b -> decode(b, ForwardRecord.class));
  }

  @Override
  public ForwardRecord recordIfAbsent(ForwardRecord rec) {
    Boolean set = io("write a record", r -> r.hsetnx(recordsHash(rec.client()), recordField(rec.client(), rec.key()),
        PlaneJson.write(rec)));
    if (Boolean.TRUE.equals(set)) {
      return rec;
    }
    return record(rec.client(), rec.key()).orElse(rec);
  }

  /**
   * The hash of keyed forwards: calls without a client keep today's hash (field: the key alone);
   * scoped ones have their own, so no unscoped key can ever name a client's record.
   */
  private String recordsHash(@Nullable String client) {
    return prefix + (client == null ? "records" : "client-records");
  }

  /** A record's field: the key alone, or the client's length, the client and the key (unambiguous). */
  private static String recordField(@Nullable String client, String key) {
    return client == null ? key : client.length() + ":" + client + key;
  }

  @Override
  public void recordRun(String id, byte[] run) {
    recordRecent("runs", id, run, RECENT_RUNS, "record a playbook run");
  }

  @Override
  public List<byte[]> runs(int limit) {
    return recent("runs", limit, RECENT_RUNS, "playbook runs");
  }

  @Override
  public Map<String, byte[]> runs(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    io("read playbook runs", r -> r.hmget(prefix + "runs", ids.toArray(String[]::new)))
        .forEach(kv -> kv.ifHasValue(v -> out.put(kv.getKey(), v)));
    return out;
  }

  @Override
  public Optional<byte[]> run(String id) {
    return Optional.ofNullable(io("read a playbook run", r -> r.hget(prefix + "runs", id)));
  }

  @Override
  public void recordAlert(String id, ObjectNode alert) {
    recordRecent("alerts", id, PlaneJson.write(alert), RECENT_ALERTS, "record an alert");
  }

  @Override
  public List<ObjectNode> alerts(int limit) {
    return recent("alerts", limit, RECENT_ALERTS, "alerts").stream()
        .map(b -> PlaneJson.readStored(b, "a stored alert")).toList();
  }

  @Override
  public Optional<ObjectNode> alert(String id) {
    return Optional.ofNullable(io("read an alert", r -> r.hget(prefix + "alerts", id)))
        .map(b -> PlaneJson.readStored(b, "a stored alert"));
  }

  private void recordRecent(String kind, String id, byte[] value, int cap, String what) {
    io(what, r -> r.eval(RECORD_RECENT, ScriptOutputType.INTEGER, new String[] {prefix + kind, prefix + kind + ":recent"},
        utf8(id), value, utf8(Integer.toString(cap))));
  }

  /** The newest {@code limit} (at most {@code cap}) records of a kind kept by {@link #RECORD_RECENT}. */
  private List<byte[]> recent(String kind, int limit, int cap, String what) {
    int n = Math.max(0, Math.min(limit, cap));
    if (n == 0) {
      return List.of();
    }
    List<byte[]> ids = io("list " + what, r -> r.lrange(prefix + kind + ":recent", 0, n - 1));
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] fields = ids.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toArray(String[]::new);
    List<byte[]> out = new ArrayList<>();
    io("read " + what, r -> r.hmget(prefix + kind, fields)).forEach(kv -> kv.ifHasValue(out::add));
    return out;
  }

  @Override
  public Optional<String> claim(String key, String holder, Duration ttl) {
    byte[] held = io("claim " + key, r -> r.eval(CLAIM, ScriptOutputType.VALUE, new String[] {prefix + "claim:" + key},
        utf8(holder), utf8(Long.toString(StateStore.claimMillis(ttl)))));
    return Optional.ofNullable(held).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public void release(String key, String holder) {
    io("release " + key, r -> r.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + "claim:" + key},
        utf8(holder)));
  }

  @Override
  public boolean leaseRun(String runId, String holder, Duration ttl) {
    Long ok = io("lease run " + runId, r -> r.eval(LEASE, ScriptOutputType.INTEGER,
        new String[] {prefix + "claim:run:" + runId, prefix + "run-leases"}, utf8(holder),
        utf8(Long.toString(StateStore.claimMillis(ttl))), utf8(runId), utf8(Integer.toString(MAX_LEASED_RUNS))));
    if (ok != null && ok < 0) {
      throw new StoreException("the venue leases " + MAX_LEASED_RUNS + " runs; none more until some end", null);
    }
    return ok != null && ok == 1;
  }

  @Override
  public Map<String, String> lapsedRuns() {
    List<byte[]> flat = io("list lapsed runs", r -> r.eval(LAPSED, ScriptOutputType.MULTI,
        new String[] {prefix + "run-leases"}, utf8(prefix + "claim:run:")));
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(new String(flat.get(i), StandardCharsets.UTF_8), new String(flat.get(i + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void endRunLease(String runId, String holder) {
    io("end the lease of run " + runId, r -> r.eval(END_LEASE, ScriptOutputType.INTEGER,
        new String[] {prefix + "claim:run:" + runId, prefix + "run-leases"}, utf8(holder), utf8(runId)));
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

}
