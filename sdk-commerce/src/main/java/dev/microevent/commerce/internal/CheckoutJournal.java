package dev.microevent.commerce.internal;

import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutJournalException;
import dev.microevent.commerce.CheckoutJournalInUseException;
import dev.microevent.commerce.PendingCheckout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe record of every logical checkout, in SQLite (WAL, synchronous=FULL): the key is
 * written before the first byte is sent, so after a crash the same checkout resumes with the same
 * key, under the same client id (see {@link #clientId()}). One journal file per app instance,
 * enforced: a file journal holds an OS lock on {@code <file>.lock} for its whole life, so a second
 * opener (another process, or another client in this one) is refused with {@link
 * CheckoutJournalInUseException}; and {@link #begin} is one {@code BEGIN IMMEDIATE} transaction, so
 * even a writer that ignores the lock cannot slip a row of the same cart between its read and its
 * insert. Thread-safe (one connection, serialized).
 *
 * <p>A state machine whose transitions are compare-and-set updates (the affected-row count says
 * whether a transition happened), so that when two paths of one checkout run at once (a double
 * tap, a resolve racing a resubmit) the answer that lands last cannot overwrite the truth:
 *
 * <pre>
 *   PENDING --paid--------------------------------------------------> PAID (terminal)
 *   PENDING --failed (the backend closed the key: 402, 400, 410,
 *             422, or a confirmed fence)------------------------------> FAILED
 *   PENDING --notSent (no send of the key ever left: sends = unsent)--> FAILED(NOT_SENT)
 *   FAILED  --paid (the backend says it charged after all)-----------> PAID (logged as an error)
 * </pre>
 *
 * <p>Every send is counted ({@code sends}) before it leaves, only while the checkout is PENDING;
 * a send that provably never left is counted again in {@code unsent}. "Nothing was charged"
 * without the backend's word is therefore concluded only when {@code sends = unsent}; and sends in
 * flight in this process are tracked so a resolve never closes a key this app is still sending.
 */
final class CheckoutJournal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckoutJournal.class);
  enum State { PENDING, PAID, FAILED }

  /**
   * The outcome of a transition.
   *
   * @param applied whether this call made the transition
   * @param before the state this call found
   * @param row the row afterwards: the truth, whoever made it
   */
  record Transition(boolean applied, State before, Row row) {}

  /** What a client id looks like on the wire (an RFC 9110 token, at most 64 characters). */
  static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** One row. */
  record Row(
      CheckoutId id,
      CartId cartId,
      String fingerprint,
      State state,
      int sends,
      int unsent,
      @Nullable String orderJson,
      @Nullable String failureReason,
      String detail,
      Instant createdAt,
      @Nullable Instant lastSentAt) {

    PendingCheckout toPending() {
      return new PendingCheckout(id, cartId, createdAt, sends, detail);
    }
  }

  /** What {@link #begin} decided. */
  record Begin(Row row, boolean resumed) {}

  /** Lock files held by journals of this process (an OS lock cannot tell two of them apart). */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Connection db;
  private final String location;
  private final String clientId;
  private final @Nullable Ownership ownership;
  /** Guarded by this. */
  private boolean closed;
  /** Sends of this process not yet answered, per checkout key: guarded by this. */
  private final Map<String, Integer> inFlight = new HashMap<>();

  private CheckoutJournal(Connection db, String location, String clientId, @Nullable Ownership ownership) {
    this.db = db;
    this.location = location;
    this.clientId = clientId;
    this.ownership = ownership;
  }

  /** The exclusive hold of a journal file: an OS lock on its lock file, and this process's claim. */
  private record Ownership(Path lockFile, FileChannel channel, FileLock lock) {
    static Ownership take(Path journal) {
      Path lockFile = lockFileOf(journal);
      if (!HELD.add(lockFile)) {
        throw inUse(journal, "another CommerceClient of this process");
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
          lock = null; // something else in this JVM locked it
        }
        if (lock == null) {
          throw inUse(journal, "another app instance");
        }
        return new Ownership(lockFile, channel, lock);
      } catch (IOException | RuntimeException e) {
        HELD.remove(lockFile);
        closeQuietly(channel, e);
        if (e instanceof CheckoutJournalInUseException inUse) {
          throw inUse;
        }
        throw cannotOpen(journal.toString(), e);
      }
    }

    void release() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // Closing the channel releases the lock whatever happens; nothing is left to undo.
      } finally {
        HELD.remove(lockFile);
      }
    }

    /** The same file by any path (symbolic links and {@code ..} resolved) gets the same lock file. */
    private static Path lockFileOf(Path journal) {
      Path abs = journal.toAbsolutePath().normalize();
      Path parent = abs.getParent();
      try {
        if (parent != null && Files.isDirectory(parent)) {
          abs = parent.toRealPath().resolve(abs.getFileName().toString());
        }
      } catch (IOException e) {
        // Keep the normalized path: opening the journal will report the directory's problem.
      }
      return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    private static void closeQuietly(@Nullable FileChannel channel, Exception cause) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          cause.addSuppressed(suppressed);
        }
      }
    }

    private static CheckoutJournalInUseException inUse(Path journal, String holder) {
      return new CheckoutJournalInUseException("the checkout journal at " + journal.toAbsolutePath()
          + " is already open in " + holder + "; two clients on one journal could each start the same cart "
          + "under a different key and charge it twice, so nothing was opened or sent. Close the other client "
          + "first (or wait for the old app instance to exit), or give each app instance its own journal file");
    }
  }

  /**
   * The identity this journal's checkouts are sent under, so the backend scopes their keys to this
   * client (draft-ietf-httpapi-idempotency-key-header: a key is unique per client, not globally).
   * Created with the journal and kept in it, so a checkout resumed after a restart is still this
   * client's.
   */
  String clientId() {
    return clientId;
  }

  /**
   * Opens (or creates) a journal.
   *
   * @param file the SQLite file, or null for an in-memory journal (not crash-safe)
   * @return the journal
   */
  static CheckoutJournal open(@Nullable Path file) {
    String location = file == null ? ":memory:" : file.toAbsolutePath().toString();
    Ownership ownership = file == null ? null : Ownership.take(file);
    Connection c;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + location);
    } catch (SQLException e) {
      if (ownership != null) {
        ownership.release();
      }
      throw cannotOpen(location, e);
    }
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
        if (file != null) {
          s.execute("PRAGMA journal_mode=WAL");
        }
        s.execute("PRAGMA synchronous=FULL");
        s.execute("""
            CREATE TABLE IF NOT EXISTS checkouts (
              checkout_id TEXT PRIMARY KEY,
              cart_id TEXT NOT NULL,
              fingerprint TEXT NOT NULL,
              state TEXT NOT NULL,
              sends INTEGER NOT NULL DEFAULT 0,
              order_json TEXT,
              failure_reason TEXT,
              detail TEXT NOT NULL DEFAULT '',
              created_at TEXT NOT NULL,
              last_sent_at TEXT,
              updated_at TEXT NOT NULL)""");
        if (!hasColumn(s, "checkouts", "unsent")) {
          // Journals written before the state machine: none of their sends is known to be unsent.
          s.execute("ALTER TABLE checkouts ADD COLUMN unsent INTEGER NOT NULL DEFAULT 0");
        }
        s.execute("CREATE INDEX IF NOT EXISTS checkouts_by_cart ON checkouts(cart_id)");
        s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT OR IGNORE INTO meta(name, value) VALUES ('client_id', ?)")) {
        ps.setString(1, "cl-" + UUID.randomUUID());
        ps.executeUpdate();
      }
      @Nullable String clientId = null;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'client_id'")) {
        if (rs.next()) {
          clientId = rs.getString(1);
        }
      }
      if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
        throw new SQLException("its client id is missing or not a token of 1..64 characters");
      }
      return new CheckoutJournal(c, location, clientId, ownership);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (ownership != null) {
        ownership.release();
      }
      throw cannotOpen(location, e);
    }
  }

  private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        if (column.equals(rs.getString("name"))) {
          return true;
        }
      }
      return false;
    }
  }

  private static CheckoutJournalException cannotOpen(String location, Exception e) {
    return new CheckoutJournalException("cannot open the checkout journal at " + location + " (" + e.getMessage()
        + "); nothing was sent. Check that the directory exists and is writable and that the file is a "
        + "checkout journal, then build the client again", e);
  }

  /**
   * Starts or resumes the logical checkout of a cart, atomically: the latest row of the cart is
   * returned when it is paid or pending, otherwise a new pending row with a fresh key is written.
   *
   * @param cartId the cart
   * @param fingerprint the request's fingerprint
   * @param newKey supplies a fresh key
   * @param now the clock's reading
   * @return the row and whether it already existed
   */
  synchronized Begin begin(CartId cartId, String fingerprint, Supplier<CheckoutId> newKey, Instant now) {
    // One write transaction from the read to the insert: no other connection to this file can add
    // a row of the same cart in between (it waits for the commit, or gives up busy).
    return inTransaction(() -> {
      Optional<Row> latest = latestForCart(cartId);
      if (latest.isPresent() && latest.get().state() != State.FAILED) {
        return new Begin(latest.get(), true);
      }
      CheckoutId id = newKey.get();
      if (get(id).isPresent()) {
        throw new IllegalStateException("the checkout key source supplied a key this journal already used ('" + id
            + "'); every logical checkout needs a unique key: keep the default (random UUIDs) or fix "
            + "CommerceClient.Builder.checkoutKeys");
      }
      update("INSERT INTO checkouts(checkout_id, cart_id, fingerprint, state, created_at, updated_at) "
          + "VALUES (?, ?, ?, 'PENDING', ?, ?)", id.value(), cartId.value(), fingerprint, now.toString(),
          now.toString());
      return new Begin(new Row(id, cartId, fingerprint, State.PENDING, 0, 0, null, null, "", now, null), false);
    });
  }

  /** Runs a step in one {@code BEGIN IMMEDIATE} transaction: committed if it returns, rolled back if it throws. */
  private <T> T inTransaction(Supplier<T> step) {
    checkOpen();
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      throw failure(e);
    }
    boolean committed = false;
    try {
      T result = step.get();
      try (Statement s = db.createStatement()) {
        s.execute("COMMIT");
      }
      committed = true;
      return result;
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      if (!committed) {
        try (Statement s = db.createStatement()) {
          s.execute("ROLLBACK");
        } catch (SQLException rollbackFailed) {
          log.warn("the checkout journal at {} could not roll back a failed begin: {}", location,
              rollbackFailed.getMessage());
        }
      }
    }
  }

  /**
   * Counts a send before it is handed to the network, if the checkout is still pending; a
   * checkout another path has closed meanwhile is not sent again. Every successful call must be
   * followed by {@link #endSend}.
   *
   * @return the transition: applied when the send may go, else the row that says why not
   */
  synchronized Transition beginSend(CheckoutId id, Instant now) {
    State before = row(id).state();
    boolean applied = update("UPDATE checkouts SET sends = sends + 1, last_sent_at = ?, updated_at = ? "
        + "WHERE checkout_id = ? AND state = 'PENDING'", now.toString(), now.toString(), id.value()) == 1;
    if (!applied) {
      return new Transition(false, before, row(id));
    }
    inFlight.merge(id.value(), 1, Integer::sum);
    boolean handedOver = false;
    try {
      Transition t = new Transition(true, before, row(id));
      handedOver = true;
      return t;
    } finally {
      if (!handedOver) {
        endSend(id); // the caller never gets to send, so it never ends the send either
      }
    }
  }

  /** The answer to a send begun with {@link #beginSend} was handled (whatever it was). */
  synchronized void endSend(CheckoutId id) {
    inFlight.computeIfPresent(id.value(), (k, n) -> n == 1 ? null : n - 1);
  }

  /** Whether this process is sending the checkout right now. */
  synchronized boolean sending(CheckoutId id) {
    return inFlight.containsKey(id.value());
  }

  /**
   * The backend charged it: PENDING (or, against its contract, FAILED) becomes PAID.
   *
   * @return the transition
   */
  synchronized Transition paid(CheckoutId id, @Nullable String orderJson, String detail, Instant now) {
    State before = row(id).state();
    boolean applied = update("UPDATE checkouts SET state = 'PAID', order_json = ?, failure_reason = NULL, detail = ?, "
        + "updated_at = ? WHERE checkout_id = ? AND state <> 'PAID'", orderJson, detail, now.toString(), id.value()) == 1;
    return new Transition(applied, before, row(id));
  }

  /**
   * The backend closed the key without charging it (declined and stored, refused, fenced, or the
   * key belongs to another payload): PENDING becomes FAILED. No send of the key can be charged
   * after this, so no check of other sends is needed.
   *
   * @return the transition
   */
  synchronized Transition failed(CheckoutId id, String failureReason, @Nullable String orderJson, String detail,
      Instant now) {
    State before = row(id).state();
    boolean applied = update("UPDATE checkouts SET state = 'FAILED', order_json = ?, failure_reason = ?, detail = ?, "
        + "updated_at = ? WHERE checkout_id = ? AND state = 'PENDING'", orderJson, failureReason, detail,
        now.toString(), id.value()) == 1;
    return new Transition(applied, before, row(id));
  }

  /**
   * A send provably never left (shed, breaker, bulkhead, rate limit). Counts it as unsent, then
   * closes the checkout as NOT_SENT only if no send of its key ever left or is on its way.
   *
   * @param counted whether a send counted by {@link #beginSend} was refused (false for a resolve,
   *     which closes a checkout none of whose sends ever left)
   * @return the transition; not applied when another send may have reached the backend
   */
  synchronized Transition notSent(CheckoutId id, boolean counted, String detail, Instant now) {
    State before = row(id).state();
    if (counted) {
      update("UPDATE checkouts SET unsent = unsent + 1, updated_at = ? WHERE checkout_id = ?", now.toString(),
          id.value());
    }
    // Every send, in flight or answered, in any process on this file, was counted in sends
    // before it left; only those that provably never left are in unsent.
    boolean applied = update("UPDATE checkouts SET state = 'FAILED', failure_reason = 'NOT_SENT', detail = ?, "
        + "updated_at = ? WHERE checkout_id = ? AND state = 'PENDING' AND sends = unsent", detail, now.toString(),
        id.value()) == 1;
    return new Transition(applied, before, row(id));
  }

  /** Keeps the last failure of a pending checkout for {@link PendingCheckout#lastError()}; returns the row. */
  synchronized Row note(CheckoutId id, String detail, Instant now) {
    update("UPDATE checkouts SET detail = ?, updated_at = ? WHERE checkout_id = ? AND state = 'PENDING'", detail,
        now.toString(), id.value());
    return row(id);
  }

  private Row row(CheckoutId id) {
    return get(id).orElseThrow(() -> failure(new SQLException("checkout " + id + " vanished from the journal")));
  }

  synchronized Optional<Row> get(CheckoutId id) {
    List<Row> rows = query("SELECT * FROM checkouts WHERE checkout_id = ?", id.value());
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  synchronized List<Row> pending() {
    return query("SELECT * FROM checkouts WHERE state = 'PENDING' ORDER BY created_at, rowid");
  }

  private Optional<Row> latestForCart(CartId cartId) {
    List<Row> rows = query("SELECT * FROM checkouts WHERE cart_id = ? ORDER BY rowid DESC LIMIT 1", cartId.value());
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Runs an update; returns the affected-row count. */
  private int update(String sql, @Nullable Object... args) {
    checkOpen();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Row> query(String sql, Object... args) {
    checkOpen();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      List<Row> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String sent = rs.getString("last_sent_at");
          String fp = rs.getString("fingerprint");
          String detail = rs.getString("detail");
          out.add(new Row(
              new CheckoutId(rs.getString("checkout_id")),
              CartId.of(rs.getString("cart_id")),
              fp == null ? "" : fp,
              State.valueOf(rs.getString("state")),
              rs.getInt("sends"),
              rs.getInt("unsent"),
              rs.getString("order_json"),
              rs.getString("failure_reason"),
              detail == null ? "" : detail,
              Instant.parse(rs.getString("created_at")),
              sent == null ? null : Instant.parse(sent)));
        }
      }
      return out;
    } catch (SQLException | RuntimeException e) {
      throw failure(e);
    }
  }

  private static void bind(PreparedStatement ps, @Nullable Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private CheckoutJournalException failure(Exception e) {
    if (closed) {
      return closedFailure();
    }
    return new CheckoutJournalException("the checkout journal at " + location + " could not be read or written ("
        + e.getMessage() + "). A checkout that was not sent yet was not sent; one that was sent keeps its key in "
        + "the journal and stays pending. Fix the file (disk space, permissions), then submit again or resolve "
        + "the pending checkouts", e);
  }

  private CheckoutJournalException closedFailure() {
    return new CheckoutJournalException("the checkout journal at " + location + " was closed (its CommerceClient "
        + "was closed); a checkout already sent keeps its key in the journal and stays pending. Reopen the "
        + "client and submit again or resolve the pending checkouts", null);
  }

  private void checkOpen() {
    if (closed) {
      throw closedFailure();
    }
  }

  /** Closes the connection and gives up the file's lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.close();
    } catch (SQLException e) {
      log.warn("the checkout journal at {} did not close cleanly: {}", location, e.getMessage());
    } finally {
      if (ownership != null) {
        ownership.release();
      }
    }
  }
}
