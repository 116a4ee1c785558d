package dev.microevent.commerce.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation shared by the typed ids of the commerce and shield packages: one pattern, one message.
 */
public final class Ids {
  /** What an id may hold: 1..64 characters of {@code [A-Za-z0-9._-]}, safe in a URL path. */
  public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Ids() {}

  /**
   * Checks an id.
   *
   * @param value the id
   * @param what its name in the error message, e.g. {@code "sku"}
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} does not match {@link #TOKEN}
   */
  public static String check(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1..64 characters of [A-Za-z0-9._-] (it is used in URL paths), got '"
              + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }
    return value;
  }
}
