package dev.microevent.commerce.audit;

import dev.microevent.commerce.audit.internal.AuditCodec;
import dev.microevent.commerce.audit.internal.Hasher;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The opening of one leaf: which log, at which index, the salt and the entry. The log hands it to
 * the appender and keeps only the commitment {@code SHA-256(salt || entry.canonicalBytes())}, so
 * whoever holds this receipt (the gate app, the checkout backend, the ticket holder) is the one
 * who can prove the entry is in the log: give it to an auditor with a {@link SignedTreeHead} and
 * an {@link InclusionProof}. Keep it as private as the entry itself. Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format":"microevent-audit-opening/1","log":"rooftop.north-1","index":5,"salt":"<base64, 16 bytes>",
 *  "entry":{"kind":"gate-scan","at":"2026-06-13T20:15:03.250Z","event":"rooftop-2026-06-13",
 *           "ticket":"T-000417","gate":"north-1","verdict":"VALID"}}
 * }</pre>
 */
public final class AuditReceipt {
  /** Bytes of a salt. */
  public static final int SALT_SIZE = 16;

  private final String logId;
  private final long index;
  private final byte[] salt;
  private final AuditEntry entry;

  private AuditReceipt(String logId, long index, byte[] salt, AuditEntry entry) {
    this.logId = logId;
    this.index = index;
    this.salt = salt;
    this.entry = entry;
  }

  /**
   * A receipt from its parts (the log makes them; this is for tools that store the parts
   * elsewhere).
   *
   * @param logId the log's id
   * @param index the leaf index, 0 or more
   * @param salt the 16-byte salt (copied)
   * @param entry the entry
   * @return the receipt
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if the log id is not 1..64
   *     characters of {@code [A-Za-z0-9._-]}, the index is negative or the salt is not 16 bytes
   */
  public static AuditReceipt of(String logId, long index, byte[] salt, AuditEntry entry) {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(entry, "entry");
    AuditCodec.checkLogId(logId);
    if (index < 0) {
      throw new AuditException(AuditException.Reason.MALFORMED, "a leaf index is 0 or more, got " + index, null);
    }
    if (salt.length != SALT_SIZE) {
      throw new AuditException(AuditException.Reason.MALFORMED,
          "a salt is " + SALT_SIZE + " bytes, got " + salt.length, null);
    }
    return new AuditReceipt(logId, index, salt.clone(), entry);
  }

  /**
   * Reads an opening document ({@link #toDocument()}). Unknown members of {@code entry} are refused
   * (they would change what is committed); unknown members elsewhere are ignored.
   *
   * @param document the JSON text, at most 64 KiB
   * @return the receipt
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) for anything else
   */
  public static AuditReceipt parse(String document) {
    Objects.requireNonNull(document, "document");
    return AuditCodec.parseOpening(document);
  }

  /**
   * The opening document.
   *
   * @return JSON text
   */
  public String toDocument() {
    return AuditCodec.writeOpening(this);
  }

  /**
   * The log this leaf is in.
   *
   * @return the log's id
   */
  public String logId() {
    return logId;
  }

  /**
   * The leaf's index (0 is the first entry).
   *
   * @return the index
   */
  public long index() {
    return index;
  }

  /**
   * The salt.
   *
   * @return a copy of the 16 bytes
   */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * The entry.
   *
   * @return the entry
   */
  public AuditEntry entry() {
    return entry;
  }

  /**
   * The leaf data the log holds for this entry: {@code SHA-256(salt || entry.canonicalBytes())}.
   *
   * @return 32 bytes
   */
  public byte[] commitment() {
    return new Hasher().commitment(salt, entry.canonicalBytes());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AuditReceipt r && logId.equals(r.logId) && index == r.index && Arrays.equals(salt, r.salt)
        && entry.equals(r.entry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logId, index, Arrays.hashCode(salt), entry);
  }

  /** Names the log and index only: the salt and entry are the holder's secret. */
  @Override
  public String toString() {
    return "AuditReceipt{log=" + logId + ", index=" + index + "}";
  }
}
