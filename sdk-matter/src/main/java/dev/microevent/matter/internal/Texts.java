package dev.microevent.matter.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/** Text helpers for error messages: show a character without echoing control bytes, a failure in one line. */
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

  /**
   * What a failed future failed with, for a one-line report: the cause's message (unwrapped from
   * a {@code CompletionException}), or its class name when it has none.
   *
   * @param e the failure
   * @return the message
   */
  static String failure(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return Objects.toString(t.getMessage(), t.getClass().getSimpleName());
  }
}
