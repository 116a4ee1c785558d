package dev.microevent.samples;

import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditSigningKey;
import dev.microevent.commerce.audit.AuditVerifier;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.GateStatus;
import dev.microevent.commerce.tickets.RotatingCode;
import dev.microevent.commerce.tickets.ScanLedger;
import dev.microevent.commerce.tickets.Ticket;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.TicketIssuer;
import dev.microevent.commerce.tickets.TicketSigningKey;
import dev.microevent.commerce.tickets.TicketsClient;
import dev.microevent.commerce.tickets.Verdict;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.commerce.tickets.Zone;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.TicketDocuments;
import dev.microevent.testkit.load.GateRush;
import dev.microevent.testkit.load.LoadReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Act 3, a ticketed micro-hub: two gates on one hub box share a SQLite scan ledger and an audit
 * log; the box office's keys and the revocation list come signed from the edge plane. The cloud
 * is cut before the doors open, so the rush is decided on the device; a revoked ticket and a
 * screenshot of a rotating code are refused; one ticket rushed at both gates at once gets in
 * once; the audit log is verified at the end with the log's public key only.
 */
final class TicketAct {
  private static final String EVENT = "hub-2026-06-13";
  private static final int CROWD = 400;

  private final Stage stage;
  private final PrintStream out;

  TicketAct(Stage stage) {
    this.stage = stage;
    this.out = stage.out();
  }

