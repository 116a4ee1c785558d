package dev.microevent.plane.telemetry.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The checks and ids on the per-span path, by hand rather than by regular expression: they run for
 * every call the app makes.
 */
public final class Tokens {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Tokens() {}

  /**
   * Whether a string is exactly {@code length} lower-case hex digits, not all zero.
   *
   * @param s the string
   * @param length the length
   * @return whether it is
   */
  public static boolean hexId(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /**
   * Whether a string is a short token: {@code [a-z0-9][a-z0-9_.:-]{0,63}}.
   *
   * @param s the string
   * @return whether it is
   */
  public static boolean token(String s) {
    int n = s.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || !(c == '_' || c == '.' || c == ':' || c == '-'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random id of {@code 16 * longs} hex digits, not all zero.
   *
   * @param longs 1 for a span id, 2 for a trace id
   * @return the id
   */
  public static String randomHex(int longs) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[16 * longs];
    for (int k = 0; k < longs; k++) {
      long v = r.nextLong();
      if (k == longs - 1 && v == 0) {
        v = 1;
      }
      for (int i = 15; i >= 0; i--) {
        out[16 * k + i] = HEX[(int) (v & 0xf)];
        v >>>= 4;
      }
    }
    return new String(out);
  }
}
