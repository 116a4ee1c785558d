package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.RedisServer;
import dev.microevent.commerce.tickets.DurableScanLedger.Mode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates sharing one real {@code redis-server}: 10,000 tickets scanned by two gates at once are
 * each admitted exactly once; with Redis killed (SIGKILL, by PID) mid-run the gates keep deciding
 * on their local files, reconcile when it is back (empty: it had no persistence), and every
 * ticket admitted at both gates is reported as a conflict (the same pair of scans, from both sides
 * at most, when Redis lost its data after the first report); a claim Redis
 * runs after the gate gave up on it is one scan, not two.
 */
class RedisScanLedgerIT {
  private static final int TICKETS = 10_000;
  private static final int SCANNERS_PER_GATE = 2;
  private static final GateId NORTH = GateId.of("north-1");
  private static final GateId SOUTH = GateId.of("south-1");
  private static RedisServer redis;

  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = new RedisServer();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private DurableScanLedger gate(String namespace, GateId gate, Duration redisTimeout, List<ScanConflict> heard) {
    return gate(namespace, gate, redisTimeout, Duration.ofMillis(100), heard);
  }

  private DurableScanLedger gate(String namespace, GateId gate, Duration redisTimeout, Duration retryInterval,
      List<ScanConflict> heard) {
    DurableScanLedger l = DurableScanLedger.builder()
        .file(dir.resolve(namespace + "-" + gate + ".db"))
        .redis(redis.uri())
        .namespace(namespace)
        .redisTimeout(redisTimeout)
        .retryInterval(retryInterval)
        .onConflict(heard::add)
        .build();
    opened.add(0, l);
    return l;
  }

  /** One decision of one gate. */
  private record Decision(int ticket, GateId gate, boolean granted, boolean offline) {}

