package dev.microevent.commerce.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Opens the module's crash-safe SQLite files the one way: WAL (readers never block the writer, a
 * commit is one append), {@code synchronous=FULL} (a commit is on disk when it returns), a busy
 * timeout for other connections to the same file, the schema, and the connection closed again if
 * any of it fails. Used by the scan ledger (which commits its decisions at {@code synchronous=NORMAL}
 * unless told to survive a power loss, see {@code LedgerStore}); the checkout journal follows the
 * same recipe.
 */
public final class Sqlite {
  private Sqlite() {}

  /** Creates or checks a schema on a fresh connection. */
  @FunctionalInterface
  public interface Schema {
    /**
     * Runs the statements.
     *
     * @param c the connection
     * @throws SQLException if one fails
     */
    void create(Connection c) throws SQLException;
  }

  /**
   * Opens a file (or an in-memory database, which is not crash-safe).
   *
   * @param file the file, or null for {@code :memory:}
   * @param busyTimeout how long a statement waits for another connection's lock
   * @param schema creates the tables if missing
   * @return the open connection, in auto-commit mode
   * @throws SQLException if it cannot be opened or set up (the connection is closed then)
   */
  public static Connection open(@Nullable Path file, Duration busyTimeout, Schema schema) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + location(file));
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=" + busyTimeout.toMillis());
        if (file != null) {
          s.execute("PRAGMA journal_mode=WAL");
        }
        s.execute("PRAGMA synchronous=FULL");
      }
      schema.create(c);
      return c;
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * How a file is named in messages and JDBC URLs.
   *
   * @param file the file, or null
   * @return its absolute path, or {@code :memory:}
   */
  public static String location(@Nullable Path file) {
    return file == null ? ":memory:" : file.toAbsolutePath().toString();
  }
}
