package dev.microevent.commerce.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 public key decoded once for fast verification (Bouncy Castle's low-level RFC 8032
 * code, no JCA provider), and the signing and key-id helpers beside it. Immutable and
 * thread-safe.
 */
public final class EdKey {
  /** Bytes of a public key. */
  public static final int PUBLIC_KEY_SIZE = Ed25519.PUBLIC_KEY_SIZE;
  /** Bytes of a private key (the RFC 8032 seed). */
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;
  /** Bytes of a signature. */
  public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Ed25519.PublicPoint point;

  private EdKey(Ed25519.PublicPoint point) {
    this.point = point;
  }

  /**
   * Decodes a public key, fully validated (on the curve, in the prime-order subgroup, not a small
   * order point).
   *
   * @param raw 32 bytes
   * @return the key, or {@code null} if the bytes are not a valid public key
   */
  public static @Nullable EdKey of(byte[] raw) {
    if (raw.length != PUBLIC_KEY_SIZE) {
      return null;
    }
    Ed25519.PublicPoint p = Ed25519.validatePublicKeyFullExport(raw, 0);
    return p == null ? null : new EdKey(p);
  }

  /**
   * Verifies a signature (RFC 8032 section 5.1.7, with S checked below L).
   *
   * @param sig the bytes holding the signature
   * @param sigOff where its 64 bytes start
   * @param message the bytes holding the message
   * @param off where the message starts
   * @param len its length
   * @return whether the signature is valid
   */
  public boolean verify(byte[] sig, int sigOff, byte[] message, int off, int len) {
    if (sigOff < 0 || sigOff > sig.length - SIGNATURE_SIZE || off < 0 || len < 0 || off > message.length - len) {
      return false;
    }
    return Ed25519.verify(sig, sigOff, point, message, off, len);
  }

  /**
   * Signs a message.
   *
   * @param seed the 32-byte private key
   * @param publicKey its public key
   * @param message the bytes
   * @param off where the message starts
   * @param len its length
   * @return the 64-byte signature
   */
  public static byte[] sign(byte[] seed, byte[] publicKey, byte[] message, int off, int len) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, off, len, sig, 0);
    return sig;
  }

  /**
   * The public key of a private key.
   *
   * @param seed 32 bytes
   * @return 32 bytes
   */
  public static byte[] publicKey(byte[] seed) {
    byte[] pk = new byte[PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  /**
   * A fresh private key from the platform's strong random source.
   *
   * @return 32 bytes
   */
  public static byte[] newSeed() {
    byte[] seed = new byte[SEED_SIZE];
    Ed25519.generatePrivateKey(RANDOM, seed);
    return seed;
  }

  /**
   * The key id of a public key: the first 8 bytes of its SHA-256, big-endian (as EU DCC's
   * {@code kid}), so a verifier picks the key directly instead of trying each.
   *
   * @param raw the 32-byte public key
   * @return the id
   */
  public static long keyId(byte[] raw) {
    byte[] h = sha256().digest(raw);
    long id = 0;
    for (int i = 0; i < 8; i++) {
      id = id << 8 | (h[i] & 0xff);
    }
    return id;
  }

  /**
   * A SHA-256 digest.
   *
   * @return a new digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
