package dev.microevent.commerce.tickets.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HOTP (RFC 4226) with HMAC-SHA-1/256/512 from the JDK, the core of TOTP (RFC 6238): the HMAC of
 * the 8-byte big-endian counter, dynamically truncated to 31 bits, modulo 10^digits. Stateless
 * and thread-safe.
 */
public final class Totp {
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
      1_000_000_000};

  private Totp() {}

  /**
   * One HOTP value, zero-padded to {@code digits}.
   *
   * @param macAlgorithm {@code HmacSHA1}, {@code HmacSHA256} or {@code HmacSHA512}
   * @param key the shared secret (non-empty)
   * @param counter the counter (the TOTP time step)
   * @param digits 6..9
   * @return the code
   */
  public static String hotp(String macAlgorithm, byte[] key, long counter, int digits) {
    byte[] mac = hmac(macAlgorithm, key, counterBytes(counter));
    int offset = mac[mac.length - 1] & 0x0f;
    int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16 | (mac[offset + 2] & 0xff) << 8
        | (mac[offset + 3] & 0xff);
    String s = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * Whether two codes are equal, in time independent of where they differ.
   *
   * @param a one code
   * @param b the other
   * @return whether they are equal
   */
  public static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * An HMAC.
   *
   * @param macAlgorithm the JCA name
   * @param key the key (non-empty)
   * @param data the data
   * @return the MAC
   */
  public static byte[] hmac(String macAlgorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      return mac.doFinal(data);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("an empty HMAC key reached " + macAlgorithm, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(macAlgorithm + " is unavailable in this JVM", e);
    }
  }

  private static byte[] counterBytes(long counter) {
    byte[] out = new byte[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) counter;
      counter >>>= 8;
    }
    return out;
  }
}