  void run() throws Exception {
    stage.title("Act 3: a ticketed micro-hub: a gate rush with the cloud cut, refusals, one ticket at two gates, "
        + "the audit log verified");
    Path work = Files.createTempDirectory("ticket-hub");
    TicketSigningKey boxOfficeKey = TicketSigningKey.generate();
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    RotatingCode codes = RotatingCode.builder().masterKey(master).step(Duration.ofSeconds(15)).build();
    TicketIssuer boxOffice = TicketIssuer.builder().signingKey(boxOfficeKey).rotatingCodes(codes).build();
    Instant now = Instant.now();
    List<String> crowd = new ArrayList<>();
    for (int i = 0; i < CROWD; i++) {
      crowd.add(boxOffice.issue(ticket(String.format(Locale.ROOT, "T-%04d", i), now, false)));
    }
    Ticket refunded = ticket("T-REFUNDED", now, false);
    Ticket phone = ticket("T-PHONE", now, true);
    AuditSigningKey auditKey = AuditSigningKey.generate();
    List<AuditReceipt> receipts = new CopyOnWriteArrayList<>();
    Semaphore durable = new Semaphore(0);
    Consumer<AuditReceipt> onAudited = r -> {
      receipts.add(r);
      durable.release();
    };
    try (FakeEdgePlane edge = FakeEdgePlane.start("hub-edge");
        MicroEventClient core = MicroEventClient.builder().addEdgePlane(edge.plane()).healthChecksEnabled(false)
            .build();
        DurableScanLedger ledger = ScanLedger.sqlite(work.resolve("scans.db"));
        AuditLog audit = AuditLog.builder().directory(work.resolve("audit")).logId("hub-2026-06-13.gates")
            .signingKey(auditKey).open();
        TicketsClient north = gate("north", core, edge, ledger, audit, codes, onAudited);
        TicketsClient south = gate("south", core, edge, ledger, audit, codes, onAudited)) {
      edge.tickets().publishKeys(EVENT, List.of(TicketDocuments.key(boxOfficeKey.publicKey().publicKey())));
      edge.tickets().revoke(EVENT, refunded.id().value());
      GateStatus synced = north.sync();
      south.sync();
      stage.say("the gates pulled the box office's key (v" + synced.keysVersion() + ") and the revocation list (v"
          + synced.revocationsVersion() + "), both signed by the edge plane's pinned key");
      SignedTreeHead before = audit.treeHead();

      edge.stop();
      GateStatus cut = north.sync();
      south.sync();
      stage.say("!! the cloud is cut: uplink " + (cut.uplinkUp() ? "up" : "down") + ", gates "
          + (cut.degraded() ? "degraded" : "normal") + ", still deciding on the device");

      int scans = rush(crowd, north, south);

      Verdict revoked = north.scan(boxOffice.issue(refunded));
      stage.say("a refunded ticket at north: " + revoked.kind() + (revoked.offline() ? " (decided offline)" : ""));
      String shot = codes.show(boxOffice.issue(phone), boxOffice.holderSecret(phone), Instant.now().minusSeconds(120));
      Verdict screenshot = south.scan(shot);
      stage.say("a screenshot of a rotating code, 2 minutes old, at south: " + screenshot.kind());
      Verdict live = south.scan(codes.show(boxOffice.issue(phone), boxOffice.holderSecret(phone), Instant.now()));
      stage.say("the same ticket on the holder's phone, code of now: " + live.kind());
      twoGatesAtOnce(boxOffice.issue(ticket("T-PASSED-BACK", now, false)), north, south);

      edge.restart();
      GateStatus back = north.sync();
      south.sync();
      stage.say("the cloud is back: uplink " + (back.uplinkUp() ? "up" : "down") + ", gates "
          + (back.degraded() ? "degraded" : "normal"));

      if (!durable.tryAcquire(scans + 5, 30, TimeUnit.SECONDS)) {
        stage.say("some audit appends were still on their way after 30 s");
      }
      SignedTreeHead head = audit.treeHead();
      AuditVerifier auditor = AuditVerifier.pinned(audit.publicKey());
      long proved = receipts.stream().filter(r -> auditor.verifyInclusion(head, audit.inclusionProof(r.index(),
          head.size()), r).valid()).count();
      boolean grew = auditor.verifyConsistency(before, head, audit.consistencyProof(before.size(), head.size()))
          .valid();
      out.println();
      out.println("Hub summary (sdk-commerce tickets + audit):");
      out.printf(Locale.ROOT, "  audit log: %d entries under a signed head; %d of %d receipts proved by inclusion, "
          + "consistent with the head before the rush: %s%n", head.size(), proved, receipts.size(), grew ? "yes" : "NO");
      out.printf(Locale.ROOT, "  the published log names no ticket: each leaf is SHA-256(salt || entry), "
          + "the gates keep the openings%n");
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Ticket ticket(String id, Instant now, boolean rotating) {
    return Ticket.builder().event(EventId.of(EVENT)).id(TicketId.of(id)).zone(Zone.of("FLOOR")).tier("GA")
        .validFrom(now.minus(Duration.ofHours(1))).validUntil(now.plus(Duration.ofHours(6))).rotating(rotating)
        .build();
  }

  private static TicketsClient gate(String name, MicroEventClient core, FakeEdgePlane edge, ScanLedger ledger,
      AuditLog audit, RotatingCode codes, Consumer<AuditReceipt> onAudited) {
    return TicketsClient.builder().client(core).event(EventId.of(EVENT)).gate(GateId.of(name))
        .addPlaneKey(edge.tickets().planePublicKey()).ledger(ledger).auditLog(audit).onAudited(onAudited)
        .rotatingCodes(codes).syncInterval(Duration.ZERO).build();
  }

  /** The doors open: the crowd (and 5 % re-scans) through both gates, about 200 scans a second at the peak. */
  private int rush(List<String> crowd, TicketsClient north, TicketsClient south) {
    GateRush rush = GateRush.builder().tickets(crowd).peak(200).rescans(0.05).build();
    Map<VerdictKind, AtomicInteger> kinds = new ConcurrentHashMap<>();
    AtomicInteger turn = new AtomicInteger();
    AtomicInteger degraded = new AtomicInteger();
    stage.say("doors open: " + crowd.size() + " people rush two gates (" + rush.scans().size() + " scans with "
        + "re-scans)");
    LoadReport report = rush.run(text -> {
      Verdict v = (turn.getAndIncrement() % 2 == 0 ? north : south).scan(text);
      kinds.computeIfAbsent(v.kind(), k -> new AtomicInteger()).incrementAndGet();
      if (v.degraded()) {
        degraded.incrementAndGet();
      }
    });
    stage.say(String.format(Locale.ROOT, "rush done: %d scans, %d admitted, %d already used (re-scans), %d "
        + "decided degraded; gate decision p50 %.1f ms, p99 %.1f ms", report.offered(), count(kinds, VerdictKind.VALID),
        count(kinds, VerdictKind.ALREADY_USED), degraded.get(),
        report.latency().percentile(50).toNanos() / 1e6, report.latency().percentile(99).toNanos() / 1e6));
    return rush.scans().size();
  }

  private static int count(Map<VerdictKind, AtomicInteger> kinds, VerdictKind kind) {
    AtomicInteger n = kinds.get(kind);
    return n == null ? 0 : n.get();
  }

  /** Two stewards scan the same ticket at the same moment (passed back over the fence). */
  private void twoGatesAtOnce(String text, TicketsClient north, TicketsClient south) throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Verdict> a = CompletableFuture.supplyAsync(() -> awaitThen(go, () -> north.scan(text)), two);
      CompletableFuture<Verdict> b = CompletableFuture.supplyAsync(() -> awaitThen(go, () -> south.scan(text)), two);
      go.countDown();
      Verdict va = a.get(30, TimeUnit.SECONDS);
      Verdict vb = b.get(30, TimeUnit.SECONDS);
      long admitted = Stream.of(va, vb).filter(Verdict::admits).count();
      stage.say("one ticket at both gates at once: north " + va.kind() + ", south " + vb.kind() + ": admitted "
          + (admitted == 1 ? "once" : admitted + " times"));
    } finally {
      two.shutdownNow();
    }
  }

  private static Verdict awaitThen(CountDownLatch go, Supplier<Verdict> scan) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return scan.get();
  }
}
