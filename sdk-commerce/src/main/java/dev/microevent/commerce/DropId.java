package dev.microevent.commerce;

import dev.microevent.commerce.internal.Ids;

/**
 * A limited drop (a timed sale of a few products). Immutable and thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record DropId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public DropId {
    Ids.check(value, "dropId");
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   */
  public static DropId of(String value) {
    return new DropId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
