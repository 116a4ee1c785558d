package dev.microevent.commerce.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 and SHA-256 for challenges, admission tokens and checkout fingerprints: one place
 * for the crypto. Public only so the shield's internals ({@code commerce.shield.internal}) share it.
 */
public final class Signing {
  private final SecretKeySpec key;

  /**
   * A signer with one key.
   *
   * @param key the HMAC key
   */
  public Signing(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * HMAC-SHA-256 of some bytes.
   *
   * @param data the bytes
   * @return the 32-byte MAC
   */
  public byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  /**
   * HMAC-SHA-256 of a string's UTF-8 bytes, in lower-case hex.
   *
   * @param data the string
   * @return 64 hex digits
   */
  public String hmacHex(String data) {
    return HexFormat.of().formatHex(hmac(data.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Constant-time comparison of two byte strings.
   *
   * @param a one
   * @param b the other
   * @return whether they are equal
   */
  public static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /**
   * A fresh SHA-256 digest.
   *
   * @return the digest, not shared
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
