package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader of exported audit documents, fuzzed through the public calls an auditor makes:
 * parsing may refuse with an {@link AuditException}, and whatever parses is then verified, which
 * must answer with a verdict and never throw.
 */
class AuditFuzzTest {
  private static final String[] DICTIONARY = {"\"format\":", "\"log\":", "\"size\":", "\"index\":", "\"from\":",
      "\"to\":", "\"path\":", "\"root\":", "\"salt\":", "\"entry\":", "\"kind\":", "\"at\":", "\"verdict\":",
      "\"amount\":", "\"currency\":", "\"signature\":", "\"keyId\":", "\"timestamp\":", "gate-scan",
      "checkout-outcome", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "==", "18446744073709551615", "-0", "1e3"};

  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();
  private final AuditVerifier auditor = AuditFixture.auditor();
  private SignedTreeHead older;
  private SignedTreeHead head;
  private InclusionProof proof;
  private ConsistencyProof consistency;
  private AuditReceipt scan;
  private AuditReceipt checkout;

  @BeforeEach
  void export() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      for (int i = 0; i < 6; i++) {
        log.append(entry(i));
      }
      older = log.treeHead();
      scan = log.append(entry(6));
      checkout = log.append(entry(8));
      log.append(entry(9));
      head = log.treeHead();
      proof = log.inclusionProof(scan.index(), head.size());
      consistency = log.consistencyProof(older.size(), head.size());
    }
  }

  private static void verdict(AuditVerdict v) {
    if (v.detail().isEmpty()) {
      throw new AssertionError("a verdict without a detail");
    }
  }

  @Test
  void treeHeadDocument_isReadOrRefusedWithATypedError_andVerifiedWithoutAThrow() {
    Fuzz.Report report = Fuzz.parser("audit tree head", in -> {
      SignedTreeHead h = SignedTreeHead.parse(Fuzz.utf8(in));
      verdict(auditor.verifyHead(h));
      verdict(auditor.verifyInclusion(h, proof, scan));
      verdict(auditor.verifyConsistency(older, h, consistency));
    }).seeds(head.toDocument(), older.toDocument()).dictionary(DICTIONARY).typed(AuditException.class).run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }

  @Test
  void inclusionProofDocument_isReadOrRefusedWithATypedError_andVerifiedWithoutAThrow() {
    Fuzz.Report report = Fuzz.parser("audit inclusion proof", in ->
        verdict(auditor.verifyInclusion(head, InclusionProof.parse(Fuzz.utf8(in)), scan)))
        .seeds(proof.toDocument()).dictionary(DICTIONARY).typed(AuditException.class).run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }

  @Test
  void consistencyProofDocument_isReadOrRefusedWithATypedError_andVerifiedWithoutAThrow() {
    Fuzz.Report report = Fuzz.parser("audit consistency proof", in ->
        verdict(auditor.verifyConsistency(older, head, ConsistencyProof.parse(Fuzz.utf8(in)))))
        .seeds(consistency.toDocument()).dictionary(DICTIONARY).typed(AuditException.class).run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }

  @Test
  void entryOpeningDocument_isReadOrRefusedWithATypedError_andVerifiedWithoutAThrow() {
    Fuzz.Report report = Fuzz.parser("audit entry opening", in ->
        verdict(auditor.verifyInclusion(head, proof, AuditReceipt.parse(Fuzz.utf8(in)))))
        .seeds(scan.toDocument(), checkout.toDocument()).dictionary(DICTIONARY).typed(AuditException.class).run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }
}
