package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import dev.microevent.commerce.audit.internal.DefaultAuditLog;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A tamper-evident, append-only log of gate scans and checkout outcomes: an RFC 9162 Merkle tree
 * whose leaves are salted commitments to {@link AuditEntry}s (the log never keeps an entry, only
 * {@code SHA-256(salt || entry)}, and hands the opening to the appender as an {@link
 * AuditReceipt}), with Ed25519-signed tree heads, inclusion proofs and consistency proofs, kept in
 * a directory of append-only files.
 *
 * <p><b>Durable means forced to the device.</b> An append is acknowledged (its future completes,
 * {@link #append} returns) only after its leaf was written and {@code fdatasync}ed: it survives a
 * crash of the app and a power loss (on storage that honours flushes). Concurrent appends share
 * one write and one sync (group commit), so throughput comes from many appenders or {@link
 * #appendAsync}, while one caller waiting on each {@link #append} gets one append per sync. A
 * {@link #treeHead()} only ever covers acknowledged leaves, so no signed head can be contradicted
 * by a crash. An append that did not return before a crash may or may not be in the log after
 * it; appending it again may record it twice (each with its own receipt).
 *
 * <pre>{@code
 * try (AuditLog log = AuditLog.builder().directory(Path.of("/var/lib/gate/audit"))
 *     .logId("rooftop-2026-06-13.north-1").signingKey(AuditSigningKey.fromSeed(seed)).open()) {
 *   AuditReceipt r = log.append(AuditEntry.gateScan(event, ticket, gate, VerdictKind.VALID, now));
 *   SignedTreeHead head = log.treeHead();
 *   InclusionProof proof = log.inclusionProof(r.index(), head.size());
 *   // auditor: AuditVerifier.pinned(publicKey).verifyInclusion(head, proof, r)
 * }
 * }</pre>
 *
 * <p>Thread-safe: any thread may append, sign heads and make proofs at once. One log directory is
 * open in one {@code AuditLog} at a time (a file lock says so). {@link #appendAsync} never blocks,
 * so it suits listeners (the scan ledger's conflict listener, checkout outcome callbacks).
 *
 * @see AuditVerifier
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Starts configuring a log.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The log's id, as its heads, proofs and receipts name it.
   *
   * @return the id
   */
  String logId();

  /**
   * The public key that verifies this log's heads, for auditors to pin.
   *
   * @return a copy of the 32 bytes
   */
  byte[] publicKey();

  /**
   * Appends an entry and waits until it is durable.
   *
   * @param entry the entry
   * @return the receipt: leaf index and opening, for whoever must later prove the entry
   * @throws AuditException {@link AuditException.Reason#STORAGE} if the leaf could not be written
   *     (the log then refuses every later append: reopen it), {@link AuditException.Reason#CLOSED}
   *     after {@link #close()}, {@link AuditException.Reason#OUT_OF_RANGE} if the log is full
   */
  AuditReceipt append(AuditEntry entry);

  /**
   * Appends an entry without waiting: the future completes with the receipt once the entry is
   * durable, or exceptionally with an {@link AuditException} (as {@link #append}, and {@link
   * AuditException.Reason#BACKLOG_FULL} at once when more entries wait than the backlog holds).
   * Never blocks and never throws for a non-null entry.
   *
   * @param entry the entry
   * @return the receipt, when durable
   */
  CompletableFuture<AuditReceipt> appendAsync(AuditEntry entry);

  /**
   * How many entries are durable.
   *
   * @return the size
   */
  long size();

  /**
   * Signs the current tree head: the durable size, its root and the clock's time.
   *
   * @return the head
   */
  SignedTreeHead treeHead();

  /**
   * The inclusion proof of a leaf in the tree of a given size.
   *
   * @param index the leaf, below {@code treeSize}
   * @param treeSize a size the log has reached (usually a signed head's), 1 or more
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) for an index or size out
   *     of range; {@link AuditException.Reason#STORAGE} if the log's files cannot be read
   */
  InclusionProof inclusionProof(long index, long treeSize);

  /**
   * The consistency proof between two sizes the log has reached (empty when they are equal or the
   * first is 0).
   *
   * @param firstSize the older size
   * @param secondSize the newer size, at least {@code firstSize}
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) for sizes out of range;
   *     {@link AuditException.Reason#STORAGE} if the log's files cannot be read
   */
  ConsistencyProof consistencyProof(long firstSize, long secondSize);

  /**
   * Writes every waiting append, records a checkpoint and closes the files. Idempotent.
   *
   * @throws AuditException ({@link AuditException.Reason#STORAGE}) if the files cannot be closed
   */
  @Override
  void close();

  /**
   * Configures an {@link AuditLog}. Not thread-safe.
   */
  final class Builder {
    private @Nullable Path directory;
    private @Nullable String logId;
    private @Nullable AuditSigningKey signingKey;
    private Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom random;
    private int backlog = 65_536;

    Builder() {}

    /**
     * The directory holding the log's files (created if missing). Required.
     *
     * @param directory the directory; one log per directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The log's id, signed into every head. Required; an existing log must be opened with its id.
     *
     * @param logId 1..64 characters of {@code [A-Za-z0-9._-]}, e.g. {@code rooftop-2026-06-13.north-1}
     * @return this builder
     * @throws AuditException ({@link AuditException.Reason#MALFORMED}) for another form
     */
    public Builder logId(String logId) {
      Objects.requireNonNull(logId, "logId");
      AuditCodec.checkLogId(logId);
      this.logId = logId;
      return this;
    }

    /**
     * The key that signs tree heads. Required.
     *
     * @param signingKey the key
     * @return this builder
     */
    public Builder signingKey(AuditSigningKey signingKey) {
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      return this;
    }

    /**
     * The clock that timestamps tree heads. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The source of salts. Default a new {@link SecureRandom}; change it only for reproducible
     * tests: predictable salts let anyone guess entries from the published tree.
     *
     * @param random a strong random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How many appends may wait to be written; past it {@link AuditLog#appendAsync} fails fast
     * with {@link AuditException.Reason#BACKLOG_FULL} and {@link AuditLog#append} waits. Default
     * 65,536 (about one second of appends at full speed).
     *
     * @param entries 1 or more
     * @return this builder
     */
    public Builder backlog(int entries) {
      if (entries < 1) {
        throw new AuditException(AuditException.Reason.CONFIGURATION, "the backlog is 1 or more, got " + entries,
            null);
      }
      this.backlog = entries;
      return this;
    }

    /**
     * Opens the log, recovering it after a crash (see the class comment).
     *
     * @return the log; close it
     * @throws AuditException {@link AuditException.Reason#STORAGE} if the directory cannot be
     *     opened, is in use, holds another log, or holds damaged acknowledged entries; {@link
     *     AuditException.Reason#CONFIGURATION} if the directory, log id or signing key is missing
     */
    public AuditLog open() {
      if (directory == null || logId == null || signingKey == null) {
        throw new AuditException(AuditException.Reason.CONFIGURATION,
            "an audit log needs a directory, a logId and a signingKey (set all three on the builder)", null);
      }
      return DefaultAuditLog.open(directory, logId, signingKey.seed(), clock,
          random == null ? new SecureRandom() : random, backlog);
    }
  }
}
