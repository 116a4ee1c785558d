package dev.microevent.testkit.internal;

import dev.microevent.testkit.TestkitException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ed25519 key pair for the testkit's fakes (a plane's signing key, a fake box office's ticket
 * key), on the JDK's own provider: the fakes sign independently of the SDK's Bouncy Castle code,
 * so a test that verifies with the SDK checks the two against each other. Immutable; signing is
 * thread-safe.
 */
public final class Ed25519Keys {
  private static final int RAW = 32;
  private final byte[] seed;
  private final byte[] publicKey;
  private final PrivateKey privateKey;

  private Ed25519Keys(byte[] seed, byte[] publicKey, PrivateKey privateKey) {
    this.seed = seed;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /**
   * A fresh key pair.
   *
   * @return the keys
   */
  public static Ed25519Keys generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pkcs8 = kp.getPrivate().getEncoded();
      byte[] x509 = kp.getPublic().getEncoded();
      byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - RAW, pkcs8.length);
      byte[] pub = Arrays.copyOfRange(x509, x509.length - RAW, x509.length);
      PrivateKey priv = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
      return new Ed25519Keys(seed, pub, priv);
    } catch (GeneralSecurityException e) {
      throw new TestkitException("this JVM has no Ed25519 (JDK 15 or later has it): " + e.getMessage(), e);
    }
  }

  /** {@return the raw 32-byte public key (a copy)} */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@return the raw 32-byte private key (a copy)} */
  public byte[] seed() {
    return seed.clone();
  }

  /** {@return the key id: 16 hex digits of the first 8 bytes of SHA-256 over the raw public key} */
  public String kid() {
    return kid(publicKey);
  }

  /**
   * The key id of a raw public key.
   *
   * @param publicKey 32 bytes
   * @return 16 lower-case hex digits
   */
  public static String kid(byte[] publicKey) {
    return HexFormat.of().formatHex(sha256(publicKey), 0, 8);
  }

  /**
   * SHA-256 of bytes.
   *
   * @param bytes the bytes
   * @return 32 bytes
   */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new TestkitException("SHA-256 is required on every JVM", e);
    }
  }

  /**
   * Signs bytes.
   *
   * @param message the bytes
   * @return the 64-byte signature
   */
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new TestkitException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }
}
