package dev.microevent.matter;

import java.util.Objects;

/**
 * A device's stable id in a {@link RoomManifest}, unique across the manifest: lowercase letters,
 * digits, {@code _ . -}, 1 to 64 characters, starting with a letter or digit ({@code stage-light-1}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the id
 */
public record DeviceId(String value) {
  /**
   * Validates the id.
   *
   * @param value the id
   * @throws IllegalArgumentException if it does not match the pattern
   */
  public DeviceId {
    Objects.requireNonNull(value, "value");
    if (!RoomId.PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("a device id is 1..64 of a-z 0-9 _ . - starting with a letter or digit");
    }
  }

  /**
   * A device id.
   *
   * @param value the id
   * @return the id
   * @throws IllegalArgumentException if it does not match the pattern
   */
  public static DeviceId of(String value) {
    return new DeviceId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
