package dev.microevent.slices.camara;

import java.util.Objects;
import java.util.UUID;

/**
 * A network slice booking id (a UUID issued by the operator).
 *
 * @param value the UUID
 */
public record SliceBookingId(UUID value) {
  /**
   * Checks for null.
   *
   * @param value the UUID
   */
  public SliceBookingId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
