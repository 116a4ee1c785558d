package dev.microevent.matter.internal;

import java.util.Locale;

/** Text helpers for error messages: show a character without echoing control bytes. */
public final class Texts {
  private Texts() {}

  /**
   * A character as a message shows it.
   *
   * @param ch the character
   * @return {@code 'x'} when printable ASCII, else its code point
   */
  public static String describe(char ch) {
    if (ch >= 0x20 && ch < 0x7F) {
      return "'" + ch + "'";
    }
    return String.format(Locale.ROOT, "U+%04X", (int) ch);
  }
}
