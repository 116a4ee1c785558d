package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash, a torn write or a damaged file leaves behind, and what opening the log makes of it.
 * A crash is simulated by copying the files of a log that was never closed (the bytes the OS holds
 * at that moment); damage by editing the copy.
 */
class AuditRecoveryTest {
  /** The leaves file's header and record sizes (TreeStore's format 1). */
  private static final int HEADER = 128;
  private static final int RECORD = 36;

  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();
  private final AuditVerifier auditor = AuditFixture.auditor();

  private static List<AuditReceipt> appendAll(AuditLog log, int from, int count) {
    List<CompletableFuture<AuditReceipt>> futures = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      futures.add(log.appendAsync(entry(i)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /** What a log held when it stopped: its last head and every receipt. */
  private record Stopped(SignedTreeHead head, List<AuditReceipt> receipts) {}

  /** A log in {@code live} that was closed after n appends. */
  private Stopped closedAfter(Path live, int n) {
    try (AuditLog log = AuditFixture.open(live, time)) {
      List<AuditReceipt> receipts = appendAll(log, 0, n);
      return new Stopped(log.treeHead(), receipts);
    }
  }

  /** The files a crash after n acknowledged appends leaves, copied to {@code crashed}. */
  private Stopped crashedAfter(int n, Path crashed) throws IOException {
    Path live = dir.resolve("live");
    AuditLog log = AuditFixture.open(live, time);
    try {
      List<AuditReceipt> receipts = appendAll(log, 0, n);
      SignedTreeHead head = log.treeHead();
      AuditFixture.crashCopy(live, crashed);
      return new Stopped(head, receipts);
    } finally {
      log.close();
    }
  }

  private static void patch(Path file, long at, byte[] bytes) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(bytes), at);
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    byte[] all = Files.readAllBytes(file);
    patch(file, at, new byte[] {(byte) (all[(int) at] ^ 0x40)});
  }

  private void assertProves(AuditLog log, SignedTreeHead expected, List<AuditReceipt> receipts) {
    SignedTreeHead head = log.treeHead();
    assertThat(head.size()).isEqualTo(expected.size());
    assertThat(head.root()).isEqualTo(expected.root());
    for (int i = 0; i < receipts.size(); i += Math.max(1, receipts.size() / 50)) {
      AuditReceipt r = receipts.get(i);
      assertThat(auditor.verifyInclusion(head, log.inclusionProof(r.index(), head.size()), r).valid()).isTrue();
    }
  }

  @Test
  void crashAfterAcknowledgedAppends_reopensWithEveryOneOfThem() throws IOException {
    Stopped crash = crashedAfter(300, dir.resolve("crashed"));
    try (AuditLog reopened = AuditFixture.open(dir.resolve("crashed"), time)) {
      assertProves(reopened, crash.head(), crash.receipts());
    }
  }

  @Test
  void crashLongAfterTheLastCheckpoint_replaysTheLeavesAfterIt() throws IOException {
    Stopped crash = crashedAfter(70_000, dir.resolve("crashed")); // a checkpoint at 65,536 or more, then more
    SignedTreeHead head = crash.head();
    try (AuditLog reopened = AuditFixture.open(dir.resolve("crashed"), time)) {
      assertProves(reopened, head, crash.receipts());
      AuditReceipt next = reopened.append(entry(70_000));
      assertThat(next.index()).isEqualTo(70_000);
      SignedTreeHead after = reopened.treeHead();
      assertThat(auditor.verifyConsistency(head, after, reopened.consistencyProof(head.size(), after.size())).valid())
          .isTrue();
    }
  }

  @Test
  void tornTailOfTheLastBatch_isCutOffAndTheLogContinues() throws IOException {
    Path live = dir.resolve("live");
    SignedTreeHead head = closedAfter(live, 50).head();
    Path leaves = live.resolve("leaves");
    Files.write(leaves, new byte[20], StandardOpenOption.APPEND); // half a record, zeroed
    try (AuditLog log = AuditFixture.open(live, time)) {
      assertThat(log.size()).isEqualTo(50);
      assertThat(log.treeHead().root()).isEqualTo(head.root());
      assertThat(log.append(entry(50)).index()).isEqualTo(50);
    }
    assertThat(Files.size(leaves)).isEqualTo(HEADER + 51L * RECORD);
  }

  @Test
  void lastRecordFailingItsChecksum_isTreatedAsTornAndDropped() throws IOException {
    Path live = dir.resolve("live");
    SignedTreeHead at49;
    try (AuditLog log = AuditFixture.open(live, time)) {
      appendAll(log, 0, 49);
      at49 = log.treeHead();
      appendAll(log, 49, 1);
    }
    Files.delete(live.resolve("checkpoint")); // as if the crash came before the closing checkpoint
    flipByte(live.resolve("leaves"), HEADER + 49L * RECORD + 3);
    try (AuditLog log = AuditFixture.open(live, time)) {
      assertThat(log.size()).isEqualTo(49);
      assertThat(log.treeHead().root()).isEqualTo(at49.root());
    }
  }

  @Test
  void damagedAcknowledgedEntryFarFromTheEnd_refusesToOpenRatherThanDropEntries() throws IOException {
    Path live = dir.resolve("live");
    closedAfter(live, 20_000);
    Files.delete(live.resolve("checkpoint"));
    flipByte(live.resolve("leaves"), HEADER + 10L * RECORD + 7);

    assertThatThrownBy(() -> AuditFixture.open(live, time)).isInstanceOfSatisfying(AuditException.class, e -> {
      assertThat(e.reason()).isEqualTo(AuditException.Reason.STORAGE);
      assertThat(e.getMessage()).contains("entry 10").contains("backup");
    });
    assertThat(Files.size(live.resolve("leaves"))).as("nothing was cut").isEqualTo(HEADER + 20_000L * RECORD);
  }

  @Test
  void lostNodeFile_isRebuiltFromTheLeaves() throws IOException {
    Path live = dir.resolve("live");
    Stopped stopped = closedAfter(live, 1_000);
    Files.delete(live.resolve("nodes"));
    try (AuditLog log = AuditFixture.open(live, time)) {
      assertProves(log, stopped.head(), stopped.receipts());
    }
  }

  @Test
  void damagedNodeOnTheFrontier_failsTheCheckpointRootAndIsRebuilt() throws IOException {
    Path live = dir.resolve("live");
    Stopped stopped = closedAfter(live, 1_000);
    Path nodes = live.resolve("nodes");
    flipByte(nodes, Files.size(nodes) - 5); // the last node written is the root of a frontier subtree
    try (AuditLog log = AuditFixture.open(live, time)) {
      assertProves(log, stopped.head(), stopped.receipts());
    }
  }

  @Test
  void damagedCheckpoint_isIgnoredAndTheTreeRebuilt() throws IOException {
    Path live = dir.resolve("live");
    Stopped stopped = closedAfter(live, 500);
    flipByte(live.resolve("checkpoint"), 20);
    try (AuditLog log = AuditFixture.open(live, time)) {
      assertProves(log, stopped.head(), stopped.receipts());
    }
  }

  @Test
  void leavesShorterThanTheirCheckpoint_refuseToOpen() throws IOException {
    Path live = dir.resolve("live");
    closedAfter(live, 100);
    try (FileChannel c = FileChannel.open(live.resolve("leaves"), StandardOpenOption.WRITE)) {
      c.truncate(HEADER + 90L * RECORD);
    }
    assertThatThrownBy(() -> AuditFixture.open(live, time)).isInstanceOfSatisfying(AuditException.class, e -> {
      assertThat(e.reason()).isEqualTo(AuditException.Reason.STORAGE);
      assertThat(e.getMessage()).contains("acknowledged entries were lost");
    });
  }

  @Test
  void aFileThatIsNotAnAuditLog_isRefused() throws IOException {
    Path live = dir.resolve("live");
    Files.createDirectories(live);
    Files.write(live.resolve("leaves"), new byte[4096]);
    assertThatThrownBy(() -> AuditFixture.open(live, time)).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.getMessage()).contains("not an audit log"));
  }
}
