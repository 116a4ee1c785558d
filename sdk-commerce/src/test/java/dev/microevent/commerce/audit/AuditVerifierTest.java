package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.core.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with anything an auditor is given makes it invalid, never an exception. */
class AuditVerifierTest {
  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();
  private final AuditVerifier auditor = AuditFixture.auditor();
  private final List<AuditReceipt> receipts = new ArrayList<>();
  private SignedTreeHead older;
  private SignedTreeHead head;
  private InclusionProof proof;
  private ConsistencyProof consistency;
  private AuditReceipt opening;

  @BeforeEach
  void log() {
    try (AuditLog log = AuditFixture.open(dir.resolve("a"), time)) {
      for (int i = 0; i < 21; i++) {
        receipts.add(log.append(entry(i)));
      }
      older = log.treeHead();
      for (int i = 21; i < 45; i++) {
        receipts.add(log.append(entry(i)));
      }
      time.advance(Duration.ofSeconds(30));
      head = log.treeHead();
      opening = receipts.get(13);
      proof = log.inclusionProof(13, head.size());
      consistency = log.consistencyProof(older.size(), head.size());
    }
    assertThat(auditor.verifyInclusion(head, proof, opening).valid()).isTrue();
    assertThat(auditor.verifyConsistency(older, head, consistency).valid()).isTrue();
  }

  private static List<byte[]> flipped(List<byte[]> path, int i, int bit) {
    List<byte[]> out = new ArrayList<>(path);
    byte[] b = out.get(i).clone();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    out.set(i, b);
    return out;
  }

  private static SignedTreeHead withRoot(SignedTreeHead h, byte[] root) {
    return SignedTreeHead.of(h.logId(), h.size(), root, h.timestamp(), h.keyId(), h.signature());
  }

  @Test
  void changedEntryOrSalt_isInvalid() {
    AuditEntry e = opening.entry();
    AuditEntry otherVerdict = AuditEntry.gateScan(e.event().orElseThrow(), e.ticket().orElseThrow(),
        e.gate().orElseThrow(), VerdictKind.REVOKED, e.at());
    AuditEntry otherTicket = AuditEntry.gateScan(e.event().orElseThrow(), TicketId.of("T-999"),
        e.gate().orElseThrow(), e.verdict().orElseThrow(), e.at());
    AuditEntry otherTime = AuditEntry.gateScan(e.event().orElseThrow(), e.ticket().orElseThrow(),
        e.gate().orElseThrow(), e.verdict().orElseThrow(), e.at().plusMillis(1));
    byte[] salt = opening.salt();
    salt[0] ^= 1;

    for (AuditReceipt forged : List.of(AuditReceipt.of(opening.logId(), 13, opening.salt(), otherVerdict),
        AuditReceipt.of(opening.logId(), 13, opening.salt(), otherTicket),
        AuditReceipt.of(opening.logId(), 13, opening.salt(), otherTime),
        AuditReceipt.of(opening.logId(), 13, salt, e),
        AuditReceipt.of(opening.logId(), 13, receipts.get(14).salt(), receipts.get(14).entry()))) {
      AuditVerdict v = auditor.verifyInclusion(head, proof, forged);
      assertThat(v.valid()).isFalse();
      assertThat(v.detail()).contains("not proven");
    }
  }

  @Test
  void anotherLeafsOpeningWithThisProof_isInvalid() {
    assertThat(auditor.verifyInclusion(head, proof, receipts.get(12)).valid()).isFalse();
    AuditReceipt renumbered = AuditReceipt.of(opening.logId(), 12, opening.salt(), opening.entry());
    assertThat(auditor.verifyInclusion(head, InclusionProof.of(proof.logId(), 12, proof.treeSize(), proof.path()),
        renumbered).valid()).isFalse();
  }

  @Test
  void everySingleBitFlipOfTheInclusionProof_isInvalid() {
    List<byte[]> path = proof.path();
    int accepted = 0;
    for (int i = 0; i < path.size(); i++) {
      for (int bit = 0; bit < 256; bit++) {
        InclusionProof bad = InclusionProof.of(proof.logId(), proof.index(), proof.treeSize(), flipped(path, i, bit));
        if (auditor.verifyInclusion(head, bad, opening).valid()) {
          accepted++;
        }
      }
    }
    assertThat(accepted).isZero();
  }

  @Test
  void wrongTreeSize_isInvalid() {
    for (long size : new long[] {head.size() - 1, head.size() + 1, older.size(), 0, Long.MAX_VALUE}) {
      InclusionProof bad = InclusionProof.of(proof.logId(), proof.index(), size, proof.path());
      assertThat(auditor.verifyInclusion(head, bad, opening).valid()).as("size %d", size).isFalse();
    }
    // A head claiming another size with the same root and signature: the signature no longer covers it.
    SignedTreeHead claimed = SignedTreeHead.of(head.logId(), head.size() - 1, head.root(), head.timestamp(),
        head.keyId(), head.signature());
    InclusionProof matching = InclusionProof.of(proof.logId(), proof.index(), claimed.size(), proof.path());
    assertThat(auditor.verifyInclusion(claimed, matching, opening).valid()).isFalse();
  }

