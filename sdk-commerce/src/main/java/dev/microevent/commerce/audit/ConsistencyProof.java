package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 9162 consistency proof between two sizes of the same log: the hashes that show the tree
 * of the first size is a prefix of the tree of the second, so nothing was changed or removed in
 * between, only appended. {@link AuditVerifier} checks it against two {@link SignedTreeHead}s.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format":"microevent-audit-consistency/1","log":"rooftop.north-1","from":6,"to":8,
 *  "path":["<base64, 32 bytes>", ...]}
 * }</pre>
 */
public final class ConsistencyProof {
  private final String logId;
  private final long firstSize;
  private final long secondSize;
  private final List<byte[]> path;

  private ConsistencyProof(String logId, long firstSize, long secondSize, List<byte[]> path) {
    this.logId = logId;
    this.firstSize = firstSize;
    this.secondSize = secondSize;
    this.path = path;
  }

  /**
   * A proof from its parts (the log makes them).
   *
   * @param logId the log's id
   * @param firstSize the older size, 0 or more
   * @param secondSize the newer size, 0 or more
   * @param path at most 64 hashes of 32 bytes (copied)
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if a part is out of its form
   */
  public static ConsistencyProof of(String logId, long firstSize, long secondSize, List<byte[]> path) {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(path, "path");
    AuditCodec.checkLogId(logId);
    AuditCodec.checkSize("from", firstSize);
    AuditCodec.checkSize("to", secondSize);
    return new ConsistencyProof(logId, firstSize, secondSize, AuditCodec.copyPath(path));
  }

  /**
   * Reads a consistency proof document ({@link #toDocument()}); unknown members are ignored.
   *
   * @param document the JSON text, at most 64 KiB
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) for anything else
   */
  public static ConsistencyProof parse(String document) {
    Objects.requireNonNull(document, "document");
    return AuditCodec.parseConsistency(document);
  }

  /**
   * The proof document.
   *
   * @return JSON text
   */
  public String toDocument() {
    return AuditCodec.writeConsistency(this);
  }

  /**
   * The log's id.
   *
   * @return the id
   */
  public String logId() {
    return logId;
  }

  /**
   * The older tree size.
   *
   * @return the size
   */
  public long firstSize() {
    return firstSize;
  }

  /**
   * The newer tree size.
   *
   * @return the size
   */
  public long secondSize() {
    return secondSize;
  }

  /**
   * The proof's hashes, in RFC 9162 order.
   *
   * @return copies of the hashes
   */
  public List<byte[]> path() {
    return AuditCodec.copyPath(path);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConsistencyProof p && logId.equals(p.logId) && firstSize == p.firstSize
        && secondSize == p.secondSize && AuditCodec.samePath(path, p.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logId, firstSize, secondSize, AuditCodec.pathHash(path));
  }

  @Override
  public String toString() {
    return "ConsistencyProof{log=" + logId + ", " + firstSize + " -> " + secondSize + ", " + path.size()
        + " hashes}";
  }
}
