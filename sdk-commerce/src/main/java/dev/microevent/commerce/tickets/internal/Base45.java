package dev.microevent.commerce.tickets.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Base45 (RFC 9285): the 45 characters of a QR code's alphanumeric mode, so a ticket's text
 * form is encoded at 5.5 bits per character instead of 8. Decoding is strict: only canonical
 * encodings of at most a given number of bytes are accepted, and nothing is allocated before the
 * length has been checked. Stateless and thread-safe.
 */
public final class Base45 {
  /** The alphabet, in value order. */
  public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private static final byte[] VALUE = new byte[128];

  static {
    Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base45() {}

  /**
   * Encodes bytes.
   *
   * @param data the bytes
   * @return the text, {@code 3 * (n / 2) + 2 * (n % 2)} characters
   */
  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder(encodedLength(data.length));
    int i = 0;
    for (; i + 1 < data.length; i += 2) {
      int n = (data[i] & 0xff) * 256 + (data[i + 1] & 0xff);
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45 % 45)).append(ALPHABET.charAt(n / 2025));
    }
    if (i < data.length) {
      int n = data[i] & 0xff;
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45));
    }
    return out.toString();
  }

  /**
   * The length of the encoding of {@code bytes} bytes.
   *
   * @param bytes a byte count
   * @return the character count
   */
  public static int encodedLength(int bytes) {
    return bytes / 2 * 3 + bytes % 2 * 2;
  }

  /**
   * Decodes characters {@code [from, to)} of a text.
   *
   * @param text the text
   * @param from first character
   * @param to end (exclusive)
   * @param maxBytes the most bytes the caller accepts
   * @return the bytes, or {@code null} if the range is not canonical Base45 (a character outside
   *     the alphabet, a length of 3k+1, a group above its range) or decodes to more than {@code
   *     maxBytes}
   */
  public static byte @Nullable [] decode(CharSequence text, int from, int to, int maxBytes) {
    int length = to - from;
    if (from < 0 || length < 0 || to > text.length() || length % 3 == 1) {
      return null;
    }
    int size = length / 3 * 2 + (length % 3 == 2 ? 1 : 0);
    if (size > maxBytes) {
      return null;
    }
    byte[] out = new byte[size];
    int o = 0;
    int i = from;
    for (; i + 2 < to; i += 3) {
      int c = value(text.charAt(i));
      int d = value(text.charAt(i + 1));
      int e = value(text.charAt(i + 2));
      if ((c | d | e) < 0) {
        return null;
      }
      int n = c + d * 45 + e * 2025;
      if (n > 0xffff) {
        return null;
      }
      out[o++] = (byte) (n >> 8);
      out[o++] = (byte) n;
    }
    if (i < to) {
      int c = value(text.charAt(i));
      int d = value(text.charAt(i + 1));
      if ((c | d) < 0) {
        return null;
      }
      int n = c + d * 45;
      if (n > 0xff) {
        return null;
      }
      out[o] = (byte) n;
    }
    return out;
  }

  private static int value(char c) {
    return c < 128 ? VALUE[c] : -1;
  }
}
