package dev.microevent.benchmarks;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditVerdict;
import dev.microevent.commerce.audit.AuditVerifier;
import dev.microevent.commerce.audit.ConsistencyProof;
import dev.microevent.commerce.audit.InclusionProof;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.commerce.audit.internal.Hasher;
import dev.microevent.commerce.audit.internal.Merkle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * Proof times on a log of {@value #SIZE} entries: making an inclusion and a consistency proof
 * (read from the node file), signing a tree head, and an auditor's verification, in full
 * ({@code AuditVerifier}: the head's Ed25519 signature, then the Merkle path) and of the Merkle
 * path alone. Run it with {@link AuditLogReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AuditProofBenchmark {
  /** Entries in the log. */
  static final int SIZE = 1_000_000;
  private static final int SAMPLES = 1_024;

  AuditLog log;
  Path dir;
  SignedTreeHead head;
  AuditVerifier verifier;
  final List<AuditReceipt> receipts = new ArrayList<>();
  final List<InclusionProof> proofs = new ArrayList<>();
  final List<SignedTreeHead> olderHeads = new ArrayList<>();
  final List<ConsistencyProof> consistencies = new ArrayList<>();
  final SplittableRandom random = new SplittableRandom(613);
  int next;

  /**
   * Fills a log with a million entries, keeping every 977th receipt and a head every 15,625
   * entries, then makes their proofs.
   *
   * @throws IOException if the directory cannot be made
   */
  @Setup(Level.Trial)
  public void fill() throws IOException {
    dir = Files.createTempDirectory(Path.of(System.getProperty("audit.bench.dir", "target")).toAbsolutePath(),
        "audit-proofs");
    log = AuditAppendBenchmark.Log.open(dir);
    verifier = AuditVerifier.pinned(log.publicKey());
    AuditEntry[] entries = AuditAppendBenchmark.entries(4_096);
    ArrayDeque<CompletableFuture<AuditReceipt>> inFlight = new ArrayDeque<>();
    for (int i = 0; i < SIZE; i++) {
      inFlight.add(log.appendAsync(entries[i & 4_095]));
      if (inFlight.size() > AuditAppendBenchmark.WINDOW || i == SIZE - 1) {
        while (inFlight.size() > (i == SIZE - 1 ? 0 : AuditAppendBenchmark.WINDOW / 2)) {
          AuditReceipt r = inFlight.poll().join();
          if (r.index() % 977 == 0 && receipts.size() < SAMPLES) {
            receipts.add(r);
          }
          if ((r.index() + 1) % 15_625 == 0 && r.index() + 1 < SIZE) {
            olderHeads.add(log.treeHead()); // at the durable size, this leaf's or a little more
          }
        }
      }
    }
    head = log.treeHead();
    for (AuditReceipt r : receipts) {
      proofs.add(log.inclusionProof(r.index(), head.size()));
    }
    for (SignedTreeHead older : olderHeads) {
      consistencies.add(log.consistencyProof(older.size(), head.size()));
    }
    if (!verifyInclusion().valid() || !verifyConsistency().valid()) {
      throw new IllegalStateException("the log's own proofs do not verify");
    }
  }

  /**
   * Closes the log and deletes its files.
   *
   * @throws IOException if they cannot be deleted
   */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    log.close();
    AuditAppendBenchmark.delete(dir);
  }

  private int pick(int n) {
    next = (next + 1) % n;
    return next;
  }

  /**
   * An inclusion proof of a random leaf at the full size.
   *
   * @return the proof
   */
  @Benchmark
  public InclusionProof inclusionProof() {
    return log.inclusionProof(random.nextLong(SIZE), SIZE);
  }

  /**
   * A consistency proof from a random older size to the full size.
   *
   * @return the proof
   */
  @Benchmark
  public ConsistencyProof consistencyProof() {
    return log.consistencyProof(1 + random.nextLong(SIZE - 1), SIZE);
  }

  /**
   * Signing the current tree head.
   *
   * @return the head
   */
  @Benchmark
  public SignedTreeHead treeHead() {
    return log.treeHead();
  }

  /**
   * An auditor's full inclusion check: head signature, opening, path.
   *
   * @return the verdict
   */
  @Benchmark
  public AuditVerdict verifyInclusion() {
    int i = pick(receipts.size());
    return verifier.verifyInclusion(head, proofs.get(i), receipts.get(i));
  }

  /**
   * The Merkle part of an inclusion check alone: commitment, leaf hash, 20 node hashes.
   *
   * @return whether it verifies
   */
  @Benchmark
  public boolean verifyInclusionPathOnly() {
    int i = pick(receipts.size());
    Hasher h = new Hasher();
    return Merkle.verifyInclusion(h, proofs.get(i).index(), SIZE, h.leaf(receipts.get(i).commitment()),
        proofs.get(i).path(), head.root()) == null;
  }

  /**
   * An auditor's full consistency check: two head signatures and the proof.
   *
   * @return the verdict
   */
  @Benchmark
  public AuditVerdict verifyConsistency() {
    int i = pick(consistencies.size());
    return verifier.verifyConsistency(olderHeads.get(i), head, consistencies.get(i));
  }
}
