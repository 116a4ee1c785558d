package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.RedisServer;
import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditSigningKey;
import dev.microevent.commerce.audit.AuditVerifier;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.tickets.TicketFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Two gates ({@link TicketsClient}s, each with its Redis scan ledger and its own audit log) rush
 * the same tickets on one real {@code redis-server}, which is killed by PID mid-run: the gates
 * keep deciding (degraded), reconcile when it is back, and every ticket admitted at both gates is
 * a scan conflict in the audit log of the gate that found it, proved by an inclusion proof
 * against a signed tree head with the log's pinned key. Every scan decision is in the logs too.
 */
class GatePartitionAuditIT {
  private static final String EVENT = "rooftop-2026-06-13";
  private static final int TICKETS = 2_000;
  private static final int SCANNERS_PER_GATE = 2;
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

  private <T extends AutoCloseable> T open(T c) {
    opened.add(0, c);
    return c;
  }

  /** One gate: its ledger, audit log, receipts and the tickets client over them. */
  private record Gate(GateId id, DurableScanLedger ledger, AuditLog audit, AuditSigningKey key,
      List<AuditReceipt> receipts, TicketsClient client) {}

  private Gate gate(String name, MicroEventClient core, FakeEdgePlane edge) {
    GateId id = GateId.of(name);
    DurableScanLedger ledger = open(DurableScanLedger.builder().file(dir.resolve(name + ".db")).redis(redis.uri())
        .namespace("partition-audit").redisTimeout(Duration.ofMillis(150)).retryInterval(Duration.ofMillis(100))
        .build());
    AuditSigningKey key = AuditSigningKey.generate();
    AuditLog audit = open(AuditLog.builder().directory(dir.resolve(name + "-audit")).logId("rooftop." + name)
        .signingKey(key).open());
    List<AuditReceipt> receipts = new CopyOnWriteArrayList<>();
    TicketsClient client = open(TicketsClient.builder().client(core).event(EventId.of(EVENT)).gate(id)
        .addPlaneKey(edge.tickets().planePublicKey()).ledger(ledger).auditLog(audit).onAudited(receipts::add)
        .syncInterval(Duration.ZERO).build());
    assertThat(client.sync().keysVersion()).isEqualTo(1);
    return new Gate(id, ledger, audit, key, receipts, client);
  }

  private record Decision(int ticket, GateId gate, Verdict verdict) {}

  @Test
  void redisKilledMidRush_gatesKeepDeciding_reconcile_andEveryCollisionIsProvedInTheAuditLog() throws Exception {
    FakeEdgePlane edge = open(FakeEdgePlane.start("venue-hub"));
    MicroEventClient core = open(MicroEventClient.builder().addEdgePlane(edge.plane()).healthChecksEnabled(false)
        .build());
    TicketFixtures fx = TicketFixtures.of(EVENT, TICKETS, Instant.now());
    edge.tickets().publishKeys(EVENT, List.of(fx.issuer().key()));
    Map<GateId, Gate> gates = new LinkedHashMap<>();
    for (String name : List.of("north-1", "south-1")) {
      Gate g = gate(name, core, edge);
      gates.put(g.id(), g);
    }

    ConcurrentLinkedQueue<Decision> decisions = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(gates.size() * SCANNERS_PER_GATE);
    int beforeKill;
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      long seed = System.nanoTime();
      int n = 0;
      for (Gate g : gates.values()) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(seed + n++));
        AtomicInteger next = new AtomicInteger();
        for (int s = 0; s < SCANNERS_PER_GATE; s++) {
          running.add(pool.submit(() -> {
            start.await();
            for (int k = next.getAndIncrement(); k < TICKETS; k = next.getAndIncrement()) {
              int t = order.get(k);
              decisions.add(new Decision(t, g.id(), g.client().scan(fx.valid(t))));
            }
            return null;
          }));
        }
      }
      start.countDown();
      await("500 decisions with Redis up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
          .until(() -> decisions.size() >= 500);
      redis.kill();
      beforeKill = decisions.size();
      await("both gates degraded and 500 decisions without Redis").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> decisions.size() >= beforeKill + 500
              && gates.values().stream().allMatch(g -> g.client().status().degraded()));
      redis.start();
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    await("both gates reconciled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> gates.values().stream().map(g -> g.ledger().sync())
            .allMatch(s -> s.mode() == DurableScanLedger.Mode.SHARED && s.queued() == 0));
    for (Gate g : gates.values()) {
      assertThat(g.client().sync().degraded()).isFalse();
    }

    Set<Integer> atBothGates = new HashSet<>();
    Map<Integer, List<Decision>> admits = new LinkedHashMap<>();
    for (Decision d : decisions) {
      if (d.verdict().admits()) {
        admits.computeIfAbsent(d.ticket(), k -> new ArrayList<>()).add(d);
      }
    }
    admits.forEach((t, a) -> {
      if (a.size() > 1) {
        atBothGates.add(t);
      }
    });
    long degraded = decisions.stream().filter(d -> d.verdict().degraded()).count();
    int conflicts = 0;
    for (Gate g : gates.values()) {
      await("every decision of " + g.id() + " durable in its audit log").atMost(Duration.ofSeconds(60))
          .until(() -> g.receipts().stream().filter(r -> r.entry().kind() == AuditEntry.Kind.GATE_SCAN).count()
              == decisions.stream().filter(d -> d.gate().equals(g.id())).count());
      SignedTreeHead head = g.audit().treeHead();
      AuditVerifier auditor = AuditVerifier.pinned(g.key().publicKey());
      assertThat(auditor.verifyHead(head).valid()).isTrue();
      List<ScanConflict> found = g.ledger().conflicts();
      conflicts += found.size();
      assertThat(g.ledger().conflictsRecorded()).isEqualTo(found.isEmpty() ? 0 : found.get(found.size() - 1).sequence());
      for (ScanConflict c : found) {
        AuditReceipt r = g.receipts().stream()
            .filter(x -> x.entry().equals(AuditEntry.scanConflict(EventId.of(EVENT), c, c.detectedAt())))
            .findFirst().orElseThrow(() -> new AssertionError("conflict not in the audit log of " + g.id() + ": " + c));
        assertThat(auditor.verifyInclusion(head, g.audit().inclusionProof(r.index(), head.size()), r).valid())
            .as("inclusion of %s", c).isTrue();
        assertThat(atBothGates).contains(Integer.parseInt(c.ticket().value().substring(2)) - 1);
      }
    }
    Set<Integer> reported = new HashSet<>();
    for (Gate g : gates.values()) {
      for (ScanConflict c : g.ledger().conflicts()) {
        reported.add(Integer.parseInt(c.ticket().value().substring(2)) - 1);
      }
    }
    System.out.printf("gate partition IT: %d decisions (%d before the kill, %d degraded), %d tickets admitted, %d at "
        + "both gates, %d conflicts in the audit logs, each proved%n", decisions.size(), beforeKill, degraded,
        admits.size(), atBothGates.size(), conflicts);

    assertThat(decisions).hasSize(2 * TICKETS);
    assertThat(admits).as("every ticket admitted").hasSize(TICKETS);
    assertThat(degraded).as("decided while Redis was gone").isPositive();
    assertThat(atBothGates).as("the outage let both gates admit some tickets").isNotEmpty();
    assertThat(reported).as("every double admit is in an audit log, and nothing else").isEqualTo(atBothGates);
  }
}
