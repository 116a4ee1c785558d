package dev.microevent.commerce.shield;

/** The result of checking a proof-of-work solution. This enum is immutable and thread-safe. */
public enum PowVerdict {
  /** Solved, signed by us, not expired, and used for the first time. */
  VALID,
  /** Not base64 JSON of the expected shape, too large, or an unsupported algorithm. */
  MALFORMED,
  /** The signature is not ours (tampered or forged challenge). */
  BAD_SIGNATURE,
  /** The number does not solve the challenge. */
  WRONG_SOLUTION,
  /** The challenge's expiry has passed. */
  EXPIRED,
  /** This solution was already accepted once. */
  REPLAYED;

  /** {@return whether the request may go on: true only for {@link #VALID}} */
  public boolean valid() {
    return this == VALID;
  }
}
