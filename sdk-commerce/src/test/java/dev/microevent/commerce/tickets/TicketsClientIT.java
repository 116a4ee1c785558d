package dev.microevent.commerce.tickets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditSigningKey;
import dev.microevent.commerce.audit.AuditVerifier;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SteeringRejectedException;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.ForwardingMicroEventClient;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.tickets.FakeTicketIssuer;
import dev.microevent.testkit.tickets.TicketFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gate ({@link TicketsClient}) against a fake edge plane: keys and revocation lists pulled with
 * ETags and applied only when signed by the pinned plane key and newer; every fixture decided
 * with the right verdict; every scan decision in the audit log; an unreachable plane leaves the
 * gate deciding, flagged degraded.
 */
class TicketsClientIT {
  private static final String EVENT = "rooftop-2026-06-13";

  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private FakeEdgePlane edge;
  private FakeCentralPlane central;
  private MicroEventClient core;
  private TicketFixtures fx;
  /** The plane key gates pin: the one the plane had when they were installed. */
  private byte[] pinnedPlaneKey;

  @BeforeEach
  void start() {
    edge = FakeEdgePlane.start("venue-hub");
    central = FakeCentralPlane.start();
    opened.add(central);
    opened.add(edge);
    core = MicroEventClient.builder().addEdgePlane(edge.plane()).centralPlane(central.plane())
        .healthChecksEnabled(false).build();
    opened.add(0, core);
    fx = TicketFixtures.of(EVENT, 3, Instant.now());
    edge.tickets().publishKeys(EVENT, List.of(fx.issuer().key()));
    edge.tickets().revoke(EVENT, fx.revokedId());
    pinnedPlaneKey = edge.tickets().planePublicKey();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private TicketsClient gate(TicketsClient.Builder b) {
    return gate(b, core);
  }

  /** A gate whose pulls go through the given client (one that scripts the plane's answers). */
  private TicketsClient gate(TicketsClient.Builder b, MicroEventClient through) {
    TicketsClient g = b.client(through).event(EventId.of(EVENT)).gate(GateId.of("north-1"))
        .addPlaneKey(pinnedPlaneKey).syncInterval(Duration.ZERO).build();
    opened.add(0, g);
    return g;
  }

  private TicketsClient gate() {
    return gate(TicketsClient.builder());
  }

  @Test
  void worksThroughACoreClientThatOnlyDelegates_forItNeverCastsTheClient() {
    MicroEventClient wrapped = new ForwardingMicroEventClient(core);
    TicketsClient gate = gate(TicketsClient.builder(), wrapped);

    assertThat(gate.sync().keysVersion()).isEqualTo(1);
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(gate.scan(fx.revoked()).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void pullsSignedKeysAndRevocations_thenDecidesEveryFixture_andAuditsEveryDecision() {
    AuditSigningKey key = AuditSigningKey.generate();
    AuditLog audit = AuditLog.builder().directory(dir.resolve("audit")).logId("rooftop.north-1").signingKey(key)
        .open();
    opened.add(audit);
    List<AuditReceipt> receipts = new CopyOnWriteArrayList<>();
    TicketsClient gate = gate(TicketsClient.builder().auditLog(audit).onAudited(receipts::add));

    GateStatus s = gate.sync();

    assertThat(s.keysVersion()).isEqualTo(1);
    assertThat(s.revocationsVersion()).isEqualTo(1);
    assertThat(s.refusedDocuments()).isZero();
    assertThat(s.degraded()).isFalse();
    Map<String, VerdictKind> expected = Map.of(
        fx.valid(0), VerdictKind.VALID, fx.revoked(), VerdictKind.REVOKED, fx.expired(), VerdictKind.EXPIRED,
        fx.notYetValid(), VerdictKind.NOT_YET_VALID, fx.otherEvent(), VerdictKind.WRONG_EVENT,
        fx.tampered(), VerdictKind.BAD_SIGNATURE, fx.unknownKey(), VerdictKind.UNKNOWN_KEY,
        fx.garbage(), VerdictKind.MALFORMED);
    expected.forEach((text, kind) -> assertThat(gate.scan(text).kind()).as(text).isEqualTo(kind));
    Verdict again = gate.scan(fx.valid(0));
    assertThat(again.kind()).isEqualTo(VerdictKind.ALREADY_USED);
    assertThat(again.previous()).isPresent();

    await("every decision durable in the audit log").atMost(Duration.ofSeconds(30))
        .until(() -> receipts.size() == expected.size() + 1);
    SignedTreeHead head = audit.treeHead();
    AuditVerifier auditor = AuditVerifier.pinned(key.publicKey());
    for (AuditReceipt r : receipts) {
      assertThat(r.entry().kind()).isEqualTo(AuditEntry.Kind.GATE_SCAN);
      assertThat(auditor.verifyInclusion(head, audit.inclusionProof(r.index(), head.size()), r).valid()).isTrue();
    }
    assertThat(receipts).extracting(r -> r.entry().verdict().orElseThrow())
        .containsAll(expected.values()).contains(VerdictKind.ALREADY_USED);
    // An unreadable scan is recorded under a hash of its text, never a ticket id it might forge.
    assertThat(receipts).filteredOn(r -> r.entry().verdict().orElseThrow() == VerdictKind.MALFORMED)
        .singleElement().satisfies(r -> assertThat(r.entry().ticket().orElseThrow().value()).startsWith("unread-"));
  }

  @Test
  void revocationDelta_isPulledFromTheHeldVersion_andAnUnchangedListIsNotSentAgain() {
    TicketsClient gate = gate();
    gate.sync();
    assertThat(gate.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.VALID);

    edge.tickets().revoke(EVENT, TicketFixtures.id(2));
    GateStatus s = gate.sync();
    GateStatus unchanged = gate.sync();

    assertThat(s.revocationsVersion()).isEqualTo(2);
    assertThat(unchanged.revocationsVersion()).isEqualTo(2);
    assertThat(gate.scan(fx.valid(2)).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(gate.verifier().revocations().isRevoked(TicketId.of(fx.revokedId()))).isTrue();
    List<ReceivedRequest> pulls = edge.requests("GET", "/edge/v1/tickets/" + EVENT + "/revocations");
    assertThat(pulls).extracting(r -> r.query().orElse("")).containsExactly("since=0", "since=1", "since=2");
    List<ReceivedRequest> keyPulls = edge.requests("GET", "/edge/v1/tickets/" + EVENT + "/keys");
    assertThat(keyPulls.get(2).header("If-None-Match")).isPresent();
  }

  @Test
  void manyRevocationDeltas_areCompactedWithTheNextFullList_andNoneIsRefusedAsAReplay() {
    TicketsClient gate = gate();
    gate.sync();
    int deltas = DefaultTicketsClient.MAX_KEPT_REVOCATIONS + 6;
    GateStatus s = gate.sync();
    for (int i = 0; i < deltas; i++) {
      edge.tickets().revoke(EVENT, "compact-" + i);
      s = gate.sync();
      gate.sync(); // nothing new: must be a quiet no-op, never a refusal
    }

    assertThat(s.refusedDocuments()).as(String.valueOf(s.lastRefusal())).isZero();
    assertThat(s.revocationsVersion()).isEqualTo(1 + deltas);
    assertThat(gate.verifier().revocations().isRevoked(TicketId.of("compact-" + (deltas - 1)))).isTrue();
    List<ReceivedRequest> pulls = edge.requests("GET", "/edge/v1/tickets/" + EVENT + "/revocations");
    assertThat(pulls).extracting(r -> r.query().orElse("")).filteredOn("since=0"::equals)
        .as("the first pull, and one compaction once the kept deltas reached the cap").hasSize(2);
  }

  /** When a plane key hand-over happens, for the full-list test below. */
  enum HandOver {
    NONE,
    /** Before the sync: its first delta waits for the key chain; the full list is asked for after it. */
    BEFORE_THE_SYNC,
    /** Between the sync's delta and its full-list request: the answer to the full-list request waits. */
    BEFORE_THE_FULL_LIST
  }

  /**
   * A plane (holding a trusted key) that answers the full-list request of a compaction with a
   * delta: one full-list request per sync, the delta refused with its reason, the lists held stay
   * in force, and the next sync asks again (and compacts once the plane answers as it should).
   */
  @ParameterizedTest(name = "plane key hand-over: {0}")
  @EnumSource(HandOver.class)
  void aFullListRequestAnsweredWithADelta_isRefusedOncePerSync_andTheListsHeldStayInForce(HandOver handOver)
      throws Exception {
    String revocationsPath = "/edge/v1/tickets/" + EVENT + "/revocations";
    AtomicBoolean hostile = new AtomicBoolean();
    AtomicInteger fullListRequests = new AtomicInteger();
    MicroEventClient deltaForAFullList = new ForwardingMicroEventClient(core) {
      @Override
      public EdgeResponse call(Intent intent, EdgeRequest request) {
        if (hostile.get() && request.path().equals(revocationsPath + "?since=0")) {
          if (fullListRequests.incrementAndGet() == 1 && handOver == HandOver.BEFORE_THE_FULL_LIST) {
            edge.tickets().handOverSigningKey();
          }
          // A delta from the first version: signed, newer than the list held, and not the full list asked for.
          return super.call(intent, EdgeRequest.builder("GET", revocationsPath + "?since=1")
              .header("accept", "application/json").build());
        }
        return super.call(intent, request);
      }
    };
    TicketsClient gate = gate(TicketsClient.builder(), deltaForAFullList);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    opened.add(0, threads::shutdownNow);
    gate.sync();
    int kept = DefaultTicketsClient.MAX_KEPT_REVOCATIONS - 1;
    for (int i = 0; i < kept; i++) {
      edge.tickets().revoke(EVENT, "kept-" + i);
      gate.sync();
    }
    assertThat(gate.status().revocationsVersion()).as("the full list and the most deltas kept").isEqualTo(1 + kept);
    if (handOver == HandOver.BEFORE_THE_SYNC) {
      edge.tickets().handOverSigningKey();
    }
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));
    hostile.set(true);

    Future<GateStatus> sync = threads.submit(gate::sync);
    GateStatus s = await("a sync whose full-list request is answered with a delta").atMost(Duration.ofSeconds(30))
        .until(() -> sync.isDone() ? sync.get() : null, java.util.Objects::nonNull);

    assertThat(fullListRequests).as("full-list requests in the sync").hasValue(1);
    assertThat(s.refusedDocuments()).isEqualTo(1);
    assertThat(s.lastRefusal()).contains("delta").contains("full list");
    assertThat(s.revocationsVersion()).as("the list held stays in force").isEqualTo(1 + kept);
    assertThat(gate.scan(fx.revoked()).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(gate.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.VALID);

    hostile.set(false);
    GateStatus next = gate.sync();

    assertThat(next.refusedDocuments()).as(String.valueOf(next.lastRefusal())).isEqualTo(1);
    assertThat(next.revocationsVersion()).as("compacted with the full list").isEqualTo(2 + kept);
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void unsignedLists_areRefused_andTheLastGoodOneStaysInForce() {
    TicketsClient gate = gate();
    gate.sync();
    edge.tickets().serveUnsigned(true);
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));

    GateStatus s = gate.sync();

    assertThat(s.revocationsVersion()).isEqualTo(1);
    assertThat(s.refusedDocuments()).isEqualTo(1);
    assertThat(s.lastRefusal()).contains("unsigned");
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void listsSignedByAKeyThatIsNotPinned_areRefused() {
    TicketsClient gate = gate();
    gate.sync();
    edge.tickets().rotateSigningKey();
    edge.tickets().publishKeys(EVENT, List.of());
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));

    GateStatus s = gate.sync();

    assertThat(s.keysVersion()).as("an empty key list signed by a stranger would lock every fan out").isEqualTo(1);
    assertThat(s.revocationsVersion()).isEqualTo(1);
    assertThat(s.refusedDocuments()).isEqualTo(2);
    assertThat(s.lastRefusal()).contains("not pinned");
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.VALID);
  }

