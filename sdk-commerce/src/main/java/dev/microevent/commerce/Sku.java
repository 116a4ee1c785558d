package dev.microevent.commerce;

import dev.microevent.commerce.internal.Ids;

/**
 * A product's stock-keeping unit, e.g. {@code HOODIE-1}. Immutable and thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record Sku(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public Sku {
    Ids.check(value, "sku");
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   */
  public static Sku of(String value) {
    return new Sku(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
