package dev.microevent.commerce.shield;

/** The result of checking an admission token. This enum is immutable and thread-safe. */
public enum AdmissionVerdict {
  /** Issued by us for this drop and client, not expired, first use. */
  VALID,
  /** Not a token of the expected shape. */
  MALFORMED,
  /** The signature is not ours. */
  BAD_SIGNATURE,
  /** Issued for another drop. */
  WRONG_DROP,
  /** Issued to another client (a shared or stolen pass). */
  WRONG_CLIENT,
  /** Its expiry has passed. */
  EXPIRED,
  /** Already used once. */
  ALREADY_USED;

  /** {@return whether the client may enter: true only for {@link #VALID}} */
  public boolean valid() {
    return this == VALID;
  }
}
