package dev.microevent.commerce.tickets;

/**
 * A ticket's id, unique within its event. Revocation and block lists and the scan ledger are
 * keyed by it, so a re-signed ticket with the same id is still revoked. Immutable and
 * thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record TicketId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public TicketId {
    TicketIds.check(value, "ticketId", 1, TicketIds.MAX);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public static TicketId of(String value) {
    return new TicketId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
