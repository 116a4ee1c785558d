package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.internal.Sqlite;
import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.ScanLedger.Claim;
import dev.microevent.commerce.tickets.TicketException;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.core.internal.Periodic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate's scan ledger file (SQLite, WAL): every admit and exit with its nonce ({@code scans}),
 * each ticket's entry state ({@code tickets}, what this gate decided and what the shared store
 * last told it), claimed rotating codes ({@code codes}) and the conflicts found on sync ({@code
 * conflicts}). A local decision is one {@code BEGIN IMMEDIATE} transaction (read, decide, write),
 * so several processes may share the file. It is committed before the gate hears "granted": with
 * {@link DurableScanLedger.Durability#PROCESS_CRASH} (the default) at {@code synchronous=NORMAL},
 * in the WAL in the kernel's page cache, which a killed process cannot lose (no fsync on the
 * decision path); with {@link DurableScanLedger.Durability#POWER_LOSS} at {@code synchronous=FULL},
 * flushed to the disk. What merely mirrors the shared store (its answers, sync bookkeeping) is
 * always committed at {@code synchronous=NORMAL}: after a power loss the shared store still holds
 * it. Refusals write nothing. The WAL is checkpointed into the database (and so flushed) by a
 * background thread on a connection of its own ({@code PRAGMA wal_checkpoint(PASSIVE)} every
 * {@link #CHECKPOINT_INTERVAL}), not by the decision that happens to fill it: no decision waits
 * for a checkpoint's fsyncs unless the background falls {@link #CHECKPOINT_BACKSTOP_PAGES} pages
 * behind. The gate's kept ticket lists ({@link ListStore}) are in a file of their own beside it
 * ({@link #listsFile(Path)}), on a connection of their own, opened on first use (a gate that never keeps
 * a list never opens, nor creates, that file): SQLite lets one connection at a time write a
 * file, WAL included, so a list write (a revocation list can be megabytes) on the ledger's file
 * would hold every scan decision until it committed. In their own file a list write contends only
 * with other list writes (another process keeping the same gate's lists), each one upsert in one
 * short transaction, waited for at most {@link #BUSY_TIMEOUT}; never with a decision. Thread-safe
 * (one connection for decisions, serialized; one for the lists, serialized on its own).
 */
final class LedgerStore implements AutoCloseable, ListStore {
  private static final Logger log = LoggerFactory.getLogger(LedgerStore.class);
  /** How long a transaction waits for another process holding the file. */
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(2);
  /** Expired code claims are deleted every this many code claims. */
  static final int SWEEP_EVERY = 1024;
  /** How often the background thread checkpoints the WAL. */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(250);
  /** WAL pages at which a commit checkpoints itself, if the background thread fell behind. */
  static final int CHECKPOINT_BACKSTOP_PAGES = 16_384;

  /** What a scan row did. */
  enum Op {
    ENTRY("E"), REENTRY("R"), EXIT("X"), CODE("C");

    final String code;

    Op(String code) {
      this.code = code;
    }

    static Op of(String code) {
      for (Op o : values()) {
        if (o.code.equals(code)) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown scan op '" + code + "'");
    }
  }

  /** A scan waiting for the shared store, with what is needed to send it again. */
  record Queued(long seq, String nonce, Op op, TicketId ticket, EntryRules rules, long step, long forgetMicros,
      Scan scan) {}

  /** A shared store's answer to a queued scan. */
  record Settled(Queued queued, SharedAnswer answer) {}

  private final Connection db;
  private final Connection checkpointDb;
  /** The kept ticket lists' own file. */
  private final Path listsFile;
  /** Guards the lists' connection; never this store's monitor (see the class comment). */
  private final Object listsLock = new Object();
  /** The connection to the lists' file, once a list was first kept or read; guarded by listsLock. */
  private @Nullable Connection listsDb;
  /** Whether the store was closed (the lists' file is not opened again); guarded by listsLock. */
  private boolean listsClosed;
  private final ScheduledExecutorService checkpointer;
  private final Periodic checkpoints;
  private final String location;
  /** Whether a local decision is flushed to the disk before it returns ({@code synchronous=FULL}). */
  private final boolean flushDecisions;
  /** Statements prepared once per connection (the hot path runs a handful, thousands of times). */
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean fullSync = true;
  private int codeClaims;

  private LedgerStore(Connection db, Connection checkpointDb, Path listsFile, String location,
      DurableScanLedger.Durability durability) {
    this.db = db;
    this.checkpointDb = checkpointDb;
    this.listsFile = listsFile;
    this.location = location;
    this.flushDecisions = durability == DurableScanLedger.Durability.POWER_LOSS;
    this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "microevent-scan-ledger-checkpoint");
      t.setDaemon(true);
      return t;
    });
    this.checkpoints = Periodic.every(checkpointer, CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL,
        "WAL checkpoint of the scan ledger at " + location, this::checkpoint);
  }

  static LedgerStore open(Path file, DurableScanLedger.Durability durability) {
    String location = Sqlite.location(file);
    List<Connection> opened = new ArrayList<>();
    try {
      Connection db = Sqlite.open(file, BUSY_TIMEOUT, LedgerStore::schema);
      opened.add(db);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint=" + CHECKPOINT_BACKSTOP_PAGES);
      }
      Connection checkpointDb = Sqlite.open(file, BUSY_TIMEOUT, c -> { });
      opened.add(checkpointDb);
      return new LedgerStore(db, checkpointDb, listsFile(file), location, durability);
    } catch (SQLException | RuntimeException e) {
      for (Connection c : opened) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new TicketException("cannot open the scan ledger at " + location + "; check the path is writable and is "
          + "a scan ledger file (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The file the gate's kept ticket lists are in: the ledger file's name with {@code -lists}
   * appended, beside it.
   *
   * @param file the ledger file
   * @return the lists' file
   */
  static Path listsFile(Path file) {
    return file.resolveSibling(file.getFileName() + "-lists");
  }

  private static void listsSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS lists (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }
  }

  private static void schema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE IF NOT EXISTS scans (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            nonce TEXT NOT NULL,
            op TEXT NOT NULL,
            ticket TEXT NOT NULL,
            entries INTEGER NOT NULL DEFAULT 1,
            reentry INTEGER NOT NULL DEFAULT 0,
            step INTEGER NOT NULL DEFAULT -1,
            forget_us INTEGER NOT NULL DEFAULT 0,
            gate TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            offline INTEGER NOT NULL,
            synced INTEGER NOT NULL)""");
      s.execute("CREATE INDEX IF NOT EXISTS scans_queued ON scans(seq) WHERE synced = 0");
      s.execute("""
          CREATE TABLE IF NOT EXISTS tickets (
            ticket TEXT PRIMARY KEY,
            used INTEGER NOT NULL,
            inside INTEGER NOT NULL,
            first_gate TEXT,
            first_us INTEGER,
            last_entry_us INTEGER) WITHOUT ROWID""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS codes (
            ticket TEXT NOT NULL,
            step INTEGER NOT NULL,
            gate TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            forget_us INTEGER NOT NULL,
            PRIMARY KEY (ticket, step)) WITHOUT ROWID""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS conflicts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            nonce TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            ticket TEXT NOT NULL,
            kept_gate TEXT NOT NULL,
            kept_us INTEGER NOT NULL,
            gate TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            detected_us INTEGER NOT NULL)""");
      s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }
  }

  // ---- local decisions: one IMMEDIATE transaction each, committed before they return

  /**
   * Decides an entry here and records it if granted.
   *
   * @param queued whether the scan waits for a shared store (else it is the whole truth)
   */
  synchronized Claim decideEntry(TicketId ticket, EntryRules rules, Scan scan, String nonce, boolean queued) {
    return inTransaction(true, () -> {
      EntryState state = entryState(ticket);
      EntryState.Outcome outcome = state.decide(rules);
      if (outcome == EntryState.Outcome.REFUSED) {
        Scan first = state.first();
        return Claim.refuse(first == null ? scan : first, true);
      }
      insertScan(nonce, outcome == EntryState.Outcome.REENTRY ? Op.REENTRY : Op.ENTRY, ticket, rules, -1, 0, scan, true,
          !queued);
      writeState(ticket, state.enter(outcome, scan));
      return Claim.grant(true);
    });
  }

  synchronized Claim decideExit(TicketId ticket, Scan scan, String nonce, boolean queued) {
    return inTransaction(true, () -> {
      insertScan(nonce, Op.EXIT, ticket, EntryRules.of(1), -1, 0, scan, true, !queued);
      writeState(ticket, entryState(ticket).exit(scan));
      return Claim.grant(true);
    });
  }

  synchronized Claim decideCode(TicketId ticket, long step, Instant forgetAfter, Scan scan, String nonce,
      boolean queued) {
    sweepCodes(scan.at());
    return inTransaction(true, () -> {
      Scan holder = codeHolder(ticket, step);
      if (holder != null) {
        return Claim.refuse(holder, true);
      }
      insertScan(nonce, Op.CODE, ticket, EntryRules.of(1), step, Micros.of(forgetAfter), scan, true, !queued);
      insertCode(ticket, step, scan, Micros.of(forgetAfter));
      return Claim.grant(true);
    });
  }

  private void sweepCodes(Instant now) {
    if (++codeClaims < SWEEP_EVERY) {
      return;
    }
    codeClaims = 0;
    inTransaction(false, () -> {
      PreparedStatement ps = prepared("DELETE FROM codes WHERE forget_us < ?");
      ps.setLong(1, Micros.of(now));
      ps.executeUpdate();
    });
  }

  // ---- what the shared store answered: committed with synchronous=NORMAL

  /**
   * Records a shared store's answer to a claim made there: the scan (if granted) as already
   * synced, and the ticket's state as the store told it.
   */
  synchronized void recordShared(Op op, TicketId ticket, EntryRules rules, long step, Instant forgetAfter, Scan scan,
      String nonce, SharedAnswer answer) {
    inTransaction(false, () -> {
      if (answer.granted()) {
        Op recorded = op == Op.ENTRY && answer.outcome() == SharedAnswer.Outcome.REENTRY ? Op.REENTRY : op;
        insertScan(nonce, recorded, ticket, rules, step, Micros.of(forgetAfter), scan, false, true);
      }
      mirror(op, ticket, step, forgetAfter, scan, answer);
    });
  }

  /** Scans waiting for the shared store, oldest first. */
  synchronized List<Queued> queued(int limit) {
    return read(() -> {
      List<Queued> out = new ArrayList<>();
      PreparedStatement ps = prepared("SELECT seq, nonce, op, ticket, entries, reentry, step, "
          + "forget_us, gate, at_us FROM scans WHERE synced = 0 ORDER BY seq LIMIT ?");
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Queued(rs.getLong(1), rs.getString(2), Op.of(rs.getString(3)), TicketId.of(rs.getString(4)),
              new EntryRules(rs.getInt(5), rs.getInt(6) != 0), rs.getLong(7), rs.getLong(8),
              new Scan(GateId.of(rs.getString(9)), Micros.instant(rs.getLong(10)))));
        }
      }
      return out;
    });
  }

  /**
   * Marks queued scans as sent, mirrors what the store answered, and records each conflict it
   * reported (once per nonce).
   *
   * @return the conflicts recorded now (not those already recorded before)
   */
  synchronized List<ScanConflict> settle(List<Settled> settled, Instant now) {
    return inTransaction(false, () -> {
      List<ScanConflict> found = new ArrayList<>();
      PreparedStatement done = prepared("UPDATE scans SET synced = 1 WHERE seq = ?");
      for (Settled s : settled) {
        Queued q = s.queued();
        done.setLong(1, q.seq());
        done.executeUpdate();
        Op op = q.op() == Op.REENTRY ? Op.ENTRY : q.op();
        mirror(op, q.ticket(), q.step(), Micros.instant(q.forgetMicros()), q.scan(), s.answer());
        Scan kept = s.answer().kept();
        if (s.answer().outcome() == SharedAnswer.Outcome.CONFLICT && kept != null) {
          ScanConflict c = recordConflict(op == Op.CODE ? ScanConflict.Kind.CODE : ScanConflict.Kind.ENTRY,
              q.ticket(), kept, q.scan(), q.nonce(), now);
          if (c != null) {
            found.add(c);
          }
        }
      }
      return found;
    });
  }

  /** Queues every scan again: the shared store lost its data and must hear all of it. */
  synchronized int requeueAll() {
    return inTransaction(false, () -> {
      PreparedStatement ps = prepared("UPDATE scans SET synced = 0 WHERE synced = 1");
      return ps.executeUpdate();
    });
  }

  synchronized long queuedCount() {
    return count("SELECT count(*) FROM scans WHERE synced = 0");
  }

  synchronized long conflictCount() {
    return count("SELECT count(*) FROM conflicts");
  }

  synchronized List<ScanConflict> conflicts(long afterSequence) {
    return read(() -> {
      List<ScanConflict> out = new ArrayList<>();
      PreparedStatement ps = prepared("SELECT seq, kind, ticket, kept_gate, kept_us, gate, at_us, nonce, "
          + "detected_us FROM conflicts WHERE seq > ? ORDER BY seq");
      ps.setLong(1, afterSequence);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ScanConflict(rs.getLong(1), ScanConflict.Kind.valueOf(rs.getString(2)),
              TicketId.of(rs.getString(3)), new Scan(GateId.of(rs.getString(4)), Micros.instant(rs.getLong(5))),
              new Scan(GateId.of(rs.getString(6)), Micros.instant(rs.getLong(7))), rs.getString(8),
              Micros.instant(rs.getLong(9))));
        }
      }
      return out;
    });
  }

  private static final String RECORDED_META = "conflicts-recorded";

  synchronized long conflictsRecorded() {
    String v = meta(RECORDED_META).orElse("0");
    return v.matches("[0-9]{1,18}") ? Long.parseLong(v) : 0L;
  }

  synchronized void conflictsRecorded(long sequence) {
    if (sequence > conflictsRecorded()) {
      meta(RECORDED_META, Long.toString(sequence));
    }
  }

  /**
   * A kept list, read on the lists' own connection; one an earlier version kept in the ledger's
   * {@code meta} table is still found there until the next write.
   */
  @Override
  public Optional<String> value(String name) {
    Optional<String> kept = Optional.empty();
    synchronized (listsLock) {
      Connection lists = listsIfAny();
      if (lists != null) {
        try (PreparedStatement ps = lists.prepareStatement("SELECT value FROM lists WHERE name = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            kept = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
          }
        } catch (SQLException | RuntimeException e) {
          throw listsFailure("read", e);
        }
      }
    }
    return kept.isPresent() ? kept : meta(name);
  }

  @Override
  public void value(String name, String value) {
    writeList(name, value, () -> { });
  }

  /**
   * Keeps a list value: one upsert in one transaction on the lists' own connection and file, so
   * no scan decision waits for it (see the class comment).
   *
   * @param whileOpen runs inside the write's transaction, before it commits (a test holds it open there)
   */
  void writeList(String name, String value, Runnable whileOpen) {
    synchronized (listsLock) {
      Connection lists = lists();
      try (Statement tx = lists.createStatement()) {
        tx.execute("BEGIN IMMEDIATE");
        try (PreparedStatement ps = lists.prepareStatement("INSERT INTO lists(name, value) VALUES (?, ?) "
            + "ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
          ps.setString(1, name);
          ps.setString(2, value);
          ps.executeUpdate();
          whileOpen.run();
        } catch (SQLException | RuntimeException e) {
          try {
            tx.execute("ROLLBACK");
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        tx.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        throw listsFailure("written", e);
      }
    }
  }

  /**
   * The lists' connection for a read: null while no lists' file exists (nothing is kept there, so
   * a read creates nothing). Under listsLock.
   *
   * @throws TicketException if the store is closed or the file cannot be opened
   */
  private @Nullable Connection listsIfAny() {
    return listsDb == null && !listsClosed && Files.notExists(listsFile) ? null : lists();
  }

  /**
   * The lists' connection, opened (and the file created) on first use; a failed opening is tried
   * again on the next use. Under listsLock.
   *
   * @throws TicketException if the store is closed or the file cannot be opened
   */
  private Connection lists() {
    if (listsClosed) {
      throw new TicketException("the ticket lists kept beside the scan ledger at " + location + " are closed with "
          + "the ledger; open the ledger again to keep or read them", null);
    }
    Connection lists = listsDb;
    if (lists == null) {
      try {
        lists = Sqlite.open(listsFile, BUSY_TIMEOUT, LedgerStore::listsSchema);
      } catch (SQLException | RuntimeException e) {
        throw new TicketException("the ticket lists' file at " + Sqlite.location(listsFile) + " could not be opened ("
            + e.getMessage() + "); check the path is writable and is a lists file. The lists in force are unchanged",
            e);
      }
      listsDb = lists;
    }
    return lists;
  }

  private TicketException listsFailure(String what, Exception e) {
    return new TicketException("the ticket lists kept beside the scan ledger at " + location + " could not be " + what
        + " (" + e.getMessage() + "); the lists in force are unchanged", e);
  }

  synchronized Optional<String> meta(String name) {
    return read(() -> {
      PreparedStatement ps = prepared("SELECT value FROM meta WHERE name = ?");
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    });
  }

  synchronized void meta(String name, String value) {
    inTransaction(false, () -> {
      PreparedStatement ps = prepared("INSERT INTO meta(name, value) VALUES (?, ?) "
          + "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    });
  }

  /** Entries used per ticket, as this file holds them (for tests and tools). */
  synchronized Map<TicketId, Integer> entriesUsed() {
    return read(() -> {
      Map<TicketId, Integer> out = new HashMap<>();
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT ticket, used FROM tickets")) {
        while (rs.next()) {
          out.put(TicketId.of(rs.getString(1)), rs.getInt(2));
        }
      }
      return out;
    });
  }

  // ---- rows

  private EntryState entryState(TicketId ticket) throws SQLException {
    PreparedStatement ps = prepared(
        "SELECT used, inside, first_gate, first_us, last_entry_us FROM tickets WHERE ticket = ?");
    ps.setString(1, ticket.value());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return EntryState.NEW;
      }
      String firstGate = rs.getString(3);
      long firstUs = rs.getLong(4);
      Scan first = firstGate == null || rs.wasNull() ? null : new Scan(GateId.of(firstGate), Micros.instant(firstUs));
      long lastUs = rs.getLong(5);
      Instant last = rs.wasNull() ? null : Micros.instant(lastUs);
      return new EntryState(rs.getInt(1), rs.getInt(2) != 0, first, last);
    }
  }

  private void writeState(TicketId ticket, EntryState s) throws SQLException {
    PreparedStatement ps = prepared("INSERT INTO tickets(ticket, used, inside, first_gate, first_us, "
        + "last_entry_us) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(ticket) DO UPDATE SET used = excluded.used, "
        + "inside = excluded.inside, first_gate = excluded.first_gate, first_us = excluded.first_us, "
        + "last_entry_us = excluded.last_entry_us");
    ps.setString(1, ticket.value());
    ps.setInt(2, s.used());
    ps.setInt(3, s.inside() ? 1 : 0);
    Scan first = s.first();
    ps.setString(4, first == null ? null : first.gate().value());
    ps.setObject(5, first == null ? null : Micros.of(first.at()));
    Instant last = s.lastEntry();
    ps.setObject(6, last == null ? null : Micros.of(last));
    ps.executeUpdate();
  }

  /** Takes in what the shared store said about a ticket (or a code); never lowers the entries used. */
  private void mirror(Op op, TicketId ticket, long step, Instant forgetAfter, Scan scan, SharedAnswer answer)
      throws SQLException {
    Scan kept = answer.kept();
    if (op == Op.CODE) {
      if (kept != null) {
        insertCode(ticket, step, kept, Micros.of(forgetAfter));
      }
      return;
    }
    PreparedStatement ps = prepared("INSERT INTO tickets(ticket, used, inside, first_gate, first_us, "
        + "last_entry_us) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(ticket) DO UPDATE SET "
        + "used = max(tickets.used, excluded.used), inside = excluded.inside, "
        + "first_gate = coalesce(excluded.first_gate, tickets.first_gate), "
        + "first_us = coalesce(excluded.first_us, tickets.first_us), "
        + "last_entry_us = max(coalesce(tickets.last_entry_us, excluded.last_entry_us), "
        + "coalesce(excluded.last_entry_us, tickets.last_entry_us))");
    ps.setString(1, ticket.value());
    ps.setInt(2, answer.used());
    ps.setInt(3, answer.inside() ? 1 : 0);
    ps.setString(4, kept == null ? null : kept.gate().value());
    ps.setObject(5, kept == null ? null : Micros.of(kept.at()));
    ps.setObject(6, op == Op.EXIT || !answer.granted() ? null : Micros.of(scan.at()));
    ps.executeUpdate();
  }

  private @Nullable Scan codeHolder(TicketId ticket, long step) throws SQLException {
    PreparedStatement ps = prepared("SELECT gate, at_us FROM codes WHERE ticket = ? AND step = ?");
    ps.setString(1, ticket.value());
    ps.setLong(2, step);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Scan(GateId.of(rs.getString(1)), Micros.instant(rs.getLong(2))) : null;
    }
  }

  private void insertCode(TicketId ticket, long step, Scan holder, long forgetMicros) throws SQLException {
    PreparedStatement ps = prepared(
        "INSERT OR IGNORE INTO codes(ticket, step, gate, at_us, forget_us) VALUES (?, ?, ?, ?, ?)");
    ps.setString(1, ticket.value());
    ps.setLong(2, step);
    ps.setString(3, holder.gate().value());
    ps.setLong(4, Micros.of(holder.at()));
    ps.setLong(5, forgetMicros);
    ps.executeUpdate();
  }

  private void insertScan(String nonce, Op op, TicketId ticket, EntryRules rules, long step, long forgetMicros,
      Scan scan, boolean offline, boolean synced) throws SQLException {
    PreparedStatement ps = prepared("INSERT INTO scans(nonce, op, ticket, entries, reentry, step, "
        + "forget_us, gate, at_us, offline, synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, nonce);
    ps.setString(2, op.code);
    ps.setString(3, ticket.value());
    ps.setInt(4, rules.entries());
    ps.setInt(5, rules.reentryAfterExit() ? 1 : 0);
    ps.setLong(6, step);
    ps.setLong(7, forgetMicros);
    ps.setString(8, scan.gate().value());
    ps.setLong(9, Micros.of(scan.at()));
    ps.setInt(10, offline ? 1 : 0);
    ps.setInt(11, synced ? 1 : 0);
    ps.executeUpdate();
  }

  private @Nullable ScanConflict recordConflict(ScanConflict.Kind kind, TicketId ticket, Scan kept, Scan collided,
      String nonce, Instant now) throws SQLException {
    PreparedStatement ps = prepared("INSERT OR IGNORE INTO conflicts(nonce, kind, ticket, kept_gate, "
        + "kept_us, gate, at_us, detected_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, nonce);
    ps.setString(2, kind.name());
    ps.setString(3, ticket.value());
    ps.setString(4, kept.gate().value());
    ps.setLong(5, Micros.of(kept.at()));
    ps.setString(6, collided.gate().value());
    ps.setLong(7, Micros.of(collided.at()));
    ps.setLong(8, Micros.of(now));
    if (ps.executeUpdate() == 0) {
      return null;
    }
    long seq;
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      seq = rs.getLong(1);
    }
    return new ScanConflict(seq, kind, ticket, truncated(kept), truncated(collided), nonce, Micros.instant(Micros.of(now)));
  }

  /** A scan as the file gives it back (to the microsecond), so a conflict heard equals the one listed. */
  private static Scan truncated(Scan s) {
    return new Scan(s.gate(), Micros.instant(Micros.of(s.at())));
  }

  // ---- transactions

  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private interface Action {
    void run() throws SQLException;
  }

  private void inTransaction(boolean decision, Action action) {
    inTransaction(decision, () -> {
      action.run();
      return Boolean.TRUE;
    });
  }

  /**
   * Runs work in one {@code BEGIN IMMEDIATE} transaction.
   *
   * @param decision whether it is a local decision (flushed to the disk under {@link
   *     DurableScanLedger.Durability#POWER_LOSS}); else it is committed at {@code synchronous=NORMAL}
   */
  private <T> T inTransaction(boolean decision, Work<T> work) {
    try {
      boolean full = decision && flushDecisions;
      if (full != fullSync) {
        prepared(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL").execute();
        fullSync = full;
      }
      prepared("BEGIN IMMEDIATE").execute();
      T result;
      try {
        result = work.run();
      } catch (SQLException | RuntimeException e) {
        try {
          prepared("ROLLBACK").execute();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      prepared("COMMIT").execute();
      return result;
    } catch (SQLException | RuntimeException e) {
      throw failure(e);
    }
  }

  private <T> T read(Work<T> work) {
    try {
      return work.run();
    } catch (SQLException | RuntimeException e) {
      throw failure(e);
    }
  }

  private long count(String sql) {
    return read(() -> {
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  private TicketException failure(Exception e) {
    return new TicketException("the scan ledger at " + location + " failed (" + e.getMessage() + "); the scan was not "
        + "recorded. Fix the file (disk space, permissions, another process holding it) and scan again", e);
  }

  /** Moves what the WAL holds into the database file, off the decision path (its own connection). */
  private void checkpoint() {
    synchronized (checkpointDb) {
      try (Statement s = checkpointDb.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        // Closed meanwhile, or the disk failed: the next run (or a commit at the backstop) tries again.
        log.debug("WAL checkpoint of the scan ledger at {} failed: {}", location, e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    checkpoints.close();
    checkpointer.shutdownNow();
    SQLException failed = null;
    synchronized (checkpointDb) {
      try {
        checkpointDb.close();
      } catch (SQLException e) {
        failed = e;
      }
    }
    synchronized (listsLock) {
      listsClosed = true;
      Connection lists = listsDb;
      listsDb = null;
      try {
        if (lists != null) {
          lists.close();
        }
      } catch (SQLException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    try {
      db.close(); // closed even when the checkpoint connection failed to
    } catch (SQLException e) {
      if (failed == null) {
        failed = e;
      } else {
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failure(failed);
    }
  }
}
