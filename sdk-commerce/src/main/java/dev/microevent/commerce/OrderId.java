package dev.microevent.commerce;

import dev.microevent.commerce.internal.Ids;

/**
 * An order's id, assigned by the backend. Immutable and thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record OrderId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public OrderId {
    Ids.check(value, "orderId");
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   */
  public static OrderId of(String value) {
    return new OrderId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
