package dev.microevent.commerce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what the bot shield signs, with a test's own HMAC key, so tests can hand it documents
 * the shield never issued but would accept the signature of: what gets past the signature check.
 */
final class ShieldKeys {
  private ShieldKeys() {}

  /** An admission token over any payload, signed as {@code DropQueue.admit} signs. */
  static String signedAdmission(byte[] key, String payloadJson) {
    String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    byte[] sig = hmac(key, ("adm1." + body).getBytes(StandardCharsets.US_ASCII));
    return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  /** The signature of an ALTCHA challenge, as {@code issueChallenge} signs it. */
  static String challengeSignature(byte[] key, String challenge) {
    return HexFormat.of().formatHex(hmac(key, challenge.getBytes(StandardCharsets.UTF_8)));
  }

  /** The challenge that {@code number} solves for {@code salt}: hex SHA-256 of their concatenation. */
  static String challengeSolvedBy(String salt, long number) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((salt + number).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("SHA-256 is part of every JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA256 is part of every JVM", e);
    }
  }
}
