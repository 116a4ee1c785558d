package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.internal.RedisScript;
import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.TicketException;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.core.internal.Periodic;
import dev.microevent.core.time.Ticker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger shared by every gate through Redis, with this gate's {@link LedgerStore} beside it.
 *
 * <p>{@link DurableScanLedger.Mode#SHARED}: a claim is one call of {@link #SCRIPT} (atomic on the
 * server, so exactly one gate wins), waiting at most the Redis timeout; Redis's answer and the
 * ticket's state are then written to the local file. When Redis fails or is late, the ledger
 * turns {@link DurableScanLedger.Mode#DEGRADED}: claims are decided in the local file (durable,
 * queued, the same nonce as the Redis attempt, so a late Redis execution and the re-send are one
 * scan), and a background thread retries Redis every retry interval. On return it checks Redis's
 * epoch (a random value it keeps under the namespace: missing or changed means Redis lost its
 * data, so every local scan is sent again), sends the queue in order, pipelined and forced (the
 * scan happened), records each conflict Redis reports, and goes back to shared only with an empty
 * queue, so Redis never hears of a ticket after this gate admitted it offline.
 *
 * <p>Lettuce stays in here. One connection, no automatic reconnect (the retry thread reconnects),
 * commands refused at once while disconnected. Thread-safe.
 */
public final class RedisScanLedger implements DurableScanLedger, ListStore.Source {
  private static final Logger log = LoggerFactory.getLogger(RedisScanLedger.class);

  /**
   * One claim, atomic on the server. KEYS[1] = the ticket's hash (entries, exits) or the code's
   * key. ARGV = op (E entry, X exit, C code), nonce, gate, at (µs), entries allowed (E) or the
   * code's time to live in ms (C), re-entry after exit (0/1), forced (0/1: a re-sent scan that
   * happened, recorded even beyond the limit as a conflict), the ticket's time to live in ms.
   * Reply: outcome (G granted, R re-entry, X exit, C conflict, U refused), duplicate (1 if the
   * nonce was known: the outcome is then the one recorded for it), entries used, inside (0/1),
   * first entry's (or the code holder's) gate and time, '' if none. The rule is {@link
   * EntryState}'s.
   */
  static final String SCRIPT = """
      local op, nonce, gate, at = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
      local forced = ARGV[7] == '1'
      if op == 'C' then
        local held = redis.call('GET', KEYS[1])
        if held then
          local hn, hg, ha = string.match(held, '^(.-)|(.-)|(.*)$')
          if hn == nonce then return {'G', '1', 0, '0', hg, ha} end
          if forced then return {'C', '0', 0, '0', hg or '', ha or ''} end
          return {'U', '0', 0, '0', hg or '', ha or ''}
        end
        redis.call('SET', KEYS[1], nonce .. '|' .. gate .. '|' .. ARGV[4], 'PX', ARGV[5])
        return {'G', '0', 0, '0', gate, ARGV[4]}
      end
      local k = KEYS[1]
      local h = redis.call('HMGET', k, 'u', 'in', 'fg', 'fa', 'le', 'n:' .. nonce)
      local used = tonumber(h[1]) or 0
      local inside = h[2] == '1'
      local fg = h[3] or ''
      local fa = h[4] or ''
      local le = tonumber(h[5])
      if h[6] then return {h[6], '1', used, inside and '1' or '0', fg, fa} end
      local out
      if op == 'X' then
        if le == nil or at >= le then inside = false end
        out = 'X'
      else
        if ARGV[6] == '1' and used > 0 and not inside then out = 'R'
        elseif used < tonumber(ARGV[5]) then out = 'G'; used = used + 1
        elseif forced then out = 'C'; used = used + 1
        else return {'U', '0', used, inside and '1' or '0', fg, fa} end
        inside = true
        if fg == '' then fg = gate; fa = ARGV[4] end
        if le == nil or at > le then redis.call('HSET', k, 'le', ARGV[4]) end
      end
      redis.call('HSET', k, 'u', used, 'in', inside and '1' or '0', 'fg', fg, 'fa', fa, 'n:' .. nonce, out)
      redis.call('PEXPIRE', k, ARGV[8])
      return {out, '0', used, inside and '1' or '0', fg, fa}
      """;

