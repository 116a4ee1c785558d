package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.InMemoryScanLedger;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a verifier records what it admitted, so the same ticket is not admitted more often than
 * it allows, and the same rotating code (ticket, time step) is not accepted twice. Each claim is
 * atomic: of two gates claiming the last entry at once, exactly one is granted. {@link
 * #inMemory()} serves one gate; a ledger shared by the gates of a venue (SQLite on a LAN node,
 * Redis) comes with a later release and implements this same interface.
 *
 * <p>Implementations must be thread-safe, must not block for long (a gate is waiting) and must
 * not throw: a shared ledger that cannot reach its store decides from what it holds locally and
 * says so with {@link Claim#offline()}.
 */
public interface ScanLedger {

  /**
   * Claims one entry of a ticket.
   *
   * @param ticket the ticket
   * @param entriesAllowed how many entries the ticket allows in all
   * @param scan this scan
   * @return granted if the ticket had an entry left (now used), else refused with the first scan
   */
  Claim claimEntry(TicketId ticket, int entriesAllowed, Scan scan);

  /**
   * Claims a rotating code: a ticket's code of one time step is accepted once, at one gate.
   *
   * @param ticket the ticket
   * @param timeStep the code's TOTP time step
   * @param forgetAfter when no gate can accept that code any more; the claim may be dropped then
   * @param scan this scan
   * @return granted if nobody claimed it before, else refused with the scan that did
   */
  Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan);

  /**
   * A ledger in this process's memory: right for one gate, and for tests. Code claims are
   * forgotten once they expire, so its memory is bounded by the tickets admitted.
   *
   * @return a new, empty ledger
   */
  static ScanLedger inMemory() {
    return new InMemoryScanLedger();
  }

  /**
   * A ledger's answer.
   *
   * @param granted whether the claim was granted
   * @param previous when refused, the earlier scan that holds the claim (first entry, or the
   *     scan that used the code)
   * @param offline whether it was decided without the ledger's shared store (always {@code true}
   *     for an in-memory ledger)
   */
  record Claim(boolean granted, @Nullable Scan previous, boolean offline) {

    /**
     * A granted claim.
     *
     * @param offline decided without the shared store
     * @return the claim
     */
    public static Claim grant(boolean offline) {
      return new Claim(true, null, offline);
    }

    /**
     * A refused claim.
     *
     * @param previous the scan that holds it
     * @param offline decided without the shared store
     * @return the claim
     */
    public static Claim refuse(Scan previous, boolean offline) {
      return new Claim(false, Objects.requireNonNull(previous, "previous"), offline);
    }
  }
}
