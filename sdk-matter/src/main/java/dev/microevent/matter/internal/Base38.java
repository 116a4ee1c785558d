package dev.microevent.matter.internal;

import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;

/**
 * Base38 as Matter QR codes use it: bytes in little-endian chunks of 3 (5 characters each), a
 * trailing 2-byte chunk as 4 characters and a trailing byte as 2, each chunk's base-38 digits
 * least significant first, alphabet {@code 0-9 A-Z - .}. Thread-safe (stateless).
 */
public final class Base38 {
  /** The alphabet, by value. */
  public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";

  private static final int[] CHARS_PER_BYTES = {0, 2, 4, 5};
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base38() {}

  /**
   * Encodes bytes.
   *
   * @param bytes the bytes
   * @return the Base38 text, {@code ceil} of 5 characters per 3 bytes
   */
  public static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder(encodedLength(bytes.length));
    for (int i = 0; i < bytes.length; i += 3) {
      int n = Math.min(3, bytes.length - i);
      int value = 0;
      for (int j = n - 1; j >= 0; j--) {
        value = (value << 8) | (bytes[i + j] & 0xFF);
      }
      for (int c = 0; c < CHARS_PER_BYTES[n]; c++) {
        out.append(ALPHABET.charAt(value % 38));
        value /= 38;
      }
    }
    return out.toString();
  }

  /**
   * How many characters {@link #encode(byte[])} writes for so many bytes.
   *
   * @param bytes a byte count
   * @return the character count
   */
  public static int encodedLength(int bytes) {
    return bytes / 3 * 5 + CHARS_PER_BYTES[bytes % 3];
  }

  /**
   * Decodes a range of a text.
   *
   * @param text the text
   * @param from first character (inclusive)
   * @param to last character (exclusive)
   * @param what what the text is, for messages (e.g. "QR code")
   * @return the bytes
   * @throws MalformedPayloadException for a character outside the alphabet, a length that no byte
   *     count encodes to, or a chunk whose value does not fit its bytes; positions are indexes in
   *     {@code text}
   */
  public static byte[] decode(CharSequence text, int from, int to, String what) {
    int length = to - from;
    int tail = length % 5;
    if (tail == 1 || tail == 3) {
      throw new MalformedPayloadException(PayloadProblem.INVALID_LENGTH, what + ": " + length
          + " Base38 characters cannot encode whole bytes (5 per 3 bytes, then 4 for 2 or 2 for 1);"
          + " the code is cut off or has extra characters: rescan it", -1);
    }
    byte[] out = new byte[length / 5 * 3 + (tail == 4 ? 2 : tail == 2 ? 1 : 0)];
    int o = 0;
    for (int i = from; i < to; i += 5) {
      int chars = Math.min(5, to - i);
      int bytes = chars == 5 ? 3 : chars == 4 ? 2 : 1;
      long value = 0;
      for (int c = i + chars - 1; c >= i; c--) {
        char ch = text.charAt(c);
        int v = ch < 128 ? VALUES[ch] : -1;
        if (v < 0) {
          throw new MalformedPayloadException(PayloadProblem.INVALID_CHARACTER, what + ": character "
              + Texts.describe(ch) + " at index " + c + " is not in the Base38 alphabet (0-9, A-Z, '-', '.'):"
              + " rescan the code", c);
        }
        value = value * 38 + v;
      }
      if (value >= 1L << (8 * bytes)) {
        throw new MalformedPayloadException(PayloadProblem.CHUNK_OUT_OF_RANGE, what + ": the " + chars
            + " characters at index " + i + " encode " + value + ", more than " + bytes + " byte"
            + (bytes == 1 ? "" : "s") + " can hold: rescan the code", i);
      }
      for (int b = 0; b < bytes; b++) {
        out[o++] = (byte) (value >>> (8 * b));
      }
    }
    return out;
  }
}