  /** How long Redis keeps a ticket's entries after its last scan. */
  static final Duration TICKET_TTL = Duration.ofDays(30);
  /** The least time a re-sent code claim is kept (it may arrive after the code expired). */
  static final Duration MIN_CODE_TTL = Duration.ofMinutes(1);
  /** Scans sent per pipelined batch on sync. */
  static final int BATCH = 256;
  private static final String EPOCH_META = "redis-epoch";

  /**
   * What the builder collected.
   *
   * @param file the local file
   * @param redis the server
   * @param namespace the key prefix
   * @param redisTimeout how long a claim waits for Redis
   * @param retryInterval how often a degraded ledger retries
   * @param onConflict the conflict listener
   * @param clock the clock
   * @param durability what a local decision must survive
   */
  public record Config(Path file, URI redis, String namespace, Duration redisTimeout, Duration retryInterval,
      Consumer<ScanConflict> onConflict, Clock clock, Durability durability) {}

  private final Config config;
  private final LedgerStore store;
  private final RedisClient client;
  private final String where;
  private final RedisScript script;
  private final Nonces nonces = new Nonces();
  private final Duration batchTimeout;
  private final Object modeLock = new Object();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final ScheduledExecutorService retry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private volatile Mode mode = Mode.DEGRADED;
  private volatile @Nullable Periodic retrying;
  private volatile @Nullable Instant degradedSince;

  private RedisScanLedger(Config config, LedgerStore store, RedisClient client, String where) {
    this.config = config;
    this.store = store;
    this.client = client;
    this.where = where;
    this.script = new RedisScript(SCRIPT);
    this.batchTimeout = max(Duration.ofSeconds(2), config.redisTimeout().multipliedBy(10));
    this.degradedSince = config.clock().instant();
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "microevent-scan-ledger-sync");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens the local file, tries Redis once (bounded by its connect timeout) and starts the retry
   * thread; use {@link DurableScanLedger#builder()}.
   *
   * @param config the configuration
   * @return the ledger, shared if Redis answered, else degraded
   * @throws TicketException if the file cannot be opened or the URI is not a Redis URI
   */
  public static RedisScanLedger open(Config config) {
    Objects.requireNonNull(config, "config");
    String where = config.redis().getHost() + ":" + config.redis().getPort();
    RedisURI uri;
    try {
      uri = RedisURI.create(config.redis());
    } catch (RuntimeException e) {
      throw new TicketException("not a Redis URI: " + where + " (" + e.getMessage() + "); use redis://host:port/db",
          e);
    }
    LedgerStore store = LedgerStore.open(config.file(), config.durability());
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(max(Duration.ofSeconds(1), config.redisTimeout())).build())
        .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
        .build());
    RedisScanLedger ledger = new RedisScanLedger(config, store, client, where);
    ledger.sync();
    ledger.retrying = Periodic.every(ledger.retry, config.retryInterval(), config.retryInterval(),
        "scan ledger sync with Redis at " + where, ledger::tick);
    log.info("scan ledger at {} opened, Redis at {} ({})", config.file(), where, ledger.mode);
    return ledger;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ---- claims

