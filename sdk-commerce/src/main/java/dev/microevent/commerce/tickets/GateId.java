package dev.microevent.commerce.tickets;

/**
 * A gate's (one scanner's) id, as verdicts and the scan ledger record it. Immutable and
 * thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record GateId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public GateId {
    TicketIds.check(value, "gateId", 1, TicketIds.MAX);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   * @throws TicketException if the value is not 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public static GateId of(String value) {
    return new GateId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