  /** Also across a plane key hand-over: the replayed lists then come signed by the handed-over key. */
  @ParameterizedTest(name = "across a key hand-over: {0}")
  @ValueSource(booleans = {false, true})
  void olderSignedLists_replayedByThePlane_areRefused(boolean acrossAHandOver) {
    edge.tickets().publishKeys(EVENT, List.of(fx.issuer().key()));
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));
    TicketsClient gate = gate();
    assertThat(gate.sync().keysVersion()).isEqualTo(2);
    assertThat(gate.status().revocationsVersion()).isEqualTo(2);
    if (acrossAHandOver) {
      edge.tickets().handOverSigningKey();
    }
    edge.tickets().replayKeys(EVENT, 1);
    edge.tickets().replayRevocations(EVENT, 1);

    GateStatus s = gate.sync();

    assertThat(s.keysVersion()).isEqualTo(2);
    assertThat(s.revocationsVersion()).isEqualTo(2);
    assertThat(s.refusedDocuments()).isEqualTo(2);
    assertThat(s.lastRefusal()).contains("older");
    assertThat(gate.scan(fx.valid(0)).kind()).as("still revoked").isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void edgeAndCentralDown_gateKeepsDecidingOnWhatItHolds_flaggedDegraded() throws Exception {
    TicketsClient gate = gate();
    gate.sync();
    edge.stop();
    central.stop();

    GateStatus s = gate.sync();
    Verdict v = gate.scan(fx.valid(0));
    Verdict revoked = gate.scan(fx.revoked());

    assertThat(s.uplinkUp()).isFalse();
    assertThat(s.degraded()).isTrue();
    assertThat(v.kind()).isEqualTo(VerdictKind.VALID);
    assertThat(v.degraded()).isTrue();
    assertThat(v.offline()).isTrue();
    assertThat(revoked.kind()).isEqualTo(VerdictKind.REVOKED);
  }

  // ---- the lists kept in the gate's store, and the plane's key hand-over

  private TicketsClient gateOn(Path ledgerFile) {
    DurableScanLedger ledger = ScanLedger.sqlite(ledgerFile);
    opened.add(0, ledger);
    return gate(TicketsClient.builder().ledger(ledger));
  }

  private void restartGateProcess(TicketsClient gate) throws Exception {
    gate.close();
    // The ledger the gate was built on: the next entry after the gate (closing twice is a no-op).
    opened.get(opened.indexOf(gate) + 1).close();
  }

  @Test
  void pulledLists_areKeptInTheGatesStore_soARestartWithTheUplinkDownStillRefusesRevokedAndAdmitsValid()
      throws Exception {
    Path file = dir.resolve("gate.db");
    TicketsClient first = gateOn(file);
    first.sync();
    edge.tickets().revoke(EVENT, TicketFixtures.id(2));
    assertThat(first.sync().revocationsVersion()).as("a delta on the full list").isEqualTo(2);
    restartGateProcess(first);
    edge.stop();
    central.stop();

    TicketsClient restarted = gateOn(file);
    GateStatus s = restarted.sync();
    Verdict valid = restarted.scan(fx.valid(0));
    Verdict revoked = restarted.scan(fx.revoked());
    Verdict revokedByDelta = restarted.scan(fx.valid(2));

    assertThat(s.uplinkUp()).isFalse();
    assertThat(s.keysVersion()).isEqualTo(1);
    assertThat(s.revocationsVersion()).isEqualTo(2);
    assertThat(restarted.restoreRefusal()).isEmpty();
    assertThat(valid.kind()).isEqualTo(VerdictKind.VALID);
    assertThat(valid.offline()).isTrue();
    assertThat(valid.degraded()).isTrue();
    assertThat(revoked.kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(revoked.offline()).isTrue();
    assertThat(revokedByDelta.kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void keptListsAlteredInTheStore_areRefusedWithATypedError_andTheGateSaysItHoldsNoLists() throws Exception {
    Path file = dir.resolve("gate.db");
    TicketsClient first = gateOn(file);
    first.sync();
    restartGateProcess(first);
    edge.stop();
    central.stop();
    // Someone with the disk adds a ticket key of their own to the kept (signed) key list.
    FakeTicketIssuer forger = FakeTicketIssuer.generate();
    String b64 = java.util.Base64.getEncoder().encodeToString(fx.issuer().publicKey());
    String forgedB64 = java.util.Base64.getEncoder().encodeToString(forger.publicKey());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "-lists")) {
      ObjectMapper json = new ObjectMapper();
      ObjectNode kept;
      try (PreparedStatement read = c.prepareStatement("SELECT value FROM lists WHERE name = ?")) {
        read.setString(1, "ticket-lists:" + EVENT);
        try (ResultSet rs = read.executeQuery()) {
          assertThat(rs.next()).as("the lists are kept in the gate's store").isTrue();
          kept = (ObjectNode) json.readTree(rs.getString(1));
        }
      }
      ObjectNode keys = (ObjectNode) kept.path("keys");
      String body = new String(java.util.Base64.getDecoder().decode(keys.path("body").asText()), UTF_8);
      assertThat(body).contains(b64);
      keys.put("body", java.util.Base64.getEncoder().encodeToString(body.replace(b64, forgedB64).getBytes(UTF_8)));
      try (PreparedStatement write = c.prepareStatement("UPDATE lists SET value = ? WHERE name = ?")) {
        write.setString(1, json.writeValueAsString(kept));
        write.setString(2, "ticket-lists:" + EVENT);
        assertThat(write.executeUpdate()).isEqualTo(1);
      }
    }

    TicketsClient restarted = gateOn(file);
    GateStatus s = restarted.status();

    assertThat(restarted.restoreRefusal()).hasValueSatisfying(
        e -> assertThat(e.reason()).isEqualTo(SteeringRejectedException.Reason.BAD_SIGNATURE));
    assertThat(s.keysVersion()).isZero();
    assertThat(s.revocationsVersion()).isZero();
    assertThat(s.refusedDocuments()).isEqualTo(1);
    assertThat(s.lastRefusal()).contains("kept in the gate's store");
    assertThat(restarted.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.UNKNOWN_KEY);
    assertThat(restarted.scan(forger.issue(FakeTicketIssuer.ticket(EVENT, "T-FORGED"))).admits()).isFalse();
  }

  @Test
  void aPlaneKeyHandOver_isFollowedForTicketLists_evenAfterARestartWithTheUplinkDown() throws Exception {
    Path file = dir.resolve("gate.db");
    TicketsClient first = gateOn(file);
    first.sync();
    edge.tickets().handOverSigningKey();
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));

    GateStatus s = first.sync();

    assertThat(s.refusedDocuments()).as(String.valueOf(s.lastRefusal())).isZero();
    assertThat(s.revocationsVersion()).as("signed by the handed-over key").isEqualTo(2);
    assertThat(first.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
    edge.tickets().rotateSigningKey();
    edge.tickets().revoke(EVENT, TicketFixtures.id(1));
    GateStatus stranger = first.sync();
    assertThat(stranger.refusedDocuments()).as("the delta, signed by a new key without a hand-over").isEqualTo(1);
    assertThat(stranger.lastRefusal()).contains("UNKNOWN_KEY");
    assertThat(first.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.VALID);

    restartGateProcess(first);
    edge.stop();
    central.stop();
    TicketsClient restarted = gateOn(file);

    assertThat(restarted.restoreRefusal()).isEmpty();
    assertThat(restarted.status().revocationsVersion()).isEqualTo(2);
    assertThat(restarted.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void oneSyncAcrossASignedKeyRotation_downloadsEachListOnce_andTheKeyChainOnce() {
    TicketsClient gate = gate();
    gate.sync();
    edge.tickets().handOverSigningKey();
    edge.tickets().publishKeys(EVENT, List.of(fx.issuer().key()));
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));
    String keysPath = "/edge/v1/tickets/" + EVENT + "/keys";
    String revocationsPath = "/edge/v1/tickets/" + EVENT + "/revocations";
    int keysBefore = edge.requests("GET", keysPath).size();
    int revocationsBefore = edge.requests("GET", revocationsPath).size();

    GateStatus s = gate.sync();

    assertThat(s.refusedDocuments()).as(String.valueOf(s.lastRefusal())).isZero();
    assertThat(s.keysVersion()).as("signed by the handed-over key").isEqualTo(2);
    assertThat(s.revocationsVersion()).as("signed by the handed-over key").isEqualTo(2);
    assertThat(edge.requests("GET", keysPath).size() - keysBefore).as("key list downloads").isEqualTo(1);
    assertThat(edge.requests("GET", revocationsPath).size() - revocationsBefore).as("revocation list downloads")
        .isEqualTo(1);
    assertThat(edge.requests("GET", DefaultTicketsClient.KEY_CHAIN_PATH)).as("key chain downloads").hasSize(1);
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void aSlowKeyChain_holdsUpNoOtherSync_whichFollowsTheHandOverMeanwhile() throws Exception {
    // Attempts as long as the drip, so the slow fetch is still running when the other sync is done.
    IntentPolicy patient = IntentPolicy.defaultsFor(TicketsClient.TICKET_SYNC).toBuilder()
        .attemptTimeout(Duration.ofMinutes(2)).deadline(Duration.ofMinutes(2)).build();
    core = MicroEventClient.builder().addEdgePlane(edge.plane()).centralPlane(central.plane())
        .healthChecksEnabled(false).policy(TicketsClient.TICKET_SYNC, patient).build();
    opened.add(0, core);
    TicketsClient gate = gate();
    gate.sync();
    edge.tickets().handOverSigningKey();
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));
    edge.faults().inject(Fault.slowBody(1, Duration.ofSeconds(1)).onPath(DefaultTicketsClient.KEY_CHAIN_PATH).times(1));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    opened.add(0, threads::shutdownNow);

    Future<GateStatus> slow = threads.submit(gate::sync);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> edge.requests("GET", DefaultTicketsClient.KEY_CHAIN_PATH).size() == 1);
    Future<GateStatus> other = threads.submit(gate::sync);
    GateStatus s = await("another sync, while the first one's key chain drips in").atMost(Duration.ofSeconds(20))
        .until(() -> other.isDone() ? other.get() : null, java.util.Objects::nonNull);

    assertThat(slow).as("the first sync still waits for its key chain").isNotDone();
    assertThat(s.refusedDocuments()).as(String.valueOf(s.lastRefusal())).isZero();
    assertThat(s.revocationsVersion()).as("signed by the handed-over key").isEqualTo(2);
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void aListAnotherSyncAppliedWhileASyncWaitedForItsKeyChain_isPulledAfresh_notRefusedAsAReplay() throws Exception {
    CountDownLatch firstChainFetch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean held = new AtomicBoolean();
    MicroEventClient holdingTheFirstKeyChain = new ForwardingMicroEventClient(core) {
      @Override
      public EdgeResponse call(Intent intent, EdgeRequest request) {
        if (request.path().equals(DefaultTicketsClient.KEY_CHAIN_PATH) && held.compareAndSet(false, true)) {
          firstChainFetch.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.call(intent, request);
      }
    };
    TicketsClient gate = gate(TicketsClient.builder(), holdingTheFirstKeyChain);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    opened.add(0, threads::shutdownNow);
    opened.add(0, release::countDown);
    gate.sync();
    edge.tickets().handOverSigningKey();
    edge.tickets().revoke(EVENT, TicketFixtures.id(0));
    Future<GateStatus> first = threads.submit(gate::sync);
    assertThat(firstChainFetch.await(20, TimeUnit.SECONDS)).as("the first sync waits for its key chain").isTrue();
    edge.tickets().revoke(EVENT, TicketFixtures.id(1));
    GateStatus other = threads.submit(gate::sync).get(20, TimeUnit.SECONDS);
    assertThat(other.revocationsVersion()).as("another sync applies a newer list meanwhile").isEqualTo(3);

    release.countDown();
    GateStatus s = first.get(20, TimeUnit.SECONDS);

    assertThat(s.refusedDocuments()).as("the first sync's answer (version 2) is stale, not a replay: "
        + s.lastRefusal()).isZero();
    assertThat(s.revocationsVersion()).isEqualTo(3);
    assertThat(gate.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.REVOKED);
  }
}
