package dev.microevent.commerce.audit;

import dev.microevent.commerce.internal.EdKey;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Ed25519 private key an {@link AuditLog} signs its tree heads with. Keep its {@link #seed()}
 * secret (it lives with the log, on the gate or edge node); hand its {@link #publicKey()} to the
 * auditors, who pin it in an {@link AuditVerifier}. Use a key of its own, not a ticket signing
 * key. Immutable and thread-safe; {@link #toString()} shows only the key id.
 */
public final class AuditSigningKey {
  private final byte[] seed;
  private final byte[] publicKey;

  private AuditSigningKey(byte[] seed) {
    this.seed = seed;
    this.publicKey = EdKey.publicKey(seed);
  }

  /**
   * A new key from the platform's strong random source.
   *
   * @return the key
   */
  public static AuditSigningKey generate() {
    return new AuditSigningKey(EdKey.newSeed());
  }

  /**
   * A key from its stored 32-byte private key (the RFC 8032 seed).
   *
   * @param seed 32 bytes (copied)
   * @return the key
   * @throws AuditException ({@link AuditException.Reason#MALFORMED}) if the seed is not 32 bytes
   */
  public static AuditSigningKey fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != EdKey.SEED_SIZE) {
      throw new AuditException(AuditException.Reason.MALFORMED,
          "an Ed25519 private key is " + EdKey.SEED_SIZE + " bytes, got " + seed.length, null);
    }
    return new AuditSigningKey(seed.clone());
  }

  /**
   * The private key, to store (encrypted) and load again with {@link #fromSeed(byte[])}.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] seed() {
    return seed.clone();
  }

  /**
   * The raw public key, for auditors ({@link AuditVerifier#pinned(byte[])}).
   *
   * @return a copy of the 32 bytes
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The key's id as tree heads name it: the first 8 bytes of the SHA-256 of the public key, in hex.
   *
   * @return 16 hex digits
   */
  public String keyId() {
    return keyId(publicKey);
  }

  static String keyId(byte[] publicKey) {
    return HexFormat.of().toHexDigits(EdKey.keyId(publicKey));
  }

  @Override
  public String toString() {
    return "AuditSigningKey{id=" + keyId() + "}";
  }
}
