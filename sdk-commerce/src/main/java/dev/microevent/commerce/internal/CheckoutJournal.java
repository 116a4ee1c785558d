package dev.microevent.commerce.internal;

import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutJournalException;
import dev.microevent.commerce.PendingCheckout;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The crash-safe record of every logical checkout, in SQLite (WAL, synchronous=FULL): the key is
 * written before the first byte is sent, so after a crash the same checkout resumes with the same
 * key. One journal file per app instance. Thread-safe (one connection, serialized).
 */
final class CheckoutJournal implements AutoCloseable {
  enum State { PENDING, PAID, FAILED }

  /** One row. */
  record Row(
      CheckoutId id,
      CartId cartId,
      String fingerprint,
      State state,
      int sends,
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

  private final Connection db;
  private final String location;

  private CheckoutJournal(Connection db, String location) {
    this.db = db;
    this.location = location;
  }

  /**
   * Opens (or creates) a journal.
   *
   * @param file the SQLite file, or null for an in-memory journal (not crash-safe)
   * @return the journal
   */
  static CheckoutJournal open(@Nullable Path file) {
    String location = file == null ? ":memory:" : file.toAbsolutePath().toString();
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + location);
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
        s.execute("CREATE INDEX IF NOT EXISTS checkouts_by_cart ON checkouts(cart_id)");
      }
      return new CheckoutJournal(c, location);
    } catch (SQLException e) {
      throw new CheckoutJournalException("cannot open the checkout journal at " + location
          + "; check the path is writable and not used by another app instance (" + e.getMessage() + ")", e);
    }
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
    Optional<Row> latest = latestForCart(cartId);
    if (latest.isPresent() && latest.get().state() != State.FAILED) {
      return new Begin(latest.get(), true);
    }
    CheckoutId id = newKey.get();
    update("INSERT INTO checkouts(checkout_id, cart_id, fingerprint, state, created_at, updated_at) "
        + "VALUES (?, ?, ?, 'PENDING', ?, ?)", id.value(), cartId.value(), fingerprint, now.toString(), now.toString());
    return new Begin(new Row(id, cartId, fingerprint, State.PENDING, 0, null, null, "", now, null), false);
  }

  /** Records that a checkout is being handed to the network; returns the sends so far, this one included. */
  synchronized int markSent(CheckoutId id, Instant now) {
    update("UPDATE checkouts SET sends = sends + 1, last_sent_at = ?, updated_at = ? WHERE checkout_id = ?",
        now.toString(), now.toString(), id.value());
    return get(id).map(Row::sends).orElse(1);
  }

  synchronized void complete(CheckoutId id, State state, @Nullable String orderJson, @Nullable String failureReason,
      String detail, Instant now) {
    update("UPDATE checkouts SET state = ?, order_json = ?, failure_reason = ?, detail = ?, updated_at = ? "
        + "WHERE checkout_id = ?", state.name(), orderJson, failureReason, detail, now.toString(), id.value());
  }

  synchronized void note(CheckoutId id, String detail, Instant now) {
    update("UPDATE checkouts SET detail = ?, updated_at = ? WHERE checkout_id = ?", detail, now.toString(), id.value());
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

  private void update(String sql, @Nullable Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Row> query(String sql, Object... args) {
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
    return new CheckoutJournalException("the checkout journal at " + location + " failed (" + e.getMessage()
        + "); nothing was sent. Fix the file (disk space, permissions) and retry", e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
