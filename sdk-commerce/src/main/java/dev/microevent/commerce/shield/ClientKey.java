package dev.microevent.commerce.shield;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who is asking, for the bot shield: an account id, a device id or a client address. Only its
 * SHA-256 digest leaves the process (as store keys and in admission tokens), so personal data
 * never reaches Redis or the wire. Immutable and thread-safe.
 *
 * @param value the identity, 1..256 characters
 */
public record ClientKey(String value) {

  /**
   * Validates the value.
   *
   * @param value the identity, 1..256 characters
   * @throws IllegalArgumentException if the value is empty or longer than 256 characters
   */
  public ClientKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 256) {
      throw new IllegalArgumentException("a client key must be 1..256 characters");
    }
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the identity
   * @return the key
   */
  public static ClientKey of(String value) {
    return new ClientKey(value);
  }

  /**
   * {@return the first 32 hex digits of the SHA-256 of the value: what stores and tokens carry}
   *
   * @throws IllegalStateException if this JVM has no SHA-256
   */
  public String digest() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Redacted: shows only the digest. */
  @Override
  public String toString() {
    return "ClientKey[" + digest() + "]";
  }
}
