package dev.microevent.plane.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 through the JDK's own provider (SunEC, Java 15+): no Bouncy Castle in the plane, and the
 * same calls the SDK client can make to verify (sdk-core has no Bouncy Castle either). Keys are
 * handled as raw RFC 8032 bytes at the edges: 32-byte public keys, PKCS#8 private keys.
 */
public final class Ed25519 {
  /** Bytes of a raw public key. */
  public static final int PUBLIC_KEY_SIZE = 32;
  /** Bytes of a signature. */
  public static final int SIGNATURE_SIZE = 64;
  /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the raw key. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519() {}

  /**
   * A fresh key pair from the platform's strong random source.
   *
   * @return the pair
   */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (Java 15+ has it)", e);
    }
  }

  /**
   * The raw 32 bytes of a public key.
   *
   * @param key an Ed25519 public key
   * @return its RFC 8032 encoding
   */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - PUBLIC_KEY_SIZE, der.length);
  }

  /**
   * A public key from its raw bytes.
   *
   * @param raw 32 bytes
   * @return the key
   * @throws GeneralSecurityException if the bytes are not a public key
   */
  public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != PUBLIC_KEY_SIZE) {
      throw new GeneralSecurityException("an Ed25519 public key is 32 bytes, got " + raw.length);
    }
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_SIZE);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, PUBLIC_KEY_SIZE);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  /**
   * A private key from its PKCS#8 encoding.
   *
   * @param pkcs8 the DER bytes
   * @return the key
   * @throws GeneralSecurityException if the bytes are not an Ed25519 private key
   */
  public static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  /**
   * Signs a message.
   *
   * @param key the private key
   * @param message the bytes
   * @return the 64-byte signature
   */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Verifies a signature; never throws for bad input.
   *
   * @param rawPublicKey the signer's 32-byte public key
   * @param message the bytes signed
   * @param signature the signature
   * @return whether it is valid
   */
  public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey(rawPublicKey));
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * A key's id: the first 8 bytes of the SHA-256 of its raw public key, in hex (as the audit log's
   * and the ticket key ring's ids).
   *
   * @param rawPublicKey 32 bytes
   * @return 16 lower-case hex digits
   */
  public static String keyId(byte[] rawPublicKey) {
    return HexFormat.of().formatHex(sha256(rawPublicKey), 0, 8);
  }

  /**
   * The SHA-256 of some bytes.
   *
   * @param bytes the input
   * @return 32 bytes
   */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
