package dev.microevent.commerce.tickets;

/**
 * What a gate decided about one scan. The checks run in this order and the first that fails
 * decides: the text and frame ({@link #MALFORMED}), the key ({@link #UNKNOWN_KEY}), the
 * signature ({@link #BAD_SIGNATURE}), the event ({@link #WRONG_EVENT}), the revocation and block
 * lists ({@link #REVOKED}, {@link #BLOCKED}), the validity window ({@link #NOT_YET_VALID}, {@link
 * #EXPIRED}), the zone ({@link #WRONG_ZONE}), the rotating code ({@link #STALE_CODE}), the ledger
 * ({@link #ALREADY_USED}).
 */
public enum VerdictKind {
  /** Admit: every check passed and the entry was recorded. */
  VALID,
  /**
   * Already used: no entries left, or this rotating code was already used; {@link
   * Verdict#previous()} says when and at which gate.
   */
  ALREADY_USED,
  /** Revoked for good (cancelled, refunded, re-issued). */
  REVOKED,
  /** Blocked for now (under dispute); may be lifted. */
  BLOCKED,
  /** Its validity window ended. */
  EXPIRED,
  /** Its validity window has not started. */
  NOT_YET_VALID,
  /** For another event. */
  WRONG_EVENT,
  /** For a zone this gate does not serve (for pretix: a product or subevent this list excludes). */
  WRONG_ZONE,
  /** The signature does not match: forged or altered. */
  BAD_SIGNATURE,
  /**
   * Signed by a key this gate does not accept: unknown, not yet active, retired past its grace,
   * or (rotating tickets) no master key to check the code.
   */
  UNKNOWN_KEY,
  /**
   * A rotating ticket without a current code: a screenshot, an old code, or the phone's clock
   * far off.
   */
  STALE_CODE,
  /** Not a ticket: garbage, truncated, oversized or of an unknown format or version. */
  MALFORMED;

  /**
   * Whether the holder may enter.
   *
   * @return {@code true} only for {@link #VALID}
   */
  public boolean admits() {
    return this == VALID;
  }
}
