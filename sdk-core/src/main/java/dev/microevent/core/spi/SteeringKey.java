package dev.microevent.core.spi;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An edge plane's Ed25519 public key that signs steering documents, with its key id (the first 8
 * bytes of the SHA-256 of the raw key, 16 lower-case hex digits). Verification runs on the JDK's own
 * Ed25519 (no Bouncy Castle in sdk-core). Immutable and thread-safe.
 *
 * @see SteeringSignature
 */
public final class SteeringKey {
  /** Bytes of a raw public key. */
  public static final int SIZE = 32;
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the raw key. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final byte[] raw;
  private final String kid;
  private final PublicKey key;

  private SteeringKey(byte[] raw, PublicKey key) {
    this.raw = raw;
    this.kid = kidOf(raw);
    this.key = key;
  }

  /**
   * Decodes a raw public key.
   *
   * @param raw 32 bytes (copied)
   * @return the key, or empty if the bytes are not an Ed25519 public key
   */
  public static Optional<SteeringKey> decode(byte[] raw) {
    if (raw.length != SIZE) {
      return Optional.empty();
    }
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + SIZE);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, SIZE);
    try {
      PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      return Optional.of(new SteeringKey(raw.clone(), k));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a key as operators paste it: the Base64 of the raw 32 bytes, or the line {@code plane
   * keys new} prints ({@code <kid> <Base64>}), whose key id must then match the key.
   *
   * @param text the text
   * @return the key, or empty if the text is neither form
   */
  public static Optional<SteeringKey> parse(String text) {
    String[] parts = text.strip().split("\\s+", -1);
    if (parts.length > 2 || text.length() > 128) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(parts[parts.length - 1]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<SteeringKey> key = decode(raw);
    if (parts.length == 2 && key.isPresent() && !key.get().kid.equals(parts[0])) {
      return Optional.empty();
    }
    return key;
  }

  /**
   * The key id of a raw public key, as a signature's {@code kid} names it.
   *
   * @param raw the 32-byte key
   * @return 16 lower-case hex digits
   */
  public static String kidOf(byte[] raw) {
    return HexFormat.of().formatHex(SteeringVerifier.sha256(raw), 0, 8);
  }

  /**
   * This key's id.
   *
   * @return 16 lower-case hex digits
   */
  public String kid() {
    return kid;
  }

  /**
   * The raw key.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] raw() {
    return raw.clone();
  }

  /**
   * The raw key in Base64, the form to pin and to persist.
   *
   * @return Base64 of the 32 bytes
   */
  public String base64() {
    return Base64.getEncoder().encodeToString(raw);
  }

  /**
   * Whether a signature verifies a message with this key (RFC 8032 pure Ed25519); never throws.
   *
   * @param message the signed bytes
   * @param signature the 64-byte signature
   * @return whether it verifies
   */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      java.security.Signature s = java.security.Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SteeringKey other && Arrays.equals(other.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "SteeringKey{kid=" + kid + "}";
  }
}
