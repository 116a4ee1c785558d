package dev.microevent.slices;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a slice in rules, metrics ({@code slice} tag), logs and events. {@link #DEFAULT_NETWORK}
 * stands for the device's default network (no slice binding).
 *
 * @param value a lower-case token, 1..32 characters of {@code [a-z0-9_.-]}
 */
public record SliceId(String value) {
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  /** The device's default network: connections are not bound to any slice. */
  public static final SliceId DEFAULT_NETWORK = new SliceId("default");

  /**
   * Validates the token.
   *
   * @param value a lower-case token, 1..32 characters of {@code [a-z0-9_.-]}
   * @throws IllegalArgumentException if {@code value} is not a valid token (it is a metric tag)
   */
  public SliceId {
    Objects.requireNonNull(value, "value");
    if (!TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "slice id must match " + TOKEN.pattern() + " (it is a metric tag), got '" + value + "'");
    }
  }

  /**
   * A slice id.
   *
   * @param value the token
   * @return the id
   */
  public static SliceId of(String value) {
    return new SliceId(value);
  }

  /** {@return whether this is {@link #DEFAULT_NETWORK}} */
  public boolean isDefaultNetwork() {
    return equals(DEFAULT_NETWORK);
  }

  @Override
  public String toString() {
    return value;
  }
}
