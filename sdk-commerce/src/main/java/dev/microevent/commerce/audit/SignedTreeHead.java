package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The log's signed statement "log {@code logId} had {@code size} entries with this root hash at
 * {@code timestamp}" (RFC 9162's signed tree head): the (size, root) pair every proof is checked
 * against. An auditor keeps the newest head it has verified and asks for a {@link
 * ConsistencyProof} to each newer one, which shows the log only ever grew. The Ed25519 signature
 * covers {@code "microevent-audit-tree-head/1"}, a zero byte, the log id (one length byte and its
 * ASCII), the size (unsigned 64-bit big-endian), the 32-byte root and the timestamp (signed 64-bit
 * big-endian milliseconds since the epoch). Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format":"microevent-audit-head/1","log":"rooftop.north-1","size":8,"root":"<base64, 32 bytes>",
 *  "timestamp":"2026-06-13T20:15:04.001Z","keyId":"<16 hex digits>","signature":"<base64, 64 bytes>"}
 * }</pre>
 */
public final class SignedTreeHead {
  private final String logId;
  private final long size;
  private final byte[] root;
  private final Instant timestamp;
  private final String keyId;
  private final byte[] signature;

  private SignedTreeHead(String logId, long size, byte[] root, Instant timestamp, String keyId, byte[] signature) {
    this.logId = logId;
    this.size = size;
    this.root = root;
    this.timestamp = timestamp;
    this.keyId = keyId;
    this.signature = signature;
  }

  /**
   * A head from its parts (the log signs them; this is for tools that carry heads in another form).
   * Nothing is verified here: that is {@link AuditVerifier#verifyHead}.
   *
   * @param logId the log's id
   * @param size the tree size, 0 or more
   * @param root the 32-byte root hash (copied)
   * @param timestamp when it was signed, to the millisecond, within years 0000..9999
   * @param keyId the signing key's id: 16 lowercase hex digits
   * @param signature the 64-byte Ed25519 signature (copied)
   * @return the head
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if a part is out of its form
   */
  public static SignedTreeHead of(String logId, long size, byte[] root, Instant timestamp, String keyId,
      byte[] signature) {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    AuditCodec.checkLogId(logId);
    AuditCodec.checkSize("size", size);
    AuditCodec.checkHash("root", root);
    AuditCodec.checkTimestamp(timestamp);
    AuditCodec.checkKeyId(keyId);
    AuditCodec.checkSignature(signature);
    return new SignedTreeHead(logId, size, root.clone(), timestamp, keyId, signature.clone());
  }

  /**
   * Reads a head document ({@link #toDocument()}); unknown members are ignored. Reading checks the
   * form only: verify the signature with {@link AuditVerifier#verifyHead}.
   *
   * @param document the JSON text, at most 64 KiB
   * @return the head
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) for anything else
   */
  public static SignedTreeHead parse(String document) {
    Objects.requireNonNull(document, "document");
    return AuditCodec.parseHead(document);
  }

  /**
   * The head document.
   *
   * @return JSON text
   */
  public String toDocument() {
    return AuditCodec.writeHead(this);
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
   * How many entries the tree holds.
   *
   * @return the size
   */
  public long size() {
    return size;
  }

  /**
   * The RFC 9162 root hash of the tree (SHA-256 of nothing for an empty tree).
   *
   * @return a copy of the 32 bytes
   */
  public byte[] root() {
    return root.clone();
  }

  /**
   * When the log signed it, by the log's clock.
   *
   * @return the instant, to the millisecond
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * The id of the key that signed it (first 8 bytes of the SHA-256 of the public key, hex).
   *
   * @return 16 hex digits
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The Ed25519 signature.
   *
   * @return a copy of the 64 bytes
   */
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SignedTreeHead h && logId.equals(h.logId) && size == h.size && Arrays.equals(root, h.root)
        && timestamp.equals(h.timestamp) && keyId.equals(h.keyId) && Arrays.equals(signature, h.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logId, size, Arrays.hashCode(root), timestamp, keyId, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignedTreeHead{log=" + logId + ", size=" + size + ", root=" + HexFormat.of().formatHex(root, 0, 8)
        + "..., at=" + timestamp + ", key=" + keyId + "}";
  }
}
