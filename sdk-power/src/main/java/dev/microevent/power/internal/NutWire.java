package dev.microevent.power.internal;

import dev.microevent.power.PowerProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The NUT network protocol's quoting rules (RFC 9271; NUT's "parseconf" tokenizer): words are
 * split on spaces outside double quotes; inside quotes {@code \"} is a quote and {@code \\} a
 * backslash; the quotes are stripped.
 */
public final class NutWire {
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,15})?");

  private NutWire() {}

  /**
   * Splits an answer line into words.
   *
   * @param line one line without its LF
   * @return the words, quotes removed and escapes resolved
   * @throws PowerProtocolException on an unterminated quote or a dangling backslash
   */
  public static List<String> tokenize(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw malformed("a dangling backslash", line);
        }
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == '"') {
        if (quoted) {
          quoted = false;
        } else {
          quoted = true;
          inWord = true;
        }
      } else if (c == ' ' && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw malformed("an unterminated quote", line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static PowerProtocolException malformed(String what, String line) {
    return new PowerProtocolException("upsd sent a line with " + what + ": '" + Checks.sanitize(line)
        + "'; is this really a NUT server?", null);
  }

  /**
   * Quotes a value for sending: wraps it in double quotes and escapes quotes and backslashes.
   *
   * @param value the value (no line breaks; checked by the caller)
   * @return the quoted form
   */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /**
   * Parses a NUT number: dot decimal separator, no thousands separator, no exponent; zero
   * padding allowed ({@code "023.4"}).
   *
   * @param value the text
   * @return the number, or NaN when it is not a valid NUT number (absent, never zero)
   */
  public static double number(String value) {
    String v = value.trim();
    return NUMBER.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
  }

  /**
   * {@link #number(String)} for a value that may not have been sent.
   *
   * @param value the text, or null when absent
   * @return the number; empty when absent or not a valid NUT number
   */
  static Optional<Double> optionalNumber(@Nullable String value) {
    double d = value == null ? Double.NaN : number(value);
    return Double.isNaN(d) ? Optional.empty() : Optional.of(d);
  }
}
