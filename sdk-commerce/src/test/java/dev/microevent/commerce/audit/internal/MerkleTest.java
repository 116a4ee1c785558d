package dev.microevent.commerce.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 6962 / RFC 9162 vectors: the eight reference leaves of Certificate Transparency's merkle tree
 * test (as transparency-dev/merkle carries them), the roots of sizes 1 to 8, the inclusion and
 * consistency proofs, and for each proof the family of corruptions (wrong index or sizes, wrong
 * roots, flipped bits, extra, missing or reordered hashes) that must all fail. Then the same
 * algorithms checked against a literal transcription of the RFC's recursive definitions for every
 * proof of every tree up to 64 leaves and random larger ones.
 */
class MerkleTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[][] LEAVES = {
      hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"), hex("40414243"), hex("5051525354555657"),
      hex("606162636465666768696a6b6c6d6e6f")};
  private static final String[] ROOTS = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  private static final byte[] EMPTY_ROOT = hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  private static final byte[] SOME_HASH = hex("abacaba000000000000000000000000000000000000000000060061e00123456");

  private final Hasher h = new Hasher();

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  private static List<byte[]> hashes(String joined) {
    List<byte[]> out = new ArrayList<>();
    java.util.regex.Pattern.compile("\\s+").splitAsStream(joined.trim()).filter(s -> !s.isEmpty())
        .forEach(s -> out.add(hex(s)));
    return out;
  }

  /** The first n reference leaves as a stored tree (every complete subtree computed by the RFC's MTH). */
  private Merkle.Subtrees reference() {
    List<byte[]> leafHashes = new ArrayList<>();
    for (byte[] leaf : LEAVES) {
      leafHashes.add(h.leaf(leaf));
    }
    return stored(leafHashes);
  }

  private Merkle.Subtrees stored(List<byte[]> leafHashes) {
    return (level, index) -> rfcMth(leafHashes.subList((int) (index << level), (int) ((index + 1) << level)));
  }

  // ---- a literal transcription of RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1 over lists ----

  private byte[] rfcMth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return h.emptyRoot();
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return h.node(rfcMth(d.subList(0, k)), rfcMth(d.subList(k, n)));
  }

  private List<byte[]> rfcPath(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(rfcPath(m, d.subList(0, k)));
      out.add(rfcMth(d.subList(k, n)));
    } else {
      out.addAll(rfcPath(m - k, d.subList(k, n)));
      out.add(rfcMth(d.subList(0, k)));
    }
    return out;
  }

  private List<byte[]> rfcSubproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(rfcMth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(rfcSubproof(m, d.subList(0, k), b));
      out.add(rfcMth(d.subList(k, n)));
    } else {
      out.addAll(rfcSubproof(m - k, d.subList(k, n), false));
      out.add(rfcMth(d.subList(0, k)));
    }
    return out;
  }

  // ---- vectors ----

  @Test
  void leafHashOfTheEmptyLeaf_isTheRfc6962Vector() {
    assertThat(HEX.formatHex(h.leaf(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    assertThat(Merkle.root(reference(), h, 0)).isEqualTo(EMPTY_ROOT);
  }

  @Test
  void rootsOfSizes1To8_areTheReferenceRoots() {
    for (int size = 1; size <= 8; size++) {
      assertThat(HEX.formatHex(Merkle.root(reference(), h, size))).as("size %d", size).isEqualTo(ROOTS[size - 1]);
    }
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @CsvSource({
      "0, 1, ''",
      "0, 8, 96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
          + " 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
          + " 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
      "5, 8, bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
          + " ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
          + " d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "2, 3, fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "1, 5, 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
          + " 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
          + " bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})
  void inclusionVector_isGeneratedVerifiesAndEveryCorruptionFails(long index, long size, String path) {
    List<byte[]> proof = hashes(path);
    byte[] root = hex(ROOTS[(int) size - 1]);
    byte[] leaf = h.leaf(LEAVES[(int) index]);

    assertThat(Merkle.inclusionPath(reference(), h, index, size)).containsExactlyElementsOf(proof);
    assertThat(Merkle.verifyInclusion(h, index, size, leaf, proof, root)).isNull();

    assertThat(verified(corruptions(index, size, leaf, proof, root))).as("corrupted proofs that verified").isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1, 8, 96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
          + " 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
          + " 6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
      "6, 8, 0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
          + " ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
          + " d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "2, 5, 5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
          + " bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "6, 7, 0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
          + " b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"
          + " d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})
  void consistencyVector_isGeneratedVerifiesAndEveryCorruptionFails(long first, long second, String path) {
    List<byte[]> proof = hashes(path);
    byte[] root1 = hex(ROOTS[(int) first - 1]);
    byte[] root2 = hex(ROOTS[(int) second - 1]);

    assertThat(Merkle.consistencyPath(reference(), h, first, second)).containsExactlyElementsOf(proof);
    assertThat(Merkle.verifyConsistency(h, first, second, root1, root2, proof)).isNull();

    assertThat(verified(corruptions(first, second, root1, root2, proof))).as("corrupted proofs that verified")
        .isEmpty();
  }

  @Test
  void consistencyEdges_followTransparencyDev() {
    byte[] a = hex(ROOTS[0]);
    byte[] b = hex(ROOTS[1]);
    assertThat(Merkle.verifyConsistency(h, 0, 0, EMPTY_ROOT, EMPTY_ROOT, List.of())).isNull();
    assertThat(Merkle.verifyConsistency(h, 0, 1, EMPTY_ROOT, a, List.of())).as("from empty").isNull();
    assertThat(Merkle.verifyConsistency(h, 1, 1, a, a, List.of())).isNull();
    assertThat(Merkle.verifyConsistency(h, 1, 1, a, b, List.of())).as("same size, other root").isNotNull();
    assertThat(Merkle.verifyConsistency(h, 1, 0, a, b, List.of())).as("the log shrank").isNotNull();
    assertThat(Merkle.verifyConsistency(h, 2, 1, b, a, List.of())).as("the log shrank").isNotNull();
    assertThat(Merkle.verifyConsistency(h, 1, 2, a, b, List.of())).as("empty proof").isNotNull();
    assertThat(Merkle.verifyConsistency(h, 0, 0, EMPTY_ROOT, EMPTY_ROOT, List.of(EMPTY_ROOT))).isNotNull();
    assertThat(Merkle.verifyConsistency(h, 0, 1, EMPTY_ROOT, a, List.of(EMPTY_ROOT))).isNotNull();
    assertThat(Merkle.verifyConsistency(h, 1, 1, a, a, List.of(EMPTY_ROOT))).isNotNull();
  }

  @Test
  void inclusionEdges_failWithoutAThrow() {
    byte[] leaf = h.leaf(LEAVES[0]);
    assertThat(Merkle.verifyInclusion(h, 0, 1, leaf, List.of(), leaf)).as("a one-leaf tree's root is its leaf")
        .isNull();
    long[][] outside = {{0, 0}, {1, 0}, {2, 1}, {-1, 5}, {0, -1}, {Long.MAX_VALUE, Long.MAX_VALUE}};
    for (long[] p : outside) {
      assertThat(Merkle.verifyInclusion(h, p[0], p[1], leaf, List.of(), leaf)).as("index %d size %d", p[0], p[1])
          .isNotNull();
    }
    assertThat(Merkle.verifyInclusion(h, 0, 1, new byte[0], List.of(), leaf)).as("short leaf hash").isNotNull();
    assertThat(Merkle.verifyInclusion(h, 0, 1, leaf, List.of(), new byte[0])).as("short root").isNotNull();
    List<byte[]> tooLong = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      tooLong.add(SOME_HASH);
    }
    assertThat(Merkle.verifyInclusion(h, 0, Long.MAX_VALUE, leaf, tooLong, leaf)).isNotNull();
    assertThat(Merkle.verifyConsistency(h, 3, Long.MAX_VALUE, leaf, leaf, tooLong)).isNotNull();
  }

  @Test
  void everyProofOfEveryTreeUpTo64Leaves_matchesTheRfcDefinitionsAndVerifies() {
    checkTrees(1, 64, new SplittableRandom(1));
  }

  @Test
  void randomLargerTrees_matchTheRfcDefinitionsAndVerify() {
    SplittableRandom random = new SplittableRandom(20260613);
    for (int t = 0; t < 12; t++) {
      int size = 65 + random.nextInt(2_000);
      checkTrees(size, size, random);
    }
  }

  private void checkTrees(int from, int to, SplittableRandom random) {
    List<byte[]> leafHashes = new ArrayList<>();
    for (int i = 0; i < to; i++) {
      leafHashes.add(h.leaf(("leaf " + i).getBytes(StandardCharsets.US_ASCII)));
    }
    Merkle.Subtrees tree = stored(leafHashes);
    for (int n = from; n <= to; n++) {
      List<byte[]> d = leafHashes.subList(0, n);
      byte[] root = rfcMth(d);
      assertThat(Merkle.root(tree, h, n)).isEqualTo(root);
      int samples = Math.min(n, 48);
      for (int s = 0; s < samples; s++) {
        int m = n <= 48 ? s : random.nextInt(n);
        List<byte[]> path = Merkle.inclusionPath(tree, h, m, n);
        assertThat(path).as("PATH(%d, D[%d])", m, n).containsExactlyElementsOf(rfcPath(m, d));
        assertThat(Merkle.verifyInclusion(h, m, n, d.get(m), path, root)).as("leaf %d of %d", m, n).isNull();
        int first = n <= 48 ? s + 1 : 1 + random.nextInt(n);
        if (first < n) {
          List<byte[]> proof = Merkle.consistencyPath(tree, h, first, n);
          assertThat(proof).as("PROOF(%d, D[%d])", first, n).containsExactlyElementsOf(rfcSubproof(first, d, true));
          assertThat(Merkle.verifyConsistency(h, first, n, rfcMth(d.subList(0, first)), root, proof))
              .as("%d -> %d", first, n).isNull();
        }
      }
    }
  }

  // ---- corruption families (the probes transparency-dev/merkle runs on its vectors, restated) ----

  /** A corrupted proof and its name. */
  private interface Probe {
    String name();

    boolean verifies(Hasher h);
  }

  private List<String> verified(List<? extends Probe> probes) {
    return probes.stream().filter(p -> p.verifies(h)).map(Probe::name).toList();
  }

  /** The path with one bit of one hash flipped. */
  private static List<byte[]> flipped(List<byte[]> path, int i, int byteIndex, int bit) {
    List<byte[]> out = new ArrayList<>(path);
    byte[] b = out.get(i).clone();
    b[byteIndex % b.length] ^= (byte) (1 << bit);
    out.set(i, b);
    return out;
  }

  private static final class InclusionProbe implements Probe {
    final String name;
    final long index;
    final long size;
    final byte[] leaf;
    final List<byte[]> path;
    final byte[] root;

    InclusionProbe(String name, long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
      this.name = name;
      this.index = index;
      this.size = size;
      this.leaf = leaf;
      this.path = path;
      this.root = root;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean verifies(Hasher h) {
      return Merkle.verifyInclusion(h, index, size, leaf, path, root) == null;
    }
  }

  private static final class ConsistencyProbe implements Probe {
    final String name;
    final long first;
    final long second;
    final byte[] root1;
    final byte[] root2;
    final List<byte[]> path;

    ConsistencyProbe(String name, long first, long second, byte[] root1, byte[] root2, List<byte[]> path) {
      this.name = name;
      this.first = first;
      this.second = second;
      this.root1 = root1;
      this.root2 = root2;
      this.path = path;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean verifies(Hasher h) {
      return Merkle.verifyConsistency(h, first, second, root1, root2, path) == null;
    }
  }

  private static List<byte[]> with(List<byte[]> path, int at, byte[] extra) {
    List<byte[]> out = new ArrayList<>(path);
    out.add(at, extra);
    return out;
  }

  static List<InclusionProbe> corruptions(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
    List<InclusionProbe> out = new ArrayList<>(List.of(
        new InclusionProbe("index - 1", index - 1, size, leaf, path, root),
        new InclusionProbe("index + 1", index + 1, size, leaf, path, root),
        new InclusionProbe("index ^ 2", index ^ 2, size, leaf, path, root),
        new InclusionProbe("size * 2", index, size * 2, leaf, path, root),
        new InclusionProbe("size / 2", index, size / 2, leaf, path, root),
        new InclusionProbe("wrong leaf", index, size, "WrongLeaf".getBytes(StandardCharsets.US_ASCII), path, root),
        new InclusionProbe("other leaf", index, size, SOME_HASH, path, root),
        new InclusionProbe("empty root", index, size, leaf, path, EMPTY_ROOT),
        new InclusionProbe("random root", index, size, leaf, path, SOME_HASH),
        new InclusionProbe("trailing garbage", index, size, leaf, with(path, path.size(), new byte[0]), root),
        new InclusionProbe("trailing root", index, size, leaf, with(path, path.size(), root), root),
        new InclusionProbe("preceding garbage", index, size, leaf, with(path, 0, new byte[0]), root),
        new InclusionProbe("preceding root", index, size, leaf, with(path, 0, root), root)));
    for (int i = 0; i < path.size(); i++) {
      for (int bit = 0; bit < 8; bit++) {
        out.add(new InclusionProbe("path[" + i + "] bit " + bit, index, size, leaf, flipped(path, i, i, bit), root));
      }
    }
    if (!path.isEmpty()) {
      out.add(new InclusionProbe("removed last", index, size, leaf, path.subList(0, path.size() - 1), root));
    }
    if (path.size() > 1) {
      out.add(new InclusionProbe("inserted", index, size, leaf, with(path, 1, SOME_HASH), root));
      List<byte[]> swapped = new ArrayList<>(path);
      swapped.set(0, path.get(1));
      swapped.set(1, path.get(0));
      out.add(new InclusionProbe("swapped", index, size, leaf, swapped, root));
    }
    return out;
  }

  static List<ConsistencyProbe> corruptions(long first, long second, byte[] root1, byte[] root2, List<byte[]> path) {
    byte[] wrong = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
    List<ConsistencyProbe> out = new ArrayList<>(List.of(
        new ConsistencyProbe("first - 1", first - 1, second, root1, root2, path),
        new ConsistencyProbe("first + 1", first + 1, second, root1, root2, path),
        new ConsistencyProbe("first ^ 2", first ^ 2, second, root1, root2, path),
        new ConsistencyProbe("second * 2", first, second * 2, root1, root2, path),
        new ConsistencyProbe("second / 2", first, second / 2, root1, root2, path),
        new ConsistencyProbe("wrong root1", first, second, wrong, root2, path),
        new ConsistencyProbe("wrong root2", first, second, root1, wrong, path),
        new ConsistencyProbe("random root1", first, second, SOME_HASH, root2, path),
        new ConsistencyProbe("random root2", first, second, root1, SOME_HASH, path),
        new ConsistencyProbe("swapped roots", first, second, root2, root1, path),
        new ConsistencyProbe("empty proof", first, second, root1, root2, List.of()),
        new ConsistencyProbe("trailing garbage", first, second, root1, root2, with(path, path.size(), new byte[0])),
        new ConsistencyProbe("trailing root1", first, second, root1, root2, with(path, path.size(), root1)),
        new ConsistencyProbe("trailing root2", first, second, root1, root2, with(path, path.size(), root2)),
        new ConsistencyProbe("preceding garbage", first, second, root1, root2, with(path, 0, new byte[0])),
        new ConsistencyProbe("preceding root1", first, second, root1, root2, with(path, 0, root1)),
        new ConsistencyProbe("preceding root2", first, second, root1, root2, with(path, 0, root2)),
        new ConsistencyProbe("preceding path[0]", first, second, root1, root2, with(path, 0, path.get(0))),
        new ConsistencyProbe("truncated", first, second, root1, root2, path.subList(0, path.size() - 1))));
    for (int i = 0; i < path.size(); i++) {
      for (int bit = 0; bit < 8; bit++) {
        out.add(new ConsistencyProbe("path[" + i + "] bit " + bit, first, second, root1, root2,
            flipped(path, i, i * 7, bit)));
      }
    }
    return out;
  }
}
