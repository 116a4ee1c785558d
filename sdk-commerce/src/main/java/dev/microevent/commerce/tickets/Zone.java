package dev.microevent.commerce.tickets;

/**
 * An area of a venue a ticket admits to ({@code FLOOR}, {@code BALCONY}, {@code BACKSTAGE}). A
 * ticket without a zone is valid at every gate of its event; a verifier configured with zones
 * refuses tickets of other zones ({@link VerdictKind#WRONG_ZONE}). Immutable and thread-safe.
 *
 * @param value 1..32 characters of {@code [A-Za-z0-9._-]}
 */
public record Zone(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..32 characters of {@code [A-Za-z0-9._-]}
   * @throws TicketException if the value is not 1..32 characters of {@code [A-Za-z0-9._-]}
   */
  public Zone {
    TicketIds.check(value, "zone", 1, TicketIds.MAX_LABEL);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the zone
   * @return the typed zone
   * @throws TicketException if the value is not 1..32 characters of {@code [A-Za-z0-9._-]}
   */
  public static Zone of(String value) {
    return new Zone(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
