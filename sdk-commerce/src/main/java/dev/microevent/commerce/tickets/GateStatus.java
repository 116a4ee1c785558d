package dev.microevent.commerce.tickets;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TicketsClient} stands on now: whether it is degraded, its ledger's mode, whether
 * the edge plane answered its last sync, and the versions of the keys and revocation list in
 * force. Immutable and thread-safe.
 *
 * @param degraded whether verdicts are being decided degraded: the shared ledger cannot reach its
 *     store, or the last sync with the edge plane got no answer
 * @param ledger the ledger's mode, if it is a {@link DurableScanLedger}
 * @param queued scans the ledger decided locally that the shared store has not confirmed yet
 * @param uplinkUp whether the edge plane answered the last sync (any answer, a refused document
 *     included); {@code true} before the first sync
 * @param keysVersion the version of the key list in force; 0 if none was pulled
 * @param revocationsVersion the version of the revocation list in force
 * @param lastSync when the edge plane last answered a sync, if it has
 * @param refusedDocuments signed documents refused so far (unsigned, wrongly signed, replayed,
 *     malformed, for another event)
 * @param lastRefusal why the last one was refused, if any was
 */
public record GateStatus(boolean degraded, DurableScanLedger.@Nullable Mode ledger, long queued, boolean uplinkUp,
    long keysVersion, long revocationsVersion, @Nullable Instant lastSync, long refusedDocuments,
    @Nullable String lastRefusal) {

  /**
   * Validates the parts.
   *
   * @param degraded whether verdicts are being decided degraded: the shared ledger cannot reach its
   *     store, or the last sync with the edge plane got no answer
   * @param ledger the ledger's mode, if it is a {@link DurableScanLedger}
   * @param queued scans the ledger decided locally that the shared store has not confirmed yet
   * @param uplinkUp whether the edge plane answered the last sync (any answer, a refused document
   *     included); {@code true} before the first sync
   * @param keysVersion the version of the key list in force; 0 if none was pulled
   * @param revocationsVersion the version of the revocation list in force
   * @param lastSync when the edge plane last answered a sync, if it has
   * @param refusedDocuments signed documents refused so far (unsigned, wrongly signed, replayed,
   *     malformed, for another event)
   * @param lastRefusal why the last one was refused, if any was
   * @throws TicketException if a count or version is negative
   */
  public GateStatus {
    if (queued < 0 || keysVersion < 0 || revocationsVersion < 0 || refusedDocuments < 0) {
      throw new TicketException("a gate status counts from 0", null);
    }
  }

  @Override
  public String toString() {
    return "GateStatus{" + (degraded ? "DEGRADED" : "ok") + ", ledger " + Objects.toString(ledger, "in memory")
        + ", " + queued + " queued, uplink " + (uplinkUp ? "up" : "down") + ", keys v" + keysVersion
        + ", revocations v" + revocationsVersion + ", refused " + refusedDocuments + "}";
  }
}
