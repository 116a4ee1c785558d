package dev.microevent.commerce.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA-256 and SHA-256 for challenges and admission tokens: one place for the crypto. */
final class Signing {
  private final SecretKeySpec key;

  Signing(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  String hmacHex(String data) {
    return HexFormat.of().formatHex(hmac(data.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant-time comparison of two byte strings. */
  static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
