package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log as an app and an auditor use it: appends, signed heads, proofs, restarts. */
class AuditLogTest {
  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();
  private final AuditVerifier auditor = AuditFixture.auditor();

  @Test
  void everyAppendedEntry_isProvenInTheSignedHead() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      List<AuditReceipt> receipts = new ArrayList<>();
      for (int i = 0; i < 37; i++) {
        receipts.add(log.append(entry(i)));
      }
      SignedTreeHead head = log.treeHead();

      assertThat(head.size()).isEqualTo(37);
      assertThat(head.timestamp()).isEqualTo(time.now());
      assertThat(auditor.verifyHead(head).valid()).isTrue();
      for (AuditReceipt r : receipts) {
        assertThat(r.logId()).isEqualTo(AuditFixture.LOG);
        AuditVerdict v = auditor.verifyInclusion(head, log.inclusionProof(r.index(), head.size()), r);
        assertThat(v.valid()).as(v.detail()).isTrue();
      }
      assertThat(receipts).extracting(AuditReceipt::index).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, 37).boxed().toList());
    }
  }

  @Test
  void everyProofTheLogProduces_verifiesAtRandomSizes() {
    SplittableRandom random = new SplittableRandom(613);
    try (AuditLog log = AuditFixture.open(dir, time)) {
      List<SignedTreeHead> heads = new ArrayList<>(List.of(log.treeHead()));
      List<AuditReceipt> receipts = new ArrayList<>();
      int n = 0;
      while (heads.size() < 40) {
        int chunk = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 9);
        List<CompletableFuture<AuditReceipt>> futures = new ArrayList<>();
        for (int i = 0; i < chunk; i++) {
          futures.add(log.appendAsync(entry(n++)));
        }
        futures.forEach(f -> receipts.add(f.join()));
        time.advance(Duration.ofSeconds(1));
        heads.add(log.treeHead());
      }
      for (SignedTreeHead head : heads) {
        for (int s = 0; s < 12 && head.size() > 0; s++) {
          AuditReceipt r = receipts.get(random.nextInt((int) head.size()));
          AuditVerdict v = auditor.verifyInclusion(head, log.inclusionProof(r.index(), head.size()), r);
          assertThat(v.valid()).as("leaf %d at size %d: %s", r.index(), head.size(), v.detail()).isTrue();
        }
      }
      for (int i = 0; i < heads.size(); i++) {
        for (int j = i; j < heads.size(); j++) {
          SignedTreeHead older = heads.get(i);
          SignedTreeHead newer = heads.get(j);
          AuditVerdict v = auditor.verifyConsistency(older, newer, log.consistencyProof(older.size(), newer.size()));
          assertThat(v.valid()).as("%d -> %d: %s", older.size(), newer.size(), v.detail()).isTrue();
        }
      }
    }
  }

  @Test
  void concurrentAppenders_getDistinctIndicesAndAllAreDurable() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (AuditLog log = AuditFixture.open(dir, time)) {
      List<Future<AuditReceipt>> results = new ArrayList<>();
      for (int i = 0; i < 800; i++) {
        int n = i;
        results.add(pool.submit(() -> log.append(entry(n))));
      }
      Set<Long> indices = new HashSet<>();
      for (Future<AuditReceipt> f : results) {
        indices.add(f.get().index());
      }
      assertThat(indices).hasSize(800).allMatch(i -> i >= 0 && i < 800);
      assertThat(log.size()).isEqualTo(800);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reopenedLog_continuesConsistentlyAndOldReceiptsStillProve() {
    List<AuditReceipt> before = new ArrayList<>();
    SignedTreeHead first;
    try (AuditLog log = AuditFixture.open(dir, time)) {
      for (int i = 0; i < 123; i++) {
        before.add(log.append(entry(i)));
      }
      first = log.treeHead();
    }
    time.advance(Duration.ofMinutes(5));
    try (AuditLog log = AuditFixture.open(dir, time)) {
      assertThat(log.size()).isEqualTo(first.size());
      assertThat(log.treeHead().root()).isEqualTo(first.root());
      AuditReceipt after = log.append(entry(5_000));
      SignedTreeHead second = log.treeHead();

      assertThat(after.index()).isEqualTo(first.size());
      assertThat(auditor.verifyConsistency(first, second, log.consistencyProof(first.size(), second.size())).valid())
          .isTrue();
      for (AuditReceipt r : before) {
        assertThat(auditor.verifyInclusion(second, log.inclusionProof(r.index(), second.size()), r).valid()).isTrue();
      }
    }
  }

  @Test
  void askingForProofsOfSizesTheLogHasNotReached_isOutOfRange() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      for (int i = 0; i < 5; i++) {
        log.append(entry(i));
      }
      for (long[] bad : new long[][] {{0, 6}, {5, 5}, {-1, 3}, {0, 0}, {3, 2}}) {
        assertThatThrownBy(() -> log.inclusionProof(bad[0], bad[1])).isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.OUT_OF_RANGE));
      }
      for (long[] bad : new long[][] {{3, 2}, {0, 6}, {-1, 2}}) {
        assertThatThrownBy(() -> log.consistencyProof(bad[0], bad[1])).isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.OUT_OF_RANGE));
      }
      assertThat(log.consistencyProof(0, 5).path()).isEmpty();
      assertThat(log.consistencyProof(5, 5).path()).isEmpty();
    }
  }

  @Test
  void closedLog_refusesAppendsAndProofs_andClosesTwiceQuietly() {
    AuditLog log = AuditFixture.open(dir, time);
    log.append(entry(0));
    log.close();
    log.close();

    assertThatThrownBy(() -> log.append(entry(1))).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.CLOSED));
    assertThat(log.appendAsync(entry(1))).isCompletedExceptionally();
    assertThatThrownBy(() -> log.inclusionProof(0, 1)).isInstanceOf(AuditException.class);
  }

  @Test
  void closingWithAppendsInFlight_writesOrRefusesEachOne_neverLosesAnAcknowledgedOne() {
    AuditLog log = AuditFixture.open(dir, time);
    List<CompletableFuture<AuditReceipt>> futures = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      futures.add(log.appendAsync(entry(i)));
    }
    log.close();
    long written = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
    assertThat(futures).allMatch(CompletableFuture::isDone);
    try (AuditLog reopened = AuditFixture.open(dir, time)) {
      assertThat(reopened.size()).isEqualTo(written);
    }
  }

  @Test
  void aSecondLogOnTheSameDirectory_isRefused() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      assertThatThrownBy(() -> AuditFixture.open(dir, time)).isInstanceOfSatisfying(AuditException.class,
          e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.STORAGE));
      assertThat(log.size()).isZero();
    }
  }

  @Test
  void aDirectoryOfAnotherLog_isRefused() {
    AuditFixture.open(dir, time).close();
    assertThatThrownBy(() -> AuditLog.builder().directory(dir).logId("another-log").signingKey(AuditFixture.KEY)
        .open()).isInstanceOfSatisfying(AuditException.class, e -> {
          assertThat(e.reason()).isEqualTo(AuditException.Reason.STORAGE);
          assertThat(e.getMessage()).contains("another-log");
        });
  }

  @Test
  void builderWithoutItsRequiredParts_saysWhatIsMissing() {
    assertThatThrownBy(() -> AuditLog.builder().directory(dir).open()).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.CONFIGURATION));
    assertThatThrownBy(() -> AuditLog.builder().backlog(0)).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> AuditLog.builder().logId("no spaces")).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.MALFORMED));
  }

  @Test
  void emptyLog_signsTheEmptyRoot() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      SignedTreeHead head = log.treeHead();
      assertThat(head.size()).isZero();
      assertThat(java.util.HexFormat.of().formatHex(head.root()))
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assertThat(auditor.verifyHead(head).valid()).isTrue();
    }
  }
}
