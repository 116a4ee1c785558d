package dev.microevent.commerce.audit.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 9162 section 2.1 algorithms, written to the letter: the tree hash {@code MTH} (2.1.1),
 * inclusion paths {@code PATH} (2.1.3.1) and consistency proofs {@code PROOF}/{@code SUBPROOF}
 * (2.1.4.1) over a source of complete-subtree hashes, and the verification algorithms of 2.1.3.2
 * and 2.1.4.2. Generation reads O(log n) stored subtrees per hash it needs, never the leaves.
 * Stateless.
 */
public final class Merkle {
  /** The longest proof there can be (a tree of 2^64 leaves is 64 levels high). */
  public static final int MAX_PATH = 64;

  /** Complete (perfect, aligned) subtrees of a tree, as stored. */
  @FunctionalInterface
  public interface Subtrees {
    /**
     * The hash of the complete subtree at a level (0 = a leaf) and index: it covers leaves
     * {@code [index << level, (index + 1) << level)}.
     *
     * @param level the height
     * @param index the subtree's index at that height
     * @return 32 bytes
     */
    byte[] hash(int level, long index);
  }

  private Merkle() {}

  /**
   * The largest power of two strictly less than {@code n} (RFC 9162's k), for {@code n >= 2}.
   *
   * @param n the number of leaves
   * @return k
   */
  public static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * MTH of the first {@code size} leaves.
   *
   * @param tree the stored subtrees
   * @param h a hasher
   * @param size the tree size
   * @return the root hash
   */
  public static byte[] root(Subtrees tree, Hasher h, long size) {
    return size == 0 ? h.emptyRoot() : mth(tree, h, 0, size);
  }

  /** MTH(D[start:end]): a stored node when the range is a complete subtree, else split at k. */
  private static byte[] mth(Subtrees tree, Hasher h, long start, long end) {
    long n = end - start;
    if ((n & (n - 1)) == 0 && start % n == 0) {
      return tree.hash(Long.numberOfTrailingZeros(n), start / n);
    }
    long k = split(n);
    return h.node(mth(tree, h, start, start + k), mth(tree, h, start + k, end));
  }

  /**
   * PATH(m, D[n]): the inclusion proof of leaf {@code index} in the tree of {@code size} leaves,
   * leaf to root.
   *
   * @param tree the stored subtrees
   * @param h a hasher
   * @param index the leaf, below {@code size}
   * @param size the tree size
   * @return the path
   */
  public static List<byte[]> inclusionPath(Subtrees tree, Hasher h, long index, long size) {
    List<byte[]> out = new ArrayList<>();
    path(tree, h, index, 0, size, out);
    return out;
  }

  private static void path(Subtrees tree, Hasher h, long m, long start, long end, List<byte[]> out) {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = split(n);
    if (m - start < k) {
      path(tree, h, m, start, start + k, out);
      out.add(mth(tree, h, start + k, end));
    } else {
      path(tree, h, m, start + k, end, out);
      out.add(mth(tree, h, start, start + k));
    }
  }

  /**
   * PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the consistency proof from the tree of {@code
   * first} leaves to the tree of {@code second}, for {@code 0 < first < second}.
   *
   * @param tree the stored subtrees
   * @param h a hasher
   * @param first the older size
   * @param second the newer size
   * @return the proof
   */
  public static List<byte[]> consistencyPath(Subtrees tree, Hasher h, long first, long second) {
    List<byte[]> out = new ArrayList<>();
    subproof(tree, h, first, 0, second, true, out);
    return out;
  }

  private static void subproof(Subtrees tree, Hasher h, long m, long start, long end, boolean whole,
      List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(mth(tree, h, start, end));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(tree, h, m, start, start + k, whole, out);
      out.add(mth(tree, h, start + k, end));
    } else {
      subproof(tree, h, m - k, start + k, end, false, out);
      out.add(mth(tree, h, start, start + k));
    }
  }

  /**
   * RFC 9162 section 2.1.3.2: verifies an inclusion proof.
   *
   * @param h a hasher
   * @param index the leaf index
   * @param size the tree size
   * @param leafHash the leaf's hash
   * @param path the proof, leaf to root
   * @param root the expected root
   * @return {@code null} if it verifies, else why not
   */
  public static @Nullable String verifyInclusion(Hasher h, long index, long size, byte[] leafHash,
      List<byte[]> path, byte[] root) {
    String shape = hashes(path, leafHash, root);
    if (shape != null) {
      return shape;
    }
    if (index < 0 || size < 0 || index >= size) {
      return "leaf index " + index + " is not within a tree of size " + size;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return "the proof has more hashes than the tree of size " + size + " is high";
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = h.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = h.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return "the proof has fewer hashes than the tree of size " + size + " is high";
    }
    return MessageDigest.isEqual(r, root) ? null : "the proof does not lead to the root hash";
  }

  /**
   * RFC 9162 section 2.1.4.2: verifies a consistency proof. As transparency-dev/merkle does, equal
   * sizes need an empty proof and equal roots, and the empty tree is consistent with every tree
   * (with an empty proof).
   *
   * @param h a hasher
   * @param first the older size
   * @param second the newer size
   * @param firstRoot the older root
   * @param secondRoot the newer root
   * @param path the proof
   * @return {@code null} if it verifies, else why not
   */
  public static @Nullable String verifyConsistency(Hasher h, long first, long second, byte[] firstRoot,
      byte[] secondRoot, List<byte[]> path) {
    String shape = hashes(path, firstRoot, secondRoot);
    if (shape != null) {
      return shape;
    }
    if (first < 0 || second < 0 || first > second) {
      return "the first tree (" + first + ") is larger than the second (" + second + ")";
    }
    if (first == second) {
      if (!path.isEmpty()) {
        return "two trees of the same size need an empty proof";
      }
      return MessageDigest.isEqual(firstRoot, secondRoot) ? null
          : "two trees of the same size have different roots: the log forked";
    }
    if (first == 0) {
      return path.isEmpty() ? null : "the proof from the empty tree must be empty";
    }
    if (path.isEmpty()) {
      return "the proof is empty";
    }
    List<byte[]> p = path;
    if ((first & (first - 1)) == 0) {
      p = new ArrayList<>(path.size() + 1);
      p.add(firstRoot);
      p.addAll(path);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = p.get(0);
    byte[] sr = p.get(0);
    for (int i = 1; i < p.size(); i++) {
      byte[] c = p.get(i);
      if (sn == 0) {
        return "the proof has more hashes than the trees need";
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = h.node(c, fr);
        sr = h.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = h.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return "the proof has fewer hashes than the trees need";
    }
    if (!MessageDigest.isEqual(fr, firstRoot)) {
      return "the proof does not lead to the first root hash";
    }
    return MessageDigest.isEqual(sr, secondRoot) ? null : "the proof does not lead to the second root hash";
  }

  private static @Nullable String hashes(List<byte[]> path, byte[] a, byte[] b) {
    if (path.size() > MAX_PATH) {
      return "the proof has " + path.size() + " hashes, more than " + MAX_PATH;
    }
    if (a.length != Hasher.SIZE || b.length != Hasher.SIZE) {
      return "a hash is not " + Hasher.SIZE + " bytes";
    }
    for (byte[] p : path) {
      if (p.length != Hasher.SIZE) {
        return "a hash of the proof is " + p.length + " bytes, not " + Hasher.SIZE;
      }
    }
    return null;
  }
}