  @Override
  public Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan) {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(scan, "scan");
    String nonce = nonces.next();
    SharedAnswer a = shared(ticketKey(ticket), "E", nonce, scan, Integer.toString(rules.entries()),
        rules.reentryAfterExit() ? "1" : "0");
    if (a != null) {
      store.recordShared(LedgerStore.Op.ENTRY, ticket, rules, -1, Instant.EPOCH, scan, nonce, a);
      return answer(a, scan);
    }
    return local(() -> store.decideEntry(ticket, rules, scan, nonce, true));
  }

  @Override
  public Claim claimExit(TicketId ticket, Scan scan) {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(scan, "scan");
    String nonce = nonces.next();
    SharedAnswer a = shared(ticketKey(ticket), "X", nonce, scan, "1", "0");
    if (a != null) {
      store.recordShared(LedgerStore.Op.EXIT, ticket, EntryRules.of(1), -1, Instant.EPOCH, scan, nonce, a);
      return Claim.grant(false);
    }
    return local(() -> store.decideExit(ticket, scan, nonce, true));
  }

  @Override
  public Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan) {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    Objects.requireNonNull(scan, "scan");
    String nonce = nonces.next();
    SharedAnswer a = shared(codeKey(ticket, timeStep), "C", nonce, scan, codeTtl(scan.at(), forgetAfter), "0");
    if (a != null) {
      store.recordShared(LedgerStore.Op.CODE, ticket, EntryRules.of(1), timeStep, forgetAfter, scan, nonce, a);
      return answer(a, scan);
    }
    return local(() -> store.decideCode(ticket, timeStep, forgetAfter, scan, nonce, true));
  }

  private static Claim answer(SharedAnswer a, Scan scan) {
    if (a.granted()) {
      return Claim.grant(false);
    }
    Scan kept = a.kept();
    return Claim.refuse(kept == null ? scan : kept, false);
  }

  /** Decides in the local file; serialized with the switch back to shared, so no queued scan is left behind it. */
  private Claim local(Supplier<Claim> decide) {
    synchronized (modeLock) {
      return decide.get();
    }
  }

  /** Asks Redis, or answers null (and turns degraded) if it is not there or not in time. */
  private @Nullable SharedAnswer shared(String key, String op, String nonce, Scan scan, String limit, String reentry) {
    StatefulRedisConnection<String, String> c = connection;
    if (mode != Mode.SHARED || c == null) {
      return null;
    }
    try {
      List<Object> reply = script.eval(c.sync(), new String[] {key},
          args(op, nonce, scan, limit, reentry, false));
      return parse(reply);
    } catch (RuntimeException e) {
      degrade(e);
      return null;
    }
  }

  private String[] args(String op, String nonce, Scan scan, String limit, String reentry, boolean forced) {
    return new String[] {op, nonce, scan.gate().value(), Long.toString(Micros.of(scan.at())), limit, reentry,
        forced ? "1" : "0", Long.toString(TICKET_TTL.toMillis())};
  }

  private static String codeTtl(Instant at, Instant forgetAfter) {
    long ms = Duration.between(at, forgetAfter).toMillis();
    return Long.toString(Math.max(MIN_CODE_TTL.toMillis(), ms));
  }

  private String ticketKey(TicketId ticket) {
    return config.namespace() + ":t:" + ticket.value();
  }

  private String codeKey(TicketId ticket, long step) {
    return config.namespace() + ":c:" + ticket.value() + ":" + step;
  }

  /** Reads the script's reply; anything else is a failure of Redis (and turns the ledger degraded). */
  static SharedAnswer parse(List<Object> reply) {
    if (reply.size() != 6) {
      throw new IllegalStateException("unexpected reply from the ledger script: " + reply.size() + " parts");
    }
    SharedAnswer.Outcome outcome = SharedAnswer.Outcome.of(text(reply.get(0)));
    if (outcome == null) {
      throw new IllegalStateException("unexpected outcome from the ledger script");
    }
    boolean duplicate = "1".equals(text(reply.get(1)));
    Object used = reply.get(2);
    if (!(used instanceof Long u) || u < 0 || u > Integer.MAX_VALUE) {
      throw new IllegalStateException("unexpected entry count from the ledger script");
    }
    boolean inside = "1".equals(text(reply.get(3)));
    String gate = text(reply.get(4));
    String at = text(reply.get(5));
    // Both empty: no entry yet. Anything else must parse (a GateId, a decimal), or the reply counts as a failure.
    Scan kept = gate.isEmpty() && at.isEmpty() ? null
        : new Scan(GateId.of(gate), Micros.instant(Long.parseLong(at)));
    if (kept == null && outcome == SharedAnswer.Outcome.CONFLICT) {
      throw new IllegalStateException("the ledger script reported a conflict without the scan it kept");
    }
    return new SharedAnswer(outcome, duplicate, (int) (long) u, inside, kept);
  }

  private static String text(@Nullable Object o) {
    if (o instanceof String s && s.length() <= 128) {
      return s;
    }
    throw new IllegalStateException("unexpected value in the ledger script's reply");
  }

  private void degrade(Exception cause) {
    synchronized (modeLock) {
      if (mode == Mode.SHARED) {
        mode = Mode.DEGRADED;
        degradedSince = config.clock().instant();
        log.warn("Redis at {} is out of reach ({}): deciding on the local ledger and queueing scans", where,
            cause.toString());
      }
    }
  }

  // ---- sync

  private void tick() {
    try {
      if (!closed.get() && syncLock.tryLock()) {
        try {
          syncOnce();
        } finally {
          syncLock.unlock();
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("the scan ledger's sync failed; retrying in {}", config.retryInterval(), e);
    }
  }

  @Override
  public Status sync() {
    if (!closed.get()) {
      syncLock.lock();
      try {
        syncOnce();
      } catch (RuntimeException e) {
        log.warn("scan ledger sync with Redis at {} failed: {}", where, e.toString());
      } finally {
        syncLock.unlock();
      }
    }
    return status();
  }

  private void syncOnce() {
    StatefulRedisConnection<String, String> c = connection;
    if (mode == Mode.SHARED && c != null && c.isOpen() && store.queuedCount() == 0) {
      return;
    }
    if (c == null || !c.isOpen()) {
      // Lost while idle (a restart closes every connection): decide locally until the epoch check and the queue are
      // through, or a claim on the new connection could beat this gate's own scans to an emptied Redis.
      degrade(new IllegalStateException("the connection to Redis closed"));
    }
    c = connect();
    if (c == null) {
      return;
    }
    try {
      RedisCommands<String, String> redis = c.sync();
      redis.ping();
      checkEpoch(redis);
      script.load(redis);
      long sent = 0;
      long conflicts = 0;
      while (!closed.get()) {
        List<LedgerStore.Queued> batch = store.queued(BATCH);
        List<ScanConflict> found;
        boolean back = false;
        boolean empty = false;
        if (batch.size() < BATCH) {
          // The last batch: send it with local decisions held back (they take this lock), so the queue is empty
          // when the ledger goes shared. Gates wait at most one batch, and only while they are degraded anyway.
          synchronized (modeLock) {
            batch = store.queued(BATCH);
            found = batch.isEmpty() ? List.of() : store.settle(send(c, batch), config.clock().instant());
            if (store.queuedCount() == 0) {
              empty = true;
              back = mode != Mode.SHARED;
              mode = Mode.SHARED;
              degradedSince = null;
            }
          }
        } else {
          found = store.settle(send(c, batch), config.clock().instant());
        }
        sent += batch.size();
        conflicts += found.size();
        for (ScanConflict conflict : found) {
          announce(conflict);
        }
        if (empty) {
          if (back) {
            log.info("Redis at {} is back: {} queued scans sent, {} conflicts found; deciding shared again", where,
                sent, conflicts);
          }
          return;
        }
      }
    } catch (RuntimeException e) {
      degrade(e);
      drop(c);
      log.debug("sync with Redis at {} stopped: {}", where, e.toString());
    }
  }

  /** The open connection, a new one, or null if Redis is not there. */
  private @Nullable StatefulRedisConnection<String, String> connect() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null && c.isOpen()) {
      return c;
    }
    if (c != null) {
      drop(c);
    }
    try {
      c = client.connect();
      c.setTimeout(config.redisTimeout());
      connection = c;
      return c;
    } catch (RuntimeException e) {
      log.debug("Redis at {} not reachable yet: {}", where, e.toString());
      return null;
    }
  }

  private void drop(StatefulRedisConnection<String, String> c) {
    if (connection == c) {
      connection = null;
    }
    try {
      c.close();
    } catch (RuntimeException e) {
      log.debug("closing a broken Redis connection: {}", e.toString());
    }
  }

  /** If Redis lost its data since this ledger last synced (its epoch is missing or new), queues every scan again. */
  private void checkEpoch(RedisCommands<String, String> redis) {
    String key = config.namespace() + ":epoch";
    String epoch = redis.get(key);
    if (epoch == null) {
      redis.set(key, UUID.randomUUID().toString(), SetArgs.Builder.nx());
      epoch = redis.get(key);
    }
    if (epoch == null) {
      throw new IllegalStateException("Redis did not keep the ledger's epoch");
    }
    if (!epoch.equals(store.meta(EPOCH_META).orElse(null))) {
      int again = store.requeueAll();
      store.meta(EPOCH_META, epoch);
      if (again > 0) {
        log.warn("Redis at {} has lost the ledger (new epoch): sending all {} scans of this gate again", where, again);
      }
    }
  }

  /** Sends a batch pipelined, forced (these scans happened); waits for every answer. */
  private List<LedgerStore.Settled> send(StatefulRedisConnection<String, String> c, List<LedgerStore.Queued> batch) {
    RedisAsyncCommands<String, String> async = c.async();
    List<RedisFuture<List<Object>>> replies = new ArrayList<>(batch.size());
    for (LedgerStore.Queued q : batch) {
      String[] a = switch (q.op()) {
        case ENTRY, REENTRY -> args("E", q.nonce(), q.scan(), Integer.toString(q.rules().entries()),
            q.rules().reentryAfterExit() ? "1" : "0", true);
        case EXIT -> args("X", q.nonce(), q.scan(), "1", "0", true);
        case CODE -> args("C", q.nonce(), q.scan(), codeTtl(q.scan().at(), Micros.instant(q.forgetMicros())), "0", true);
      };
      String key = q.op() == LedgerStore.Op.CODE ? codeKey(q.ticket(), q.step()) : ticketKey(q.ticket());
      replies.add(async.evalsha(script.sha(), ScriptOutputType.MULTI, new String[] {key}, a));
    }
    // the batch waits on a real Redis connection: real time bounds it
    Ticker ticker = Ticker.system();
    long deadline = ticker.read() + batchTimeout.toNanos();
    List<LedgerStore.Settled> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      try {
        List<Object> reply = replies.get(i).get(Math.max(1, deadline - ticker.read()), TimeUnit.NANOSECONDS);
        out.add(new LedgerStore.Settled(batch.get(i), parse(reply)));
      } catch (ExecutionException e) {
        throw new IllegalStateException("Redis refused a queued scan: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("Redis did not answer the queued scans within " + batchTimeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending queued scans", e);
      }
    }
    return out;
  }

  private void announce(ScanConflict conflict) {
    log.warn("scan conflict #{}: ticket {} admitted at gate {} at {} although Redis holds {} at {} as first ({})",
        conflict.sequence(), conflict.ticket(), conflict.collided().gate(), conflict.collided().at(),
        conflict.kept().gate(), conflict.kept().at(), conflict.kind());
    try {
      config.onConflict().accept(conflict);
    } catch (RuntimeException e) {
      log.warn("the scan conflict listener failed on conflict #{}; it stays listed by conflicts()",
          conflict.sequence(), e);
    }
  }

  // ---- queries and lifecycle

  @Override
  public Status status() {
    return new Status(mode, store.queuedCount(), store.conflictCount(), degradedSince);
  }

  @Override
  public Mode mode() {
    return mode;
  }

  @Override
  public ListStore lists() {
    return store;
  }

  @Override
  public long conflictsRecorded() {
    return store.conflictsRecorded();
  }

  @Override
  public void conflictsRecorded(long sequence) {
    store.conflictsRecorded(sequence);
  }

  @Override
  public List<ScanConflict> conflicts(long afterSequence) {
    return store.conflicts(afterSequence);
  }

  /**
   * Entries used per ticket as the local file holds them (for tests and tools).
   *
   * @return ticket to entries used
   */
  public java.util.Map<TicketId, Integer> entriesUsed() {
    return store.entriesUsed();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Periodic r = retrying;
    if (r != null) {
      r.close();
    }
    retry.shutdownNow();
    syncLock.lock();
    try {
      StatefulRedisConnection<String, String> c = connection;
      if (c != null) {
        drop(c);
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      store.close();
    } finally {
      syncLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "RedisScanLedger{redis=" + where + ", namespace=" + config.namespace() + ", mode=" + mode + "}";
  }
}
