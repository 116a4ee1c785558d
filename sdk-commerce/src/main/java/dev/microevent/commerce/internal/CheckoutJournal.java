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
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The crash-safe record of every logical checkout, in SQLite (WAL, synchronous=FULL): the key is
 * written before the first byte is sent, so after a crash the same checkout resumes with the same
 * key, under the same client id (see {@link #clientId()}). One journal file per app instance.
 * Thread-safe (one connection, serialized).
 */
final class CheckoutJournal implements AutoCloseable {
  enum State { PENDING, PAID, FAILED }

  /** What a client id looks like on the wire (an RFC 9110 token, at most 64 characters). */
  static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
  private final String clientId;

  private CheckoutJournal(Connection db, String location, String clientId) {
    this.db = db;
    this.location = location;
    this.clientId = clientId;
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
    Connection c;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + location);
    } catch (SQLException e) {
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
      return new CheckoutJournal(c, location, clientId);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw cannotOpen(location, e);
    }
  }

  private static CheckoutJournalException cannotOpen(String location, Exception e) {
    return new CheckoutJournalException("cannot open the checkout journal at " + location
        + "; check the path is writable, is a journal, and is not used by another app instance ("
        + e.getMessage() + ")", e);
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
    if (get(id).isPresent()) {
      throw new IllegalStateException("the checkout key source supplied a key this journal already used ('" + id
          + "'); every logical checkout needs a unique key: keep the default (random UUIDs) or fix "
          + "CommerceClient.Builder.checkoutKeys");
    }
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
