package dev.microevent.slices.camara;

import java.util.Objects;
import java.util.UUID;

/**
 * A Quality-on-Demand session id (a UUID issued by the operator).
 *
 * @param value the UUID
 */
public record QosSessionId(UUID value) {
  /**
   * Checks for null.
   *
   * @param value the UUID
   */
  public QosSessionId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses a session id.
   *
   * @param text a UUID
   * @return the id
   * @throws IllegalArgumentException if the text is not a UUID
   */
  public static QosSessionId parse(String text) {
    return new QosSessionId(UUID.fromString(Objects.requireNonNull(text, "text")));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
