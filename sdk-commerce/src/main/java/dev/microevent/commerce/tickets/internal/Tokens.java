package dev.microevent.commerce.tickets.internal;

/**
 * The one character set of every ticket identifier (event, ticket, gate, zone, tier): 1..64
 * characters of {@code [A-Za-z0-9._-]}, safe in a URL path, a log line and the frame's one-byte
 * ASCII lengths. Stateless.
 */
public final class Tokens {
  /** The longest identifier. */
  public static final int MAX = 64;

  private Tokens() {}

  /**
   * Whether a string is a token of {@code min..max} characters.
   *
   * @param s the string
   * @param min fewest characters
   * @param max most characters
   * @return whether it is one
   */
  public static boolean isToken(CharSequence s, int min, int max) {
    int n = s.length();
    if (n < min || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!tokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether bytes {@code [off, off + len)} are token characters.
   *
   * @param b the bytes
   * @param off first byte
   * @param len how many
   * @return whether they all are
   */
  public static boolean isToken(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (!tokenChar(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean tokenChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }

  /**
   * A value cut for an error message.
   *
   * @param s the value
   * @return at most 80 characters of it
   */
  public static String shown(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
