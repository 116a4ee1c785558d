package dev.microevent.power.internal;

import dev.microevent.power.PowerProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The NUT network protocol's quoting rules (RFC 9271; NUT's "parseconf" tokenizer): words are
 * split on spaces outside double quotes; inside quotes {@code \"} is a quote and {@code \\} a
 * backslash; the quotes are stripped. Also the number rules every power protocol's mapping goes
 * through (NUT, apcupsd, VE.Direct): at most 15 digits either side of the point, so a number is
 * exact in a double, and runtimes capped at {@link #MAX_RUNTIME}, so no arithmetic on them
 * overflows.
 */
public final class NutWire {
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,15})?");
  /**
   * The longest runtime a reading holds, 100 years: a device's larger figure is a placeholder
   * for "not discharging", and in milliseconds it would overflow a {@code long}.
   */
  public static final Duration MAX_RUNTIME = Duration.ofDays(36_525);

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
  public static Optional<Double> optionalNumber(@Nullable String value) {
    double d = value == null ? Double.NaN : number(value);
    return Double.isNaN(d) ? Optional.empty() : Optional.of(d);
  }

  /**
   * {@link #optionalNumber(String)} for a whole number.
   *
   * @param value the text, or null when absent
   * @return the number; empty when absent, not a valid number or not whole
   */
  public static OptionalLong optionalInteger(@Nullable String value) {
    Optional<Double> d = optionalNumber(value);
    return d.isPresent() && d.get() == Math.rint(d.get()) ? OptionalLong.of(d.get().longValue()) : OptionalLong.empty();
  }

  /**
   * A device's runtime figure as a duration.
   *
   * @param seconds the figure in seconds (any double)
   * @return empty unless positive ("no estimate"); at most {@link #MAX_RUNTIME}
   */
  public static Optional<Duration> runtime(double seconds) {
    if (!(seconds > 0)) {
      return Optional.empty();
    }
    return Optional.of(seconds >= MAX_RUNTIME.toSeconds() ? MAX_RUNTIME : Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /**
   * A runtime within {@link #MAX_RUNTIME}.
   *
   * @param runtime any duration
   * @return it, or the cap
   */
  public static Duration capped(Duration runtime) {
    return runtime.compareTo(MAX_RUNTIME) > 0 ? MAX_RUNTIME : runtime;
  }
}