  @Test
  void wrongKey_isInvalid() {
    AuditVerifier stranger = AuditVerifier.pinned(AuditFixture.OTHER_KEY.publicKey());
    assertThat(stranger.verifyHead(head).valid()).isFalse();
    assertThat(stranger.verifyInclusion(head, proof, opening).valid()).isFalse();
    assertThat(stranger.verifyConsistency(older, head, consistency).valid()).isFalse();
    // A head that names the pinned key but was signed by another.
    SignedTreeHead impostor;
    try (AuditLog log = AuditLog.builder().directory(dir.resolve("impostor")).logId(AuditFixture.LOG)
        .signingKey(AuditFixture.OTHER_KEY).clock(time.clock()).open()) {
      SignedTreeHead h = log.treeHead();
      impostor = SignedTreeHead.of(h.logId(), h.size(), h.root(), h.timestamp(), auditor.keyId(), h.signature());
    }
    assertThat(auditor.verifyHead(impostor).detail()).contains("does not verify");
  }

  @Test
  void everyAlteredHeadField_isInvalid() {
    List<SignedTreeHead> altered = new ArrayList<>();
    for (int bit = 0; bit < 256; bit += 7) {
      byte[] root = head.root();
      root[bit / 8] ^= (byte) (1 << (bit % 8));
      altered.add(withRoot(head, root));
    }
    for (int bit = 0; bit < 512; bit += 5) {
      byte[] sig = head.signature();
      sig[bit / 8] ^= (byte) (1 << (bit % 8));
      altered.add(SignedTreeHead.of(head.logId(), head.size(), head.root(), head.timestamp(), head.keyId(), sig));
    }
    altered.add(SignedTreeHead.of(head.logId(), head.size(), head.root(), head.timestamp().plusMillis(1),
        head.keyId(), head.signature()));
    altered.add(SignedTreeHead.of("rooftop-2026-06-13.south-1", head.size(), head.root(), head.timestamp(),
        head.keyId(), head.signature()));
    altered.add(SignedTreeHead.of(head.logId(), head.size() + 1, head.root(), head.timestamp(), head.keyId(),
        head.signature()));
    for (SignedTreeHead h : altered) {
      assertThat(auditor.verifyHead(h).valid()).as(h.toString()).isFalse();
    }
  }

  @Test
  void tamperedConsistency_isInvalid() {
    assertThat(auditor.verifyConsistency(head, older, consistency).valid()).as("swapped heads").isFalse();
    assertThat(auditor.verifyConsistency(older, older, consistency).valid()).as("wrong newer head").isFalse();
    List<byte[]> path = consistency.path();
    for (int i = 0; i < path.size(); i++) {
      for (int bit = 0; bit < 256; bit += 3) {
        ConsistencyProof bad = ConsistencyProof.of(consistency.logId(), consistency.firstSize(),
            consistency.secondSize(), flipped(path, i, bit));
        assertThat(auditor.verifyConsistency(older, head, bad).valid()).isFalse();
      }
    }
    ConsistencyProof shortened = ConsistencyProof.of(consistency.logId(), consistency.firstSize(),
        consistency.secondSize(), path.subList(0, path.size() - 1));
    assertThat(auditor.verifyConsistency(older, head, shortened).valid()).isFalse();
  }

  @Test
  void aForkedLog_failsConsistencyWithTheHeadsAnAuditorAlreadySaw() {
    // The same key and id, the same first 21 entries, then different ones: a rewritten history.
    SignedTreeHead forkedHead;
    ConsistencyProof forkedProof;
    try (AuditLog fork = AuditFixture.open(dir.resolve("fork"), time)) {
      for (int i = 0; i < 21; i++) {
        fork.append(entry(i));
      }
      for (int i = 0; i < 24; i++) {
        fork.append(entry(1_000 + i));
      }
      forkedHead = fork.treeHead();
      forkedProof = fork.consistencyProof(older.size(), forkedHead.size());
    }
    assertThat(auditor.verifyHead(forkedHead).valid()).as("the fork's heads are validly signed").isTrue();
    assertThat(auditor.verifyConsistency(head, forkedHead, ConsistencyProof.of(AuditFixture.LOG, head.size(),
        forkedHead.size(), List.of())).detail()).contains("forked");
    // The salts differ, so the fork cannot even extend the older head the auditor kept.
    assertThat(auditor.verifyConsistency(older, forkedHead, forkedProof).valid()).isFalse();
    assertThat(auditor.verifyInclusion(forkedHead, proof, opening).valid()).isFalse();
  }

  @Test
  void documentsOfAnotherLog_areInvalid() {
    InclusionProof other = InclusionProof.of("another-log", proof.index(), proof.treeSize(), proof.path());
    assertThat(auditor.verifyInclusion(head, other, opening).detail()).contains("another-log");
    ConsistencyProof otherC = ConsistencyProof.of("another-log", consistency.firstSize(), consistency.secondSize(),
        consistency.path());
    assertThat(auditor.verifyConsistency(older, head, otherC).valid()).isFalse();
  }

  @Test
  void aKeyThatIsNotOnTheCurve_isRefusedWithATypedError() {
    assertThatThrownBy(() -> AuditVerifier.pinned(new byte[31])).isInstanceOf(AuditException.class);
    byte[] smallOrder = new byte[32];
    smallOrder[0] = 1; // the identity point
    assertThatThrownBy(() -> AuditVerifier.pinned(smallOrder)).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.MALFORMED));
  }
}
