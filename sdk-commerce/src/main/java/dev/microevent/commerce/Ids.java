package dev.microevent.commerce;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation shared by the typed ids; package-private. */
final class Ids {
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Ids() {}

  static String check(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1..64 characters of [A-Za-z0-9._-] (it is used in URL paths), got '"
              + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }
    return value;
  }
}
