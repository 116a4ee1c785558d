package dev.microevent.commerce.audit.internal;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditException;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.ConsistencyProof;
import dev.microevent.commerce.audit.InclusionProof;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.commerce.internal.EdKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditLog} over a {@link TreeStore}: callers draw the salt and compute the commitment
 * on their own thread and queue it; one writer thread takes everything queued (up to {@link
 * TreeStore#MAX_BATCH}), writes the leaves and nodes with one write each, forces the leaves with
 * one {@code fdatasync}, publishes the new (size, root) and completes the batch's futures (group
 * commit). Heads and proofs are served from the published size, so they never cover a leaf that is
 * not durable. Thread-safe.
 */
public final class DefaultAuditLog implements AuditLog {
  private static final Logger log = LoggerFactory.getLogger(DefaultAuditLog.class);

  /** One queued append; {@link #POISON} (no entry) tells the writer to stop. */
  private static final class Pending {
    final @Nullable AuditEntry entry;
    final byte[] salt;
    final byte[] commitment;
    final CompletableFuture<AuditReceipt> done = new CompletableFuture<>();

    Pending(@Nullable AuditEntry entry, byte[] salt, byte[] commitment) {
      this.entry = entry;
      this.salt = salt;
      this.commitment = commitment;
    }
  }

  /** The durable tree: what heads and proofs are served from. */
  private static final class State {
    final long size;
    final byte[] root;

    State(long size, byte[] root) {
      this.size = size;
      this.root = root;
    }
  }

  private static final Pending POISON = new Pending(null, new byte[0], new byte[0]);

  private final Path directory;
  private final String logId;
  private final byte[] seed;
  private final byte[] publicKey;
  private final String keyId;
  private final Clock clock;
  private final SecureRandom random;
  private final TreeStore store;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private volatile State state;
  private volatile @Nullable AuditException failure;
  private volatile boolean closed;
  private boolean closeDone;

  private DefaultAuditLog(Path directory, String logId, byte[] seed, Clock clock, SecureRandom random, int backlog,
      TreeStore store) {
    this.directory = directory;
    this.logId = logId;
    this.seed = seed;
    this.publicKey = EdKey.publicKey(seed);
    this.keyId = HexFormat.of().toHexDigits(EdKey.keyId(publicKey));
    this.clock = clock;
    this.random = random;
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(backlog);
    this.state = new State(store.size(), store.root());
    this.writer = new Thread(this::run, "microevent-audit-" + logId);
    this.writer.setDaemon(true);
  }

  /**
   * Opens a log (see {@link AuditLog.Builder#open()}).
   *
   * @param directory the directory
   * @param logId the log id (already checked)
   * @param seed the signing key's seed
   * @param clock the clock for heads
   * @param random the salt source
   * @param backlog the queue's capacity
   * @return the log
   */
  public static AuditLog open(Path directory, String logId, byte[] seed, Clock clock, SecureRandom random,
      int backlog) {
    DefaultAuditLog l = new DefaultAuditLog(directory, logId, seed, clock, random, backlog,
        TreeStore.open(directory, logId));
    l.writer.start();
    return l;
  }

  @Override
  public String logId() {
    return logId;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public AuditReceipt append(AuditEntry entry) {
    Pending p = pending(entry);
    AuditException refused = refusal();
    if (refused != null) {
      throw refused;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (queue.offer(p, 50, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
        refused = refusal();
        if (refused != null) {
          throw refused;
        }
      }
      withdrawIfClosed(p);
      while (true) {
        try {
          return p.done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          throw unwrap(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public CompletableFuture<AuditReceipt> appendAsync(AuditEntry entry) {
    Pending p = pending(entry);
    AuditException refused = refusal();
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    if (!queue.offer(p)) {
      return CompletableFuture.failedFuture(new AuditException(AuditException.Reason.BACKLOG_FULL, "the audit log "
          + logId + " has " + queue.size() + " appends waiting to be written, its backlog; retry shortly or raise"
          + " AuditLog.Builder.backlog", null));
    }
    withdrawIfClosed(p);
    return p.done;
  }

  private Pending pending(AuditEntry entry) {
    Objects.requireNonNull(entry, "entry");
    byte[] salt = new byte[AuditReceipt.SALT_SIZE];
    random.nextBytes(salt);
    return new Pending(entry, salt, new Hasher().commitment(salt, entry.canonicalBytes()));
  }

  private @Nullable AuditException refusal() {
    AuditException f = failure;
    if (f != null) {
      return f;
    }
    return closed ? closedException() : null;
  }

  private AuditException closedException() {
    return new AuditException(AuditException.Reason.CLOSED, "the audit log " + logId + " is closed", null);
  }

  /** An append that raced with close(): if the writer did not take it, it fails here. */
  private void withdrawIfClosed(Pending p) {
    if (closed && queue.remove(p)) {
      p.done.completeExceptionally(closedException());
    }
  }

  private static AuditException unwrap(@Nullable Throwable t) {
    if (t instanceof AuditException a) {
      return a;
    }
    if (t instanceof CompletionException c) {
      return unwrap(c.getCause());
    }
    return new AuditException(AuditException.Reason.STORAGE, "the audit log's writer failed: " + t, t);
  }

  @Override
  public long size() {
    return state.size;
  }

  @Override
  public SignedTreeHead treeHead() {
    State s = state;
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    byte[] message = AuditCodec.signedHeadBytes(logId, s.size, s.root, now);
    byte[] sig = EdKey.sign(seed, publicKey, message, 0, message.length);
    try {
      return SignedTreeHead.of(logId, s.size, s.root, now, keyId, sig);
    } catch (AuditException e) {
      throw new AuditException(AuditException.Reason.OUT_OF_RANGE, "cannot sign a tree head at " + now
          + ": the log's clock is outside years 0000..9999", e);
    }
  }

  @Override
  public InclusionProof inclusionProof(long index, long treeSize) {
    State s = readable();
    if (treeSize < 1 || treeSize > s.size) {
      throw outOfRange("tree size " + treeSize + " is not one this log has reached (1.." + s.size + ")");
    }
    if (index < 0 || index >= treeSize) {
      throw outOfRange("leaf " + index + " is not in the tree of size " + treeSize);
    }
    return InclusionProof.of(logId, index, treeSize, Merkle.inclusionPath(store::node, new Hasher(), index, treeSize));
  }

  @Override
  public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
    State s = readable();
    if (secondSize < 0 || secondSize > s.size) {
      throw outOfRange("tree size " + secondSize + " is not one this log has reached (0.." + s.size + ")");
    }
    if (firstSize < 0 || firstSize > secondSize) {
      throw outOfRange("the first size " + firstSize + " must be within 0.." + secondSize);
    }
    List<byte[]> path = firstSize == 0 || firstSize == secondSize ? List.of()
        : Merkle.consistencyPath(store::node, new Hasher(), firstSize, secondSize);
    return ConsistencyProof.of(logId, firstSize, secondSize, path);
  }

  private State readable() {
    if (closed) {
      throw closedException();
    }
    return state;
  }

  private AuditException outOfRange(String what) {
    return new AuditException(AuditException.Reason.OUT_OF_RANGE, "audit log " + logId + ": " + what, null);
  }

  // ---- the writer ---------------------------------------------------------------------------

  private void run() {
    List<Pending> batch = new ArrayList<>(TreeStore.MAX_BATCH);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts the writer; an interrupt must not stop it with appends queued
      }
      queue.drainTo(batch, TreeStore.MAX_BATCH - 1);
      int poison = batch.indexOf(POISON);
      if (poison >= 0) {
        stop = true;
        for (Pending late : batch.subList(poison, batch.size())) {
          late.done.completeExceptionally(closedException());
        }
        batch.subList(poison, batch.size()).clear();
      }
      write(batch);
      batch.clear();
    }
    if (failure == null) {
      try {
        store.checkpoint();
      } catch (IOException | RuntimeException e) {
        log.warn("audit log {}: cannot write its closing checkpoint; the next open rebuilds from the leaves ({})",
            logId, e.toString());
      }
    }
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    AuditException f = failure;
    if (f == null && store.size() + batch.size() > TreeStore.MAX_SIZE) {
      fail(batch, outOfRange("the log is full (" + TreeStore.MAX_SIZE + " entries); start a new log"));
      return;
    }
    if (f != null) {
      fail(batch, f);
      return;
    }
    long[] indices = new long[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        indices[i] = store.appendLeaf(batch.get(i).commitment);
      }
      store.flush();
      store.sync();
      state = new State(store.size(), store.root());
    } catch (IOException | RuntimeException | Error e) { // the writer must not die: fail the batch, stop the log
      AuditException storage = TreeStore.storage(directory, "cannot write or sync its files; the log refuses"
          + " appends until it is reopened", e);
      failure = storage;
      log.error("audit log {}: {}", logId, storage.getMessage(), e);
      fail(batch, storage);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      p.done.complete(AuditReceipt.of(logId, indices[i], p.salt, Objects.requireNonNull(p.entry)));
    }
    try {
      store.checkpointIfDue();
    } catch (IOException | RuntimeException e) {
      AuditException storage = TreeStore.storage(directory, "cannot write its checkpoint; the log refuses appends"
          + " until it is reopened", e);
      failure = storage;
      log.error("audit log {}: {}", logId, storage.getMessage(), e);
    }
  }

  private static void fail(List<Pending> batch, AuditException e) {
    for (Pending p : batch) {
      p.done.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closeDone) {
        return;
      }
      closeDone = true;
    }
    closed = true;
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(POISON);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.done.completeExceptionally(closedException());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      store.close();
    } catch (IOException e) {
      throw TreeStore.storage(directory, "cannot close its files", e);
    }
  }
}
