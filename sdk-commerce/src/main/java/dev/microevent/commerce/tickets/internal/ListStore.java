package dev.microevent.commerce.tickets.internal;

import java.util.Optional;

/**
 * Where a gate keeps named values beside its scans (a file of their own next to the durable
 * ledgers' local file, so writing them never holds up a scan decision): the last good signed key
 * and revocation lists, so a gate restarted with its uplink down still decides on them. A value is
 * replaced in one committed transaction, never half-written. Thread-safe.
 */
public interface ListStore {

  /**
   * A value.
   *
   * @param name its name
   * @return it, or empty if none was kept
   * @throws dev.microevent.commerce.tickets.TicketException if the store cannot be read
   */
  Optional<String> value(String name);

  /**
   * Keeps a value, replacing the one held.
   *
   * @param name its name
   * @param value the value
   * @throws dev.microevent.commerce.tickets.TicketException if the store cannot be written
   */
  void value(String name, String value);

  /** Something that has a store for a gate's lists: the durable ledgers. */
  interface Source {
    /**
     * The store.
     *
     * @return it
     */
    ListStore lists();
  }
}
