package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 9162 inclusion proof (audit path) of one leaf in the tree of a given size: the sibling
 * hashes from the leaf up to the root, leaf to root. A proof does not pin the tree size by itself
 * (the size-8 proof of leaf 5 also verifies against the size-8 root if size 7 is claimed), so
 * {@link AuditVerifier} checks it only against the (size, root) of a {@link SignedTreeHead}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format":"microevent-audit-inclusion/1","log":"rooftop.north-1","index":5,"size":8,
 *  "path":["<base64, 32 bytes>", ...]}
 * }</pre>
 */
public final class InclusionProof {
  private final String logId;
  private final long index;
  private final long treeSize;
  private final List<byte[]> path;

  private InclusionProof(String logId, long index, long treeSize, List<byte[]> path) {
    this.logId = logId;
    this.index = index;
    this.treeSize = treeSize;
    this.path = path;
  }

  /**
   * A proof from its parts (the log makes them).
   *
   * @param logId the log's id
   * @param index the leaf index, 0 or more
   * @param treeSize the tree size, 0 or more
   * @param path at most 64 hashes of 32 bytes, leaf to root (copied)
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if a part is out of its form
   */
  public static InclusionProof of(String logId, long index, long treeSize, List<byte[]> path) {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(path, "path");
    AuditCodec.checkLogId(logId);
    AuditCodec.checkSize("index", index);
    AuditCodec.checkSize("size", treeSize);
    return new InclusionProof(logId, index, treeSize, AuditCodec.copyPath(path));
  }

  /**
   * Reads an inclusion proof document ({@link #toDocument()}); unknown members are ignored.
   *
   * @param document the JSON text, at most 64 KiB
   * @return the proof
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) for anything else
   */
  public static InclusionProof parse(String document) {
    Objects.requireNonNull(document, "document");
    return AuditCodec.parseInclusion(document);
  }

  /**
   * The proof document.
   *
   * @return JSON text
   */
  public String toDocument() {
    return AuditCodec.writeInclusion(this);
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
   * The leaf's index.
   *
   * @return the index
   */
  public long index() {
    return index;
  }

  /**
   * The tree size the proof is for.
   *
   * @return the size
   */
  public long treeSize() {
    return treeSize;
  }

  /**
   * The audit path, leaf to root.
   *
   * @return copies of the hashes
   */
  public List<byte[]> path() {
    return AuditCodec.copyPath(path);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof InclusionProof p && logId.equals(p.logId) && index == p.index && treeSize == p.treeSize
        && AuditCodec.samePath(path, p.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logId, index, treeSize, AuditCodec.pathHash(path));
  }

  @Override
  public String toString() {
    return "InclusionProof{log=" + logId + ", index=" + index + ", size=" + treeSize + ", " + path.size()
        + " hashes}";
  }
}
