package dev.microevent.commerce.audit.internal;

import dev.microevent.commerce.internal.EdKey;
import java.security.MessageDigest;

/**
 * RFC 9162 section 2.1.1 hashing with domain separation: a leaf is {@code SHA-256(0x00 || data)},
 * an interior node {@code SHA-256(0x01 || left || right)}; and the salted commitment an audit
 * leaf's data is, {@code SHA-256(salt || entry)}. One SHA-256 instance: not thread-safe, make one
 * per thread or per call.
 */
public final class Hasher {
  /** Bytes of every hash. */
  public static final int SIZE = 32;

  private final MessageDigest sha = EdKey.sha256();

  /**
   * The hash of a leaf.
   *
   * @param data the leaf's data
   * @return 32 bytes
   */
  public byte[] leaf(byte[] data) {
    sha.update((byte) 0);
    sha.update(data);
    return sha.digest();
  }

  /**
   * The hash of an interior node.
   *
   * @param left the left child's hash
   * @param right the right child's hash
   * @return 32 bytes
   */
  public byte[] node(byte[] left, byte[] right) {
    sha.update((byte) 1);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /**
   * The commitment to an entry: the leaf data the log keeps instead of the entry.
   *
   * @param salt the salt
   * @param canonical the entry's canonical bytes
   * @return 32 bytes
   */
  public byte[] commitment(byte[] salt, byte[] canonical) {
    sha.update(salt);
    sha.update(canonical);
    return sha.digest();
  }

  /**
   * The root of the empty tree, {@code SHA-256("")}.
   *
   * @return 32 bytes
   */
  public byte[] emptyRoot() {
    return sha.digest();
  }
}
