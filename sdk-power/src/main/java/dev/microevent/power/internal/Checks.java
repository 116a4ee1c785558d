package dev.microevent.power.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the power module's configs; messages name the bad value. */
public final class Checks {
  private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");
  /** NUT names (UPS, variable, command): printable, no space, quote or backslash. */
  private static final Pattern NUT_NAME = Pattern.compile("[\\x21-\\x7E&&[^\"\\\\]]{1,127}");

  private Checks() {}

  /**
   * A source id (it is a metric tag).
   *
   * @param id the id
   * @return it
   */
  public static String sourceId(String id) {
    Objects.requireNonNull(id, "id");
    if (!SOURCE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("source id must match " + SOURCE_ID.pattern() + " (it is a metric tag), got '"
          + id + "'");
    }
    return id;
  }

  /**
   * A source id made from a free name.
   *
   * @param name e.g. a UPS name
   * @return a valid id
   */
  public static String sourceIdFrom(String name) {
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-").replaceFirst("^[^a-z0-9]+", "");
    if (id.isEmpty()) {
      id = "ups";
    }
    return id.length() > 48 ? id.substring(0, 48) : id;
  }

  /**
   * A host name or address.
   *
   * @param host the host
   * @return it
   */
  public static String host(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
      throw new IllegalArgumentException("host must be a host name or address without spaces, got '" + host + "'");
    }
    return host;
  }

  /**
   * A TCP port.
   *
   * @param port the port
   * @return it
   */
  public static int port(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
    return port;
  }

  /**
   * A positive duration.
   *
   * @param name what it is
   * @param value the duration
   * @return it
   */
  public static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * A positive timeout as a socket takes it: whole milliseconds in an {@code int}, where 0 would
   * mean "wait forever". Longer than a socket can hold (about 24.8 days) is capped, shorter than a
   * millisecond is rounded up to one.
   *
   * @param timeout a positive duration
   * @return 1 to {@link Integer#MAX_VALUE} ms
   */
  public static int socketMillis(Duration timeout) {
    if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.max(1, timeout.toMillis());
  }

  /**
   * A NUT name: a UPS, variable or command name, sent unquoted.
   *
   * @param what what it is
   * @param name the name
   * @return it
   */
  public static String nutName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (!NUT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must be 1..127 printable characters without spaces, quotes or "
          + "backslashes, got '" + sanitize(name) + "'");
    }
    return name;
  }

  /**
   * A value sent quoted: anything but line breaks and NUL (which would end or split the command).
   *
   * @param what what it is
   * @param value the value
   * @return it
   */
  public static String nutArgument(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.length() > 256 || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
      throw new IllegalArgumentException(what + " must be at most 256 characters without line breaks or NUL");
    }
    return value;
  }

  /**
   * Upper-cases ASCII letters only, in one pass: protocol words (NUT flags and error codes,
   * apcupsd status words) are ASCII, while the JDK's full {@code toUpperCase} copies its result
   * again for every letter that grows (a {@code ß} becomes {@code SS}), so a line of them from a
   * hostile server would cost megabytes.
   *
   * @param text untrusted text
   * @return it with a-z upper-cased
   */
  public static String asciiUpperCase(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c - ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  /**
   * A printable, bounded excerpt of untrusted text for messages.
   *
   * @param text the text
   * @return at most 80 printable characters
   */
  public static String sanitize(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < 80; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return text.length() > 80 ? sb + "..." : sb.toString();
  }
}
