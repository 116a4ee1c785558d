package dev.microevent.commerce.tickets;

/**
 * An event's id. A ticket is valid for exactly one event, and a verifier serves one event.
 * Immutable and thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record EventId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public EventId {
    TicketIds.check(value, "eventId", 1, TicketIds.MAX);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public static EventId of(String value) {
    return new EventId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
