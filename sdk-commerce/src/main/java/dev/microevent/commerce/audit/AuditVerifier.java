package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import dev.microevent.commerce.audit.internal.Hasher;
import dev.microevent.commerce.audit.internal.Merkle;
import dev.microevent.commerce.internal.EdKey;
import java.util.Objects;

/**
 * What an auditor runs on exported tree heads, proofs and openings, with the log's public key
 * pinned: pure functions, no log and no network needed. Each answer is an {@link AuditVerdict};
 * nothing here throws for any head, proof or opening (a null argument is a bug in the caller).
 * Inclusion and consistency are checked only against the (size, root) of a head whose signature
 * verifies, because a proof alone does not pin the tree size. Hashing and verification follow RFC
 * 9162 sections 2.1.1, 2.1.3.2 and 2.1.4.2 to the letter. Immutable and thread-safe.
 *
 * <pre>{@code
 * AuditVerifier auditor = AuditVerifier.pinned(logPublicKey);
 * auditor.verifyInclusion(head, proof, receipt).valid();       // the entry is in the log
 * auditor.verifyConsistency(lastSeenHead, head, consistency);  // the log only grew since
 * }</pre>
 */
public final class AuditVerifier {
  private final EdKey key;
  private final String keyId;

  private AuditVerifier(EdKey key, String keyId) {
    this.key = key;
    this.keyId = keyId;
  }

  /**
   * A verifier that accepts heads signed by one key.
   *
   * @param publicKey the log's raw 32-byte Ed25519 public key ({@link AuditLog#publicKey()})
   * @return the verifier
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if the bytes are not a valid
   *     Ed25519 public key
   */
  public static AuditVerifier pinned(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    byte[] raw = publicKey.clone();
    EdKey k = EdKey.of(raw);
    if (k == null) {
      throw new AuditException(AuditException.Reason.MALFORMED, "not a valid Ed25519 public key (" + raw.length
          + " bytes; it must be 32 bytes encoding a point of the prime-order subgroup)", null);
    }
    return new AuditVerifier(k, AuditSigningKey.keyId(raw));
  }

  /**
   * The pinned key's id, as heads name their key.
   *
   * @return 16 hex digits
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Whether a tree head was signed by the pinned key.
   *
   * @param head the head
   * @return the verdict
   */
  public AuditVerdict verifyHead(SignedTreeHead head) {
    Objects.requireNonNull(head, "head");
    if (!head.keyId().equals(keyId)) {
      return AuditVerdict.invalid("the head of log " + head.logId() + " names key " + head.keyId()
          + ", not the pinned key " + keyId);
    }
    byte[] message = AuditCodec.signedHeadBytes(head.logId(), head.size(), head.root(), head.timestamp());
    if (!key.verify(head.signature(), 0, message, 0, message.length)) {
      return AuditVerdict.invalid("the signature of the head of log " + head.logId() + " at size " + head.size()
          + " does not verify with key " + keyId + ": the head was altered or not signed by this log");
    }
    return AuditVerdict.ok("log " + head.logId() + " signed size " + head.size() + " at " + head.timestamp());
  }

  /**
   * Whether an opened entry is in the tree a head signs: the head's signature, then the proof
   * (same log, the head's size, the opening's index) from the leaf {@code SHA-256(0x00 ||
   * SHA-256(salt || entry))} to the head's root.
   *
   * @param head a head of the log
   * @param proof the entry's inclusion proof at the head's size
   * @param opening the entry's receipt
   * @return the verdict
   */
  public AuditVerdict verifyInclusion(SignedTreeHead head, InclusionProof proof, AuditReceipt opening) {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(opening, "opening");
    AuditVerdict h = verifyHead(head);
    if (!h.valid()) {
      return h;
    }
    if (!proof.logId().equals(head.logId()) || !opening.logId().equals(head.logId())) {
      return AuditVerdict.invalid("the head is of log " + head.logId() + ", the proof of " + proof.logId()
          + ", the opening of " + opening.logId());
    }
    if (proof.treeSize() != head.size()) {
      return AuditVerdict.invalid("the proof is for size " + proof.treeSize() + ", the head signs size "
          + head.size() + ": ask the log for the proof at the head's size");
    }
    if (proof.index() != opening.index()) {
      return AuditVerdict.invalid("the proof is for leaf " + proof.index() + ", the opening for leaf "
          + opening.index());
    }
    Hasher hasher = new Hasher();
    String failure = Merkle.verifyInclusion(hasher, proof.index(), head.size(), hasher.leaf(opening.commitment()),
        proof.path(), head.root());
    if (failure != null) {
      return AuditVerdict.invalid("leaf " + opening.index() + " is not proven in log " + head.logId() + " at size "
          + head.size() + ": " + failure + " (a changed entry, salt or proof)");
    }
    return AuditVerdict.ok("leaf " + opening.index() + " (" + opening.entry() + ") is in log " + head.logId()
        + " at size " + head.size() + ", signed " + head.timestamp());
  }

  /**
   * Whether a newer head extends an older one: both signatures, then the consistency proof between
   * their sizes and roots. A failure here with two valid heads means the log was rewritten.
   *
   * @param older the head the auditor saw before
   * @param newer the head it sees now
   * @param proof the consistency proof from the older size to the newer
   * @return the verdict
   */
  public AuditVerdict verifyConsistency(SignedTreeHead older, SignedTreeHead newer, ConsistencyProof proof) {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    Objects.requireNonNull(proof, "proof");
    AuditVerdict h = verifyHead(older);
    if (!h.valid()) {
      return AuditVerdict.invalid("the older head: " + h.detail());
    }
    h = verifyHead(newer);
    if (!h.valid()) {
      return AuditVerdict.invalid("the newer head: " + h.detail());
    }
    if (!older.logId().equals(newer.logId()) || !proof.logId().equals(newer.logId())) {
      return AuditVerdict.invalid("the heads are of logs " + older.logId() + " and " + newer.logId()
          + ", the proof of " + proof.logId());
    }
    if (older.size() > newer.size()) {
      return AuditVerdict.invalid("the older head has size " + older.size() + ", more than the newer head's "
          + newer.size() + ": the log shrank, or the heads are swapped");
    }
    if (proof.firstSize() != older.size() || proof.secondSize() != newer.size()) {
      return AuditVerdict.invalid("the proof is from size " + proof.firstSize() + " to " + proof.secondSize()
          + ", the heads sign " + older.size() + " and " + newer.size());
    }
    String failure = Merkle.verifyConsistency(new Hasher(), older.size(), newer.size(), older.root(), newer.root(),
        proof.path());
    if (failure != null) {
      return AuditVerdict.invalid("log " + newer.logId() + " at size " + newer.size() + " does not extend size "
          + older.size() + ": " + failure);
    }
    return AuditVerdict.ok("log " + newer.logId() + " at size " + newer.size() + " (" + newer.timestamp()
        + ") extends size " + older.size() + " (" + older.timestamp() + "): append-only");
  }
}
