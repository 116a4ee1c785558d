package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.InMemoryScanLedger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a verifier records what it admitted, so the same ticket is not admitted more often than
 * it allows, and the same rotating code (ticket, time step) is not accepted twice. Each claim is
 * atomic: of two gates claiming the last entry at once, exactly one is granted. Three come with
 * the SDK:
 *
 * <ul>
 *   <li>{@link #inMemory()}: one gate, forgets on restart (tests, a demo);
 *   <li>{@link #sqlite(Path)}: one gate process (or several on one host sharing the file), every
 *       admit durable in a local SQLite file before the gate opens;
 *   <li>{@link #redis(URI, Path)}: every gate of a venue through one Redis, atomic there, with a
 *       local SQLite file to decide on (degraded) when Redis is out of reach.
 * </ul>
 *
 * <p>Implementations must be thread-safe, must not block for long (a gate is waiting) and must
 * not throw for their shared store: a shared ledger that cannot reach its store decides from what
 * it holds locally and says so with {@link Claim#offline()}. (The one failure no ledger can
 * decide around is its own local file failing; {@link TicketVerifier#verify(String)} turns any
 * throw into a {@link TicketException}.)
 */
public interface ScanLedger {

  /**
   * Claims an entry of a ticket under its rules: granted while it has entries left (one is used),
   * or without using one when re-entry after exit is allowed and its last scan was an exit.
   *
   * @param ticket the ticket
   * @param rules entries allowed in all, and whether re-entry after an exit is free
   * @param scan this scan
   * @return granted, or refused with the ticket's first entry
   */
  Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan);

  /**
   * Records an exit: the holder is outside, so with {@link EntryRules#reentryAfterExit()} the
   * next entry is free. Always granted (nobody is kept in); an exit of a ticket that is not inside
   * is recorded too.
   *
   * @param ticket the ticket
   * @param scan this scan
   * @return a granted claim
   */
  Claim claimExit(TicketId ticket, Scan scan);

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
   * A ledger in a local SQLite file (WAL: an admit is committed before the claim returns), for one
   * gate process; it survives a crash of the process or a restart with every admit it answered (a
   * power cut only with {@link DurableScanLedger.Durability#POWER_LOSS}, set on the builder).
   * Same as {@code DurableScanLedger.builder().file(file).build()}.
   *
   * @param file the file, created if missing
   * @return the ledger; close it when done
   * @throws TicketException if the file cannot be opened as a ledger
   */
  static DurableScanLedger sqlite(Path file) {
    return DurableScanLedger.builder().file(file).build();
  }

  /**
   * A ledger shared by every gate through Redis, with a local SQLite file that keeps this gate's
   * decisions and decides when Redis is out of reach (degraded). Same as {@code
   * DurableScanLedger.builder().file(localFile).redis(redis).build()}; use the builder to set the
   * namespace (one per event), the Redis timeout and a conflict listener.
   *
   * @param redis the server, e.g. {@code redis://10.0.0.5:6379/0}
   * @param localFile this gate's file
   * @return the ledger (connecting in the background if Redis is not up); close it when done
   * @throws TicketException if the file cannot be opened or Lettuce is missing
   */
  static DurableScanLedger redis(URI redis, Path localFile) {
    return DurableScanLedger.builder().file(localFile).redis(redis).build();
  }

  /**
   * A ledger's answer.
   *
   * @param granted whether the claim was granted
   * @param previous when refused, the earlier scan that holds the claim (first entry, or the
   *     scan that used the code)
   * @param offline whether it was decided without a shared store: {@code true} for the in-memory
   *     and SQLite ledgers, and for a Redis ledger that could not reach Redis (degraded)
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
