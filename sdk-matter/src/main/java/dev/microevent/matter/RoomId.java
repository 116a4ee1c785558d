package dev.microevent.matter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A room's stable id in a {@link RoomManifest}: lowercase letters, digits, {@code _ . -}, 1 to 64
 * characters, starting with a letter or digit ({@code main-stage}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the id
 */
public record RoomId(String value) {
  static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /**
   * Validates the id.
   *
   * @param value the id
   * @throws IllegalArgumentException if it does not match the pattern
   */
  public RoomId {
    Objects.requireNonNull(value, "value");
    if (!PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("a room id is 1..64 of a-z 0-9 _ . - starting with a letter or digit");
    }
  }

  /**
   * A room id.
   *
   * @param value the id
   * @return the id
   * @throws IllegalArgumentException if it does not match the pattern
   */
  public static RoomId of(String value) {
    return new RoomId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
