package dev.microevent.benchmarks;

import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.KeyRing;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanLedger;
import dev.microevent.commerce.tickets.Ticket;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.TicketIssuer;
import dev.microevent.commerce.tickets.TicketSigningKey;
import dev.microevent.commerce.tickets.TicketVerifier;
import dev.microevent.commerce.tickets.Verdict;
import dev.microevent.commerce.tickets.VerdictKind;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A gate's decision latency (JMH sample time: every call timed, so p50 and p99 are real
 * percentiles) with the durable scan ledgers, and the floors they stand on, in one run:
 *
 * <ul>
 *   <li>{@link #gateSqlite} / {@link #gateRedis}: {@code TicketVerifier.verify} of a ticket's
 *       text, admitted (signature, checks, the claim): what a scanner waits for, with the
 *       ledgers' default durability ({@link DurableScanLedger.Durability#PROCESS_CRASH});
 *   <li>{@link #gateSqliteFlushed}: the same on a SQLite ledger that flushes every decision to the
 *       disk ({@link DurableScanLedger.Durability#POWER_LOSS}, {@code synchronous=FULL}: what
 *       every SQLite decision did before the default changed);
 *   <li>{@link #gateInMemory}: the same on the in-memory ledger (no file, no network): the floor
 *       of a decision on this machine, its signature and checks and the wait for a core;
 *   <li>{@link #claimSqlite} / {@link #claimSqliteFlushed} / {@link #claimRedis}: the ledger's
 *       claim alone;
 *   <li>{@link #claimSqliteNoDisk}: the SQLite claim with its file in memory ({@code /dev/shm},
 *       tmpfs, where a sync returns at once): the ledger's own cost, without the disk's;
 *   <li>{@link #fsyncFloor}: append 128 bytes to a file and {@code force} it (what a
 *       {@code synchronous=FULL} commit must wait for on this disk);
 *   <li>{@link #redisPingFloor}: one Lettuce round trip to the same Redis.
 * </ul>
 *
 * <p>Every call admits: the tickets allow 65,535 entries and the pool is walked round-robin.
 * Redis is {@code -Dledger.redis=redis://host:port/db}, or a {@code redis-server} from the PATH
 * started on a free loopback port for the run. Files go to {@code java.io.tmpdir}. Run it with
 * {@link ScanLedgerReport}, or {@code java -cp benchmarks.jar org.openjdk.jmh.Main ScanLedgerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ScanLedgerBenchmark {
  static final int POOL = 512;
  private static final EventId EVENT = EventId.of("rooftop-2026-06-13");
  private static final Instant DOORS = Instant.parse("2026-06-13T17:00:00Z");

  private Path dir;
  private Path shmDir;
  private Process redisServer;
  private URI redisUri;
  private DurableScanLedger sqlite;
  private DurableScanLedger sqliteFlushed;
  private DurableScanLedger sqliteNoDisk;
  private DurableScanLedger redis;
  private TicketVerifier sqliteGate;
  private TicketVerifier memoryGate;
  private TicketVerifier sqliteFlushedGate;
  private TicketVerifier redisGate;
  private String[] texts;
  private TicketId[] ids;
  private int next;
  private final EntryRules rules = EntryRules.of(Ticket.MAX_ENTRIES);
  private final GateId gate = GateId.of("bench-1");
  private FileChannel fsyncFile;
  private final ByteBuffer record = ByteBuffer.allocateDirect(128);
  private RedisClient pingClient;
  private StatefulRedisConnection<String, String> ping;

  /**
   * Opens both ledgers (and Redis if needed), issues the tickets, prepares the floors.
   *
   * @throws IOException if the temp files cannot be made
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("scan-ledger-bench");
    String given = System.getProperty("ledger.redis");
    redisUri = given != null ? URI.create(given) : startRedis();
    sqlite = ScanLedger.sqlite(dir.resolve("sqlite.db"));
    sqliteFlushed = DurableScanLedger.builder().file(dir.resolve("sqlite-flushed.db"))
        .durability(DurableScanLedger.Durability.POWER_LOSS).build();
    Path shm = Path.of("/dev/shm");
    shmDir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : dir, "scan-ledger-bench");
    sqliteNoDisk = ScanLedger.sqlite(shmDir.resolve("sqlite.db"));
    // A timeout far above any answer: this measures the Redis path, not the local fallback a late answer takes.
    redis = DurableScanLedger.builder().file(dir.resolve("redis-local.db")).redis(redisUri)
        .namespace("bench:" + System.nanoTime()).redisTimeout(Duration.ofSeconds(5)).build();
    if (redis.status().mode() != DurableScanLedger.Mode.SHARED) {
      throw new IllegalStateException("Redis at " + redisUri + " does not answer");
    }
    TicketSigningKey key = TicketSigningKey.generate();
    TicketIssuer issuer = TicketIssuer.builder().signingKey(key).build();
    texts = new String[POOL];
    ids = new TicketId[POOL];
    for (int i = 0; i < POOL; i++) {
      ids[i] = TicketId.of("T-" + i);
      texts[i] = issuer.issue(Ticket.builder().event(EVENT).id(ids[i]).entries(Ticket.MAX_ENTRIES).validFrom(DOORS)
          .validUntil(DOORS.plus(Duration.ofHours(9))).build());
    }
    Clock clock = Clock.fixed(DOORS.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    KeyRing ring = KeyRing.builder().key(key.publicKey()).build();
    sqliteGate = TicketVerifier.builder().event(EVENT).gate(gate).keys(ring).clock(clock).ledger(sqlite).build();
    memoryGate = TicketVerifier.builder().event(EVENT).gate(gate).keys(ring).clock(clock)
        .ledger(ScanLedger.inMemory()).build();
    sqliteFlushedGate = TicketVerifier.builder().event(EVENT).gate(gate).keys(ring).clock(clock)
        .ledger(sqliteFlushed).build();
    redisGate = TicketVerifier.builder().event(EVENT).gate(gate).keys(ring).clock(clock).ledger(redis).build();
    fsyncFile = FileChannel.open(dir.resolve("fsync.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    pingClient = RedisClient.create(redisUri.toString());
    ping = pingClient.connect();
    if (gateSqlite().kind() != VerdictKind.VALID || gateSqliteFlushed().kind() != VerdictKind.VALID
        || gateRedis().kind() != VerdictKind.VALID) {
      throw new IllegalStateException("a gate does not admit its own tickets");
    }
  }

  private URI startRedis() throws IOException {
    String binary = null;
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator, -1)) {
      if (new File(d, "redis-server").canExecute()) {
        binary = new File(d, "redis-server").getPath();
        break;
      }
    }
    if (binary == null) {
      throw new IllegalStateException("no redis-server on the PATH: install it (apt-get install redis-server) or pass "
          + "-Dledger.redis=redis://host:port/0");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    redisServer = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    URI uri = URI.create("redis://127.0.0.1:" + port + "/0");
    RedisClient probe = RedisClient.create(uri.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try (StatefulRedisConnection<String, String> c = probe.connect()) {
          c.sync().ping();
          return uri;
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"), notYet);
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
      }
    } finally {
      probe.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** Closes everything, stops the Redis it started, deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (redis.status().mode() != DurableScanLedger.Mode.SHARED) {
      System.out.println("note: the Redis ledger fell back to local decisions during this run");
    }
    ping.close();
    pingClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    sqlite.close();
    sqliteFlushed.close();
    sqliteNoDisk.close();
    redis.close();
    try {
      fsyncFile.close();
      if (redisServer != null) {
        redisServer.destroy();
        redisServer.waitFor(10, TimeUnit.SECONDS);
      }
      for (Path d : List.of(shmDir, dir)) {
        try (var files = Files.walk(d)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int nextTicket() {
    next = next + 1 == POOL ? 0 : next + 1;
    return next;
  }

  /**
   * The gate's whole decision on the SQLite ledger.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict gateSqlite() {
    return sqliteGate.verify(texts[nextTicket()]);
  }

  /**
   * The gate's whole decision on the in-memory ledger.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict gateInMemory() {
    return memoryGate.verify(texts[nextTicket()]);
  }

  /**
   * The gate's whole decision on a SQLite ledger flushing every decision to the disk.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict gateSqliteFlushed() {
    return sqliteFlushedGate.verify(texts[nextTicket()]);
  }

  /**
   * The gate's whole decision on the Redis ledger.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict gateRedis() {
    return redisGate.verify(texts[nextTicket()]);
  }

  /**
   * The SQLite ledger's claim alone.
   *
   * @return the claim
   */
  @Benchmark
  public ScanLedger.Claim claimSqlite() {
    return sqlite.claimEntry(ids[nextTicket()], rules, new Scan(gate, DOORS));
  }

  /**
   * The claim alone of a SQLite ledger flushing every decision to the disk.
   *
   * @return the claim
   */
  @Benchmark
  public ScanLedger.Claim claimSqliteFlushed() {
    return sqliteFlushed.claimEntry(ids[nextTicket()], rules, new Scan(gate, DOORS));
  }

  /**
   * The SQLite ledger's claim alone, its file in memory (tmpfs).
   *
   * @return the claim
   */
  @Benchmark
  public ScanLedger.Claim claimSqliteNoDisk() {
    return sqliteNoDisk.claimEntry(ids[nextTicket()], rules, new Scan(gate, DOORS));
  }

  /**
   * The Redis ledger's claim alone.
   *
   * @return the claim
   */
  @Benchmark
  public ScanLedger.Claim claimRedis() {
    return redis.claimEntry(ids[nextTicket()], rules, new Scan(gate, DOORS));
  }

  /**
   * The disk's floor: append a record and force it.
   *
   * @return bytes written
   * @throws IOException if the disk fails
   */
  @Benchmark
  public int fsyncFloor() throws IOException {
    record.clear();
    int n = fsyncFile.write(record);
    fsyncFile.force(false);
    return n;
  }

  /**
   * The network's floor: one round trip to Redis.
   *
   * @return PONG
   */
  @Benchmark
  public String redisPingFloor() {
    return ping.sync().ping();
  }
}