  /** Scans every ticket once at each gate, each gate in its own random order, on two threads per gate. */
  private static List<Future<?>> scanAll(ExecutorService pool, Map<GateId, DurableScanLedger> gates, long seed,
      ConcurrentLinkedQueue<Decision> decisions, CountDownLatch start) {
    List<Future<?>> running = new ArrayList<>();
    int g = 0;
    for (Map.Entry<GateId, DurableScanLedger> e : gates.entrySet()) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < TICKETS; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed + g++));
      AtomicInteger next = new AtomicInteger();
      for (int s = 0; s < SCANNERS_PER_GATE; s++) {
        running.add(pool.submit(() -> {
          start.await();
          for (int n = next.getAndIncrement(); n < TICKETS; n = next.getAndIncrement()) {
            int i = order.get(n);
            ScanLedger.Claim c = e.getValue().claimEntry(TicketId.of("T-" + i), EntryRules.of(1),
                new Scan(e.getKey(), Instant.now()));
            decisions.add(new Decision(i, e.getKey(), c.granted(), c.offline()));
          }
          return null;
        }));
      }
    }
    return running;
  }

  private static Map<Integer, List<Decision>> admitsByTicket(Iterable<Decision> decisions) {
    Map<Integer, List<Decision>> admits = new HashMap<>();
    for (Decision d : decisions) {
      if (d.granted()) {
        admits.computeIfAbsent(d.ticket(), k -> new ArrayList<>()).add(d);
      }
    }
    return admits;
  }

  @Test
  void twoGatesScanningTheSameTenThousandTicketsAtOnce_admitEachExactlyOnce() throws Exception {
    List<ScanConflict> heard = new CopyOnWriteArrayList<>();
    // A generous timeout: this test is about atomicity, so no claim may fall back to local on a loaded machine.
    Map<GateId, DurableScanLedger> gates = Map.of(
        NORTH, gate("race", NORTH, Duration.ofSeconds(5), heard),
        SOUTH, gate("race", SOUTH, Duration.ofSeconds(5), heard));
    ConcurrentLinkedQueue<Decision> decisions = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(gates.size() * SCANNERS_PER_GATE);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = scanAll(pool, gates, System.nanoTime(), decisions, start);
      start.countDown();
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Map<Integer, List<Decision>> admits = admitsByTicket(decisions);
    long twice = admits.values().stream().filter(a -> a.size() > 1).count();
    long offline = decisions.stream().filter(Decision::offline).count();
    System.out.printf("race IT: %d decisions by 2 gates, %d tickets admitted, %d twice, %d decided offline%n",
        decisions.size(), admits.size(), twice, offline);
    assertThat(decisions).hasSize(2 * TICKETS);
    assertThat(offline).as("claims decided without Redis").isZero();
    assertThat(admits).as("tickets admitted").hasSize(TICKETS);
    assertThat(twice).as("tickets admitted at both gates").isZero();
    for (DurableScanLedger l : gates.values()) {
      assertThat(l.status().mode()).isEqualTo(Mode.SHARED);
      assertThat(l.conflicts()).isEmpty();
    }
    assertThat(heard).isEmpty();
  }

  @Test
  void killingRedisMidRun_gatesKeepDeciding_thenReconcile_andReportEveryCollisionOnce() throws Exception {
    List<ScanConflict> heardNorth = new CopyOnWriteArrayList<>();
    List<ScanConflict> heardSouth = new CopyOnWriteArrayList<>();
    Map<GateId, DurableScanLedger> gates = Map.of(
        NORTH, gate("partition", NORTH, Duration.ofMillis(150), heardNorth),
        SOUTH, gate("partition", SOUTH, Duration.ofMillis(150), heardSouth));
    ConcurrentLinkedQueue<Decision> decisions = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(gates.size() * SCANNERS_PER_GATE);
    int beforeKill;
    int duringOutage;
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = scanAll(pool, gates, System.nanoTime(), decisions, start);
      start.countDown();
      await("3,000 decisions with Redis up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
          .until(() -> decisions.size() >= 3_000);
      redis.kill();
      beforeKill = decisions.size();
      await("both gates degraded and 3,000 decisions without Redis").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> decisions.size() >= beforeKill + 3_000
              && gates.values().stream().allMatch(l -> l.status().mode() == Mode.DEGRADED));
      duringOutage = decisions.size() - beforeKill;
      redis.start();
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    await("both gates reconciled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> gates.values().stream().map(DurableScanLedger::sync)
            .allMatch(s -> s.mode() == Mode.SHARED && s.queued() == 0));

    Map<Integer, List<Decision>> admits = admitsByTicket(decisions);
    Set<Integer> atBothGates = new HashSet<>();
    admits.forEach((ticket, a) -> {
      assertThat(a).as("admits of T-%d", ticket).hasSizeLessThanOrEqualTo(2);
      if (a.size() == 2) {
        assertThat(a.get(0).gate()).as("T-%d admitted twice at one gate", ticket).isNotEqualTo(a.get(1).gate());
        atBothGates.add(ticket);
      }
    });
    List<ScanConflict> north = gates.get(NORTH).conflicts();
    List<ScanConflict> south = gates.get(SOUTH).conflicts();
    Map<Integer, ScanConflict> byNorth = new HashMap<>();
    Map<Integer, ScanConflict> bySouth = new HashMap<>();
    for (ScanConflict c : north) {
      assertThat(c.collided().gate()).isEqualTo(NORTH);
      assertThat(c.kept().gate()).isEqualTo(SOUTH);
      assertThat(byNorth.put(Integer.parseInt(c.ticket().value().substring(2)), c)).as("north reported %s twice", c)
          .isNull();
    }
    for (ScanConflict c : south) {
      assertThat(c.collided().gate()).isEqualTo(SOUTH);
      assertThat(c.kept().gate()).isEqualTo(NORTH);
      assertThat(bySouth.put(Integer.parseInt(c.ticket().value().substring(2)), c)).as("south reported %s twice", c)
          .isNull();
    }
    Set<Integer> reported = new HashSet<>(byNorth.keySet());
    reported.addAll(bySouth.keySet());
    // A pair both gates report is one double admit seen from both sides: a timeout before the kill let both admit
    // and one reported it, then Redis lost its data and the other gate's scan reached it second. Same two scans.
    Set<Integer> fromBothSides = new HashSet<>(byNorth.keySet());
    fromBothSides.retainAll(bySouth.keySet());
    for (int t : fromBothSides) {
      assertThat(byNorth.get(t).kept()).isEqualTo(bySouth.get(t).collided());
      assertThat(bySouth.get(t).kept()).isEqualTo(byNorth.get(t).collided());
    }
    long offline = decisions.stream().filter(Decision::offline).count();
    System.out.printf("partition IT: %d decisions (%d before the kill, %d during the outage, %d offline in all), "
        + "%d tickets admitted, %d at both gates, %d conflicts reported (north %d, south %d; %d pairs from both "
        + "sides)%n", decisions.size(), beforeKill, duringOutage, offline, admits.size(), atBothGates.size(),
        north.size() + south.size(), north.size(), south.size(), fromBothSides.size());

    assertThat(decisions).as("every scan decided, Redis or not").hasSize(2 * TICKETS);
    // Claims in flight at the kill may have had Redis's answer just before it.
    assertThat(offline).as("decided locally while Redis was gone")
        .isGreaterThanOrEqualTo(duringOutage - gates.size() * SCANNERS_PER_GATE);
    assertThat(admits).as("every ticket admitted").hasSize(TICKETS);
    assertThat(atBothGates).as("the outage let both gates admit some tickets").isNotEmpty();
    assertThat(reported).as("every double admit reported, and nothing else").isEqualTo(atBothGates);
    assertThat(heardNorth).as("the listener heard what conflicts() lists").containsExactlyElementsOf(north);
    assertThat(heardSouth).containsExactlyElementsOf(south);
    assertThat(gates.get(NORTH).status().conflicts()).isEqualTo(north.size());

    // The conflicts are in the gate's file: a restarted gate lists the same ones, and a re-sync adds none.
    Path northFile = dir.resolve("partition-" + NORTH + ".db");
    gates.get(NORTH).close();
    try (DurableScanLedger reopened = DurableScanLedger.builder().file(northFile).redis(redis.uri())
        .namespace("partition").build()) {
      assertThat(reopened.sync().queued()).isZero();
      assertThat(reopened.conflicts()).containsExactlyElementsOf(north);
      assertThat(reopened.conflicts(north.isEmpty() ? 0 : north.get(0).sequence())).hasSize(Math.max(0,
          north.size() - 1));
    }
  }

  @Test
  void redisRestartedEmptyWhileTheGatesIdle_theirAdmitsAreSentAgainBeforeTheyDecideShared() throws Exception {
    List<ScanConflict> heard = new CopyOnWriteArrayList<>();
    DurableScanLedger north = gate("idle", NORTH, Duration.ofSeconds(5), heard);
    DurableScanLedger south = gate("idle", SOUTH, Duration.ofSeconds(5), heard);
    for (int i = 0; i < 100; i++) {
      assertThat(north.claimEntry(TicketId.of("T-" + i), EntryRules.of(1), new Scan(NORTH, Instant.now())).granted())
          .isTrue();
    }

    redis.kill();
    redis.start();
    RedisClient admin = RedisClient.create(redis.uri().toString());
    try (StatefulRedisConnection<String, String> c = admin.connect()) {
      await("both gates noticed, re-sent and went back to shared").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> "1".equals(c.sync().hget("idle:t:T-99", "u"))
              && north.status().mode() == Mode.SHARED && south.status().mode() == Mode.SHARED);
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    for (int i = 0; i < 100; i++) {
      ScanLedger.Claim c = south.claimEntry(TicketId.of("T-" + i), EntryRules.of(1), new Scan(SOUTH, Instant.now()));
      assertThat(c.granted()).as("T-%d at south after the restart", i).isFalse();
      assertThat(c.offline()).isFalse();
    }
    assertThat(heard).isEmpty();
  }

  @Test
  void aClaimRedisRunsAfterTheGateGaveUpOnIt_isOneScan_notAConflict() throws Exception {
    List<ScanConflict> heard = new CopyOnWriteArrayList<>();
    // No background retry: the test decides when north syncs, after Redis ran the late claim.
    DurableScanLedger north = gate("late", NORTH, Duration.ofMillis(100), Duration.ofMinutes(1), heard);
    DurableScanLedger south = gate("late", SOUTH, Duration.ofSeconds(5), heard);
    RedisClient admin = RedisClient.create(redis.uri().toString());
    try (StatefulRedisConnection<String, String> c = admin.connect()) {
      // Redis holds every command for 3 s: the gate's claim waits 100 ms, is decided locally and queued, and Redis
      // runs the same claim (same nonce) when the pause ends.
      c.sync().clientPause(3_000);
      ScanLedger.Claim late = north.claimEntry(TicketId.of("T-late"), EntryRules.of(1), new Scan(NORTH, Instant.now()));
      assertThat(late.granted()).isTrue();
      assertThat(late.offline()).isTrue();
      assertThat(north.status().mode()).isEqualTo(Mode.DEGRADED);

      await("Redis ran the late claim").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> "1".equals(c.sync().hget("late:t:T-late", "u")));
      assertThat(north.status().queued()).as("north has not synced yet").isEqualTo(1);
      await("north reconciled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> north.sync().mode() == Mode.SHARED);

      assertThat(c.sync().hget("late:t:T-late", "u")).as("entries used in Redis after the re-send").isEqualTo("1");
      assertThat(north.status().queued()).isZero();
      assertThat(north.conflicts()).isEmpty();
      ScanLedger.Claim elsewhere = south.claimEntry(TicketId.of("T-late"), EntryRules.of(1),
          new Scan(SOUTH, Instant.now()));
      assertThat(elsewhere.granted()).isFalse();
      assertThat(elsewhere.offline()).isFalse();
      assertThat(elsewhere.previous()).isNotNull();
      assertThat(elsewhere.previous().gate()).isEqualTo(NORTH);
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    assertThat(heard).isEmpty();
  }
}
