package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.RedisScanLedger;
import dev.microevent.commerce.tickets.internal.SqliteScanLedger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A scan ledger that keeps every admit in a local SQLite file (WAL; an admit is committed before
 * the gate is told to open, and survives the gate process being killed; see {@link Durability}
 * for a power cut) and, optionally, shares the venue's first-scan-wins state through
 * Redis. Made by {@link ScanLedger#sqlite(Path)}, {@link ScanLedger#redis(URI, Path)} or {@link
 * #builder()}; one per gate process and event, shared by its scanner threads. Thread-safe. Close
 * it when the gate shuts down.
 *
 * <pre>{@code
 * try (DurableScanLedger ledger = DurableScanLedger.builder()
 *     .file(Path.of("/var/lib/gate/rooftop-2026-06-13.db"))
 *     .redis(URI.create("redis://10.0.0.5:6379/0"))
 *     .namespace("rooftop-2026-06-13")
 *     .onConflict(c -> log.warn("double admit {}", c))
 *     .build()) {
 *   TicketVerifier gate = TicketVerifier.builder()...ledger(ledger).build();
 * }
 * }</pre>
 *
 * <p>With Redis, a claim is one atomic script on the server, so of many gates exactly one wins.
 * When Redis does not answer within {@link Builder#redisTimeout(Duration)}, the ledger is {@link
 * Mode#DEGRADED}: it decides from its local file (what this gate admitted and what Redis last told
 * it), answers {@link ScanLedger.Claim#offline()} {@code true}, queues the scan with its nonce and
 * retries Redis in the background. On return it sends the queue (re-sending a scan is a no-op:
 * the nonce is kept with it in Redis) and, if Redis lost its data meanwhile, everything it ever
 * admitted. A queued admit that Redis finds beyond the ticket's entries (another gate admitted it
 * meanwhile) becomes a {@link ScanConflict}: recorded, kept in the local file, listed by {@link
 * #conflicts(long)} and given to the conflict listener, never dropped.
 */
public interface DurableScanLedger extends ScanLedger, AutoCloseable {

  /**
   * Where decisions are made now, how many scans wait for Redis and how many conflicts were found.
   *
   * @return the status
   */
  Status status();

  /**
   * Where decisions are made now: {@code status().mode()} without counting the queue (cheap
   * enough to ask on every scan).
   *
   * @return the mode
   */
  default Mode mode() {
    return status().mode();
  }

  /**
   * Tries the shared store now rather than at the next background retry: reconnects, sends the
   * queued scans and reports conflicts. Waits for Redis (not a gate's call: for tests, tools and
   * shutdown). A no-op without Redis. Never throws.
   *
   * @return the status afterwards
   */
  Status sync();

  /**
   * The conflicts this ledger found after a sequence number, oldest first: for catching up an
   * audit log that saw up to {@code afterSequence}.
   *
   * @param afterSequence 0 for all
   * @return the conflicts, complete (read from the local file)
   * @throws TicketException if the local file cannot be read
   */
  List<ScanConflict> conflicts(long afterSequence);

  /**
   * Every conflict this ledger found, oldest first.
   *
   * @return the conflicts
   * @throws TicketException if the local file cannot be read
   */
  default List<ScanConflict> conflicts() {
    return conflicts(0);
  }

  /**
   * How far a consumer of conflicts (the gate's audit log) has recorded them: the highest
   * sequence it confirmed with {@link #conflictsRecorded(long)}, kept in the local file so a
   * restarted gate catches up with {@code conflicts(conflictsRecorded())} and records nothing
   * twice (except one it recorded just before a crash, before it could confirm it).
   *
   * @return the sequence; 0 if nothing was confirmed
   * @throws TicketException if the local file cannot be read
   */
  long conflictsRecorded();

  /**
   * Confirms that every conflict up to a sequence is recorded elsewhere (see {@link
   * #conflictsRecorded()}); a lower sequence than the one held changes nothing.
   *
   * @param sequence the highest sequence recorded
   * @throws TicketException if the local file cannot be written
   */
  void conflictsRecorded(long sequence);

  /**
   * Stops the background retry and closes Redis and the local file. Scans still queued stay in the
   * file and are sent when a ledger opens it again. Idempotent.
   */
  @Override
  void close();

  /**
   * Starts a ledger.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * What an admit survives once the gate was told to open. Either way it is one committed SQLite
   * transaction in the write-ahead log before the claim returns.
   */
  enum Durability {
    /**
     * The default: an admit survives the gate process crashing or being killed ({@code kill -9}):
     * the commit is in the WAL in the operating system's page cache ({@code synchronous=NORMAL}),
     * which a dead process cannot lose, and nothing waits for the disk's flush on the decision
     * path. A power cut or kernel crash of the gate's host may lose the admits of the last moments
     * before it (those the OS had not written out yet; the file stays consistent). Admits Redis
     * decided are also in Redis; those a gate decided alone (no Redis, or Redis unreachable and the
     * ledger degraded) are only in its file, so a ticket admitted just before a power cut could be
     * admitted once more after it.
     */
    PROCESS_CRASH,
    /**
     * An admit survives a power cut too: each decision is flushed to the disk ({@code
     * synchronous=FULL}, one fsync) before the claim returns, so a decision takes at least the
     * disk's flush time (0.1 to 1 ms on an SSD, many ms on a busy or network disk).
     */
    POWER_LOSS
  }

  /** Where decisions are made. */
  enum Mode {
    /** SQLite only: decided in the local file, which is the whole truth (no shared store). */
    LOCAL,
    /** Redis answers: decided atomically across every gate sharing it. */
    SHARED,
    /** Redis is out of reach: decided in the local file, queued for Redis, flagged offline. */
    DEGRADED
  }

  /**
   * A ledger's state.
   *
   * @param mode where decisions are made now
   * @param queued scans decided locally that Redis has not confirmed yet (0 without Redis)
   * @param conflicts conflicts found so far, in all
   * @param degradedSince when Redis was last lost, while {@link Mode#DEGRADED}; else {@code null}
   */
  record Status(Mode mode, long queued, long conflicts, @Nullable Instant degradedSince) {

    /**
     * Validates the parts.
     *
     * @param mode where decisions are made now
     * @param queued scans decided locally that Redis has not confirmed yet (0 without Redis)
     * @param conflicts conflicts found so far, in all
     * @param degradedSince when Redis was last lost, while {@link Mode#DEGRADED}; else {@code null}
     */
    public Status {
      Objects.requireNonNull(mode, "mode");
    }
  }

  /** Builds a {@link DurableScanLedger}. Not thread-safe. */
  final class Builder {
    /** The Redis key prefix unless set. */
    public static final String DEFAULT_NAMESPACE = "microevent:scans";
    /** How long a gate waits for Redis unless set. */
    public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(150);
    /** How often a degraded ledger retries Redis unless set. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9:._-]{1,64}");

    private @Nullable Path file;
    private @Nullable URI redis;
    private String namespace = DEFAULT_NAMESPACE;
    private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private Consumer<ScanConflict> onConflict = c -> { };
    private Clock clock = Clock.systemUTC();
    private Durability durability = Durability.PROCESS_CRASH;

    private Builder() {}

    /**
     * What an admit must survive before the gate is told to open; default {@link
     * Durability#PROCESS_CRASH} (a killed gate process loses no admit, and no decision waits for
     * the disk). Choose {@link Durability#POWER_LOSS} where a gate's host may lose power without a
     * UPS and has no Redis, and its disk flushes fast enough for the queue at the door.
     *
     * @param durability the durability
     * @return this builder
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * The local SQLite file (required): created if missing, reopened after a restart with
     * everything it held. One file per gate process and event; several processes on one host may
     * share a file (claims are transactions).
     *
     * @param file the file
     * @return this builder
     */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Shares first-scan-wins across gates through this Redis (needs {@code
     * io.lettuce:lettuce-core} on the class path), e.g. {@code redis://10.0.0.5:6379/0}; default
     * none (SQLite only). Redis need not be up when the ledger is built: it starts {@link
     * Mode#DEGRADED} and connects when it can.
     *
     * @param uri the server
     * @return this builder
     */
    public Builder redis(URI uri) {
      this.redis = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * The prefix of this ledger's Redis keys; default {@value #DEFAULT_NAMESPACE}. Every gate of
     * an event uses the same one; give each event its own (ticket ids are unique per event only).
     *
     * @param namespace 1..64 characters of {@code [A-Za-z0-9:._-]}
     * @return this builder
     * @throws TicketException if malformed
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new TicketException("a ledger namespace is 1..64 characters of [A-Za-z0-9:._-], got '"
            + (namespace.length() > 80 ? namespace.substring(0, 80) + "..." : namespace) + "'", null);
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * How long a claim waits for Redis before deciding locally (degraded); default 150 ms. Raise
     * it on a slow or loaded link; a gate's worst case is this plus a local decision.
     *
     * @param timeout 10 ms..10 s
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder redisTimeout(Duration timeout) {
      this.redisTimeout = range(timeout, Duration.ofMillis(10), Duration.ofSeconds(10), "redis timeout");
      return this;
    }

    /**
     * How often a degraded ledger tries Redis again (and sends its queue); default 1 s.
     *
     * @param interval 10 ms..1 min
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder retryInterval(Duration interval) {
      this.retryInterval = range(interval, Duration.ofMillis(10), Duration.ofMinutes(1), "retry interval");
      return this;
    }

    /**
     * Hears each conflict once, after it is in the local file, on the thread that synced (the
     * ledger's background thread, or a {@link DurableScanLedger#sync()} caller): the place to
     * append it to the audit log. Keep it short; what it throws is logged and ignored. A conflict
     * found just before a crash may not have been heard: catch up with {@link
     * DurableScanLedger#conflicts(long)} on start. Default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onConflict(Consumer<ScanConflict> listener) {
      this.onConflict = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The clock for when conflicts were found and for forgetting expired code claims; default
     * {@link Clock#systemUTC()}. Scans carry their gate's own time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static Duration range(Duration d, Duration min, Duration max, String what) {
      Objects.requireNonNull(d, what);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new TicketException(what + " must be " + min.toMillis() + " ms.." + max.toSeconds() + " s, got " + d,
            null);
      }
      return d;
    }

    /**
     * Opens the local file and, with Redis, starts connecting (in the background if Redis is not
     * up yet).
     *
     * @return the ledger
     * @throws TicketException if no file was set, the file cannot be opened (not a ledger, not
     *     writable), or Redis is wanted but Lettuce is missing
     */
    public DurableScanLedger build() {
      Path f = file;
      if (f == null) {
        throw new TicketException("a durable scan ledger needs its local file (set file(...))", null);
      }
      URI r = redis;
      if (r == null) {
        return SqliteScanLedger.open(f, durability);
      }
      try {
        return RedisScanLedger.open(new RedisScanLedger.Config(f, r, namespace, redisTimeout, retryInterval,
            onConflict, clock, durability));
      } catch (NoClassDefFoundError missing) {
        throw new TicketException("a Redis scan ledger needs io.lettuce:lettuce-core on the class path; add it to the "
            + "app", missing);
      }
    }
  }
}
