package dev.microevent.plane.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * The plane's signing side of Ed25519, through the JDK's own provider (SunEC, Java 15+): no Bouncy
 * Castle in the plane. Verifying, key ids and digests are sdk-core's ({@link
 * dev.microevent.core.spi.SteeringKey}, {@link dev.microevent.core.spi.SteeringVerifier#sha256}),
 * the code clients verify with. Keys are handled as raw RFC 8032 bytes at the edges: 32-byte
 * public keys, PKCS#8 private keys.
 */
public final class Ed25519 {
  /** Bytes of a raw public key. */
  public static final int PUBLIC_KEY_SIZE = 32;

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
}
