package dev.microevent.commerce.tickets;

import java.time.Instant;
import java.util.Objects;

/**
 * Two gates admitted what only one should have: found when a scan decided locally (while the
 * shared store was out of reach) was sent to the shared store and it already held the ticket's
 * last entry, or that rotating code. Both scans stay recorded (the holder is inside either way);
 * the conflict says so instead of hiding it, for the audit log and the steward's report.
 * Immutable and thread-safe.
 *
 * <p>A conflict is found once, by the ledger that sent the later scan, and kept in its local
 * file: {@link DurableScanLedger#conflicts(long)} lists them after a sequence number, the ledger's
 * conflict listener hears each as it is found.
 *
 * @param sequence this ledger's running number for it (1, 2, ...), stable across restarts
 * @param kind what collided
 * @param ticket the ticket
 * @param kept the scan the shared store holds as first: the ticket's first entry, or the scan
 *     that used the code
 * @param collided this gate's scan that was admitted as well, decided locally
 * @param nonce the collided scan's nonce (unique per scan: what made re-sending it a no-op)
 * @param detectedAt when this ledger found it, by its clock
 */
public record ScanConflict(long sequence, Kind kind, TicketId ticket, Scan kept, Scan collided, String nonce,
    Instant detectedAt) {

  /** What collided. */
  public enum Kind {
    /** An entry beyond the ticket's entries: admitted at two gates while they could not see each other. */
    ENTRY,
    /** A rotating code (ticket and time step) accepted at two gates. */
    CODE
  }

  /**
   * Validates the parts.
   *
   * @param sequence this ledger's running number for it (1, 2, ...), stable across restarts
   * @param kind what collided
   * @param ticket the ticket
   * @param kept the scan the shared store holds as first: the ticket's first entry, or the scan
   *     that used the code
   * @param collided this gate's scan that was admitted as well, decided locally
   * @param nonce the collided scan's nonce (unique per scan: what made re-sending it a no-op)
   * @param detectedAt when this ledger found it, by its clock
   */
  public ScanConflict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(kept, "kept");
    Objects.requireNonNull(collided, "collided");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(detectedAt, "detectedAt");
  }
}
