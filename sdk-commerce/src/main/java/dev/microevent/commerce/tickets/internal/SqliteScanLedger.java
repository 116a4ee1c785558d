package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.TicketId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite-only ledger ({@link DurableScanLedger.Mode#LOCAL}): every claim is decided in the
 * local file in one transaction and committed before it returns, so an admit answered survives a
 * crash of the process (and, with {@link DurableScanLedger.Durability#POWER_LOSS}, of the host). No shared store, so nothing is queued and nothing can
 * conflict. Thread-safe.
 */
public final class SqliteScanLedger implements DurableScanLedger, ListStore.Source {
  private static final Logger log = LoggerFactory.getLogger(SqliteScanLedger.class);

  private final LedgerStore store;
  private final Nonces nonces = new Nonces();
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteScanLedger(LedgerStore store) {
    this.store = store;
  }

  /**
   * Opens (or creates) a ledger file surviving a process crash; use {@link
   * dev.microevent.commerce.tickets.ScanLedger#sqlite(Path)}.
   *
   * @param file the file
   * @return the ledger
   * @throws dev.microevent.commerce.tickets.TicketException if it cannot be opened
   */
  public static SqliteScanLedger open(Path file) {
    return open(file, Durability.PROCESS_CRASH);
  }

  /**
   * Opens (or creates) a ledger file; use {@link DurableScanLedger#builder()}.
   *
   * @param file the file
   * @param durability what an admit must survive
   * @return the ledger
   * @throws dev.microevent.commerce.tickets.TicketException if it cannot be opened
   */
  public static SqliteScanLedger open(Path file, Durability durability) {
    SqliteScanLedger ledger = new SqliteScanLedger(LedgerStore.open(Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(durability, "durability")));
    log.info("scan ledger opened at {} (SQLite only, surviving a {})", file,
        durability == Durability.POWER_LOSS ? "power loss" : "process crash");
    return ledger;
  }

  @Override
  public Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan) {
    return store.decideEntry(Objects.requireNonNull(ticket, "ticket"), Objects.requireNonNull(rules, "rules"),
        Objects.requireNonNull(scan, "scan"), nonces.next(), false);
  }

  @Override
  public Claim claimExit(TicketId ticket, Scan scan) {
    return store.decideExit(Objects.requireNonNull(ticket, "ticket"), Objects.requireNonNull(scan, "scan"),
        nonces.next(), false);
  }

  @Override
  public Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan) {
    return store.decideCode(Objects.requireNonNull(ticket, "ticket"), timeStep,
        Objects.requireNonNull(forgetAfter, "forgetAfter"), Objects.requireNonNull(scan, "scan"), nonces.next(), false);
  }

  @Override
  public Status status() {
    return new Status(Mode.LOCAL, 0, store.conflictCount(), null);
  }

  @Override
  public Status sync() {
    return status();
  }

  @Override
  public Mode mode() {
    return Mode.LOCAL;
  }

  @Override
  public ListStore lists() {
    return store;
  }

  @Override
  public long conflictsRecorded() {
    return store.conflictsRecorded();
  }

  @Override
  public void conflictsRecorded(long sequence) {
    store.conflictsRecorded(sequence);
  }

  @Override
  public List<ScanConflict> conflicts(long afterSequence) {
    return store.conflicts(afterSequence);
  }

  /**
   * Entries used per ticket as the file holds them (for tests and tools).
   *
   * @return ticket to entries used
   */
  public Map<TicketId, Integer> entriesUsed() {
    return store.entriesUsed();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "SqliteScanLedger";
  }
}
