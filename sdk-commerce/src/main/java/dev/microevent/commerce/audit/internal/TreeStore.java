package dev.microevent.commerce.audit.internal;

import dev.microevent.commerce.audit.AuditException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's files in one directory, append-only:
 *
 * <ul>
 *   <li>{@code leaves}: the source of truth. A 128-byte header (magic, format, record size, the
 *       log id, CRC-32C), then one 36-byte record per leaf: the 32-byte commitment and the CRC-32C
 *       of the leaf index (8 bytes, big-endian) and the commitment, so a record that is torn,
 *       zeroed or out of place fails its check. {@link #sync()} forces it to the device; an append
 *       is acknowledged only after that.
 *   <li>{@code nodes}: every complete subtree hash (leaves included) in post-order, 32 bytes each,
 *       so a proof reads O(log n) stored nodes instead of re-hashing leaves. Derived from {@code
 *       leaves}: forced to the device only at checkpoints and rebuilt from {@code leaves} after a
 *       crash.
 *   <li>{@code checkpoint}: the size and root up to which {@code nodes} was forced, written by
 *       atomic rename every {@value #CHECKPOINT_EVERY} leaves and on close.
 * </ul>
 *
 * <p>Opening recovers: {@code nodes} is cut back to the checkpoint and checked against its root
 * (rebuilt from scratch if that fails), then the leaves after the checkpoint are read back, their
 * CRCs checked, and their nodes recomputed. A bad record within the last {@link #MAX_BATCH}
 * records' worth of bytes is the torn, never-acknowledged tail of the last batch and is cut off; a
 * bad record before that means acknowledged entries were damaged, and the log refuses to open
 * rather than drop them. The writer methods are for one thread; {@link #node} may be called from
 * any thread for nodes below a size a {@link #sync()} returned.
 */
public final class TreeStore implements AutoCloseable {
  /** The most leaves one batch writes before it is forced; recovery relies on this bound. */
  public static final int MAX_BATCH = 16_384;
  /** Leaves between checkpoints. */
  public static final long CHECKPOINT_EVERY = 1L << 16;
  /** The largest log (positions in {@code nodes} stay far from overflow). */
  public static final long MAX_SIZE = 1L << 48;

  static final int HEADER = 128;
  static final int RECORD = 36;
  private static final byte[] MAGIC = "MEAUDIT1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHECKPOINT_MAGIC = "MECKPT01".getBytes(StandardCharsets.US_ASCII);
  private static final int CHECKPOINT_BYTES = 8 + 8 + Hasher.SIZE + 4;
  private static final int FORMAT = 1;
  private static final Logger log = LoggerFactory.getLogger(TreeStore.class);

  private final Path dir;
  private final String location;
  private final FileChannel leaves;
  private final FileChannel nodes;
  private final FileLock lock;
  private final Hasher hasher = new Hasher();
  private final CRC32C crc = new CRC32C();
  /** frontier[level]: the root of the complete subtree at that level when bit {@code level} of size is set. */
  private final byte[][] frontier = new byte[64][];
  private final ByteBuffer leafBuf = ByteBuffer.allocateDirect(MAX_BATCH * RECORD);
  private final ByteBuffer nodeBuf = ByteBuffer.allocateDirect((2 * MAX_BATCH + 64) * Hasher.SIZE);
  private final ByteBuffer crcIn = ByteBuffer.allocate(8 + Hasher.SIZE);
  private long size;
  private long written;
  private long nodeCount;
  private long checkpointed;

  /** What a checkpoint file says. */
  private static final class Checkpoint {
    final long size;
    final byte[] root;

    Checkpoint(long size, byte[] root) {
      this.size = size;
      this.root = root;
    }
  }

  private TreeStore(Path dir, FileChannel leaves, FileChannel nodes, FileLock lock) {
    this.dir = dir;
    this.location = dir.toAbsolutePath().toString();
    this.leaves = leaves;
    this.nodes = nodes;
    this.lock = lock;
  }

  /**
   * Opens (or creates) the log in a directory and recovers it.
   *
   * @param dir the directory (created if missing)
   * @param logId the log's id; an existing log must have this id
   * @return the store, at the size of the last acknowledged batch (or a later, complete one)
   * @throws AuditException ({@link AuditException.Reason#STORAGE}) if it cannot be opened
   */
  public static TreeStore open(Path dir, String logId) {
    FileChannel leaves = null;
    FileChannel nodes = null;
    try {
      Files.createDirectories(dir);
      leaves = FileChannel.open(dir.resolve("leaves"), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = leaves.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw storage(dir, "it is open in another AuditLog or process; close that one first", null);
      }
      nodes = FileChannel.open(dir.resolve("nodes"), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      TreeStore store = new TreeStore(dir, leaves, nodes, lock);
      store.recover(logId);
      return store;
    } catch (IOException | RuntimeException e) {
      closeQuietly(leaves, e);
      closeQuietly(nodes, e);
      if (e instanceof AuditException a) {
        throw a;
      }
      throw storage(dir, "cannot open or recover it", e);
    }
  }

  private static void closeQuietly(@Nullable FileChannel c, Exception e) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
    }
  }

  static AuditException storage(Path dir, String what, @Nullable Throwable cause) {
    return new AuditException(AuditException.Reason.STORAGE, "the audit log at " + dir.toAbsolutePath() + ": " + what
        + (cause == null ? "" : " (" + cause + ")"), cause);
  }

  // ---- recovery -----------------------------------------------------------------------------

  private void recover(String logId) throws IOException {
    long fileSize = leaves.size();
    if (fileSize < HEADER) {
      // New, or a crash before the header was forced: nothing was ever acknowledged.
      leaves.truncate(0);
      writeFully(leaves, ByteBuffer.wrap(header(logId)), 0);
      leaves.force(true);
      nodes.truncate(0);
      Files.deleteIfExists(dir.resolve("checkpoint"));
      syncDirectory();
      return;
    }
    checkHeader(logId);
    Checkpoint cp = readCheckpoint();
    long start = 0;
    if (cp != null && cp.size > 0) {
      if (cp.size > (fileSize - HEADER) / RECORD) {
        throw storage(dir, "the leaves file is shorter than its checkpoint (" + cp.size
            + " entries): acknowledged entries were lost; restore the directory from a backup", null);
      }
      if (nodes.size() >= nodeCount(cp.size) * Hasher.SIZE && loadFrontier(cp.size, cp.root)) {
        start = cp.size;
      } else {
        log.warn("audit log {}: the node file does not match its checkpoint; rebuilding it from the leaves",
            location);
      }
    }
    if (start == 0) {
      Arrays.fill(frontier, null);
    }
    size = start;
    written = start;
    nodeCount = nodeCount(start);
    nodes.truncate(nodeCount * Hasher.SIZE);
    replay(fileSize);
    leaves.force(true);
    checkpoint();
  }

  private byte[] header(String logId) {
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    byte[] id = logId.getBytes(StandardCharsets.US_ASCII);
    b.put(MAGIC).putInt(FORMAT).putInt(RECORD).put((byte) id.length).put(id);
    crc.reset();
    crc.update(b.array(), 0, HEADER - 4);
    b.putInt(HEADER - 4, (int) crc.getValue());
    return b.array();
  }

  private void checkHeader(String logId) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    readFully(leaves, b, 0);
    byte[] h = b.array();
    crc.reset();
    crc.update(h, 0, HEADER - 4);
    if (b.position() < HEADER || !Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || b.getInt(HEADER - 4) != (int) crc.getValue()) {
      throw storage(dir, "its leaves file is not an audit log (bad header)", null);
    }
    if (b.getInt(8) != FORMAT || b.getInt(12) != RECORD) {
      throw storage(dir, "its leaves file has format " + b.getInt(8) + ", this SDK reads " + FORMAT, null);
    }
    int len = h[16] & 0xff;
    String stored = len <= 64 ? new String(h, 17, len, StandardCharsets.US_ASCII) : "";
    if (!stored.equals(logId)) {
      throw storage(dir, "it holds log '" + stored + "', not '" + logId + "'", null);
    }
  }

  /** The checkpoint, or null if there is none or it is damaged. */
  private @Nullable Checkpoint readCheckpoint() throws IOException {
    Path file = dir.resolve("checkpoint");
    if (!Files.exists(file) || Files.size(file) != CHECKPOINT_BYTES) {
      if (Files.exists(file)) {
        log.warn("audit log {}: its checkpoint is damaged; rebuilding the node file from the leaves", location);
      }
      return null;
    }
    byte[] b = Files.readAllBytes(file);
    crc.reset();
    crc.update(b, 0, CHECKPOINT_BYTES - 4);
    ByteBuffer buf = ByteBuffer.wrap(b);
    long cpSize = buf.getLong(8);
    if (b.length != CHECKPOINT_BYTES || !Arrays.equals(b, 0, 8, CHECKPOINT_MAGIC, 0, 8)
        || buf.getInt(CHECKPOINT_BYTES - 4) != (int) crc.getValue() || cpSize < 0 || cpSize > MAX_SIZE) {
      log.warn("audit log {}: its checkpoint is damaged; rebuilding the node file from the leaves", location);
      return null;
    }
    return new Checkpoint(cpSize, Arrays.copyOfRange(b, 16, 16 + Hasher.SIZE));
  }

  /** Loads the frontier of size c from the node file; whether its root is the expected one. */
  private boolean loadFrontier(long c, byte[] expectedRoot) {
    Arrays.fill(frontier, null);
    for (int level = 0; level < 63; level++) {
      if ((c >>> level & 1) == 1) {
        long index = (c >>> (level + 1)) << 1;
        frontier[level] = node(level, index);
      }
    }
    size = c;
    return MessageDigest.isEqual(root(), expectedRoot);
  }

  private void replay(long fileSize) throws IOException {
    long records = (fileSize - HEADER) / RECORD;
    ByteBuffer buf = ByteBuffer.allocate(MAX_BATCH * RECORD);
    byte[] commitment = new byte[Hasher.SIZE];
    while (size < records) {
      int n = (int) Math.min(MAX_BATCH, records - size);
      buf.clear().limit(n * RECORD);
      readFully(leaves, buf, HEADER + size * RECORD);
      buf.flip();
      for (int j = 0; j < n; j++) {
        buf.get(commitment);
        if (buf.getInt() != recordCrc(size, commitment)) {
          flushNodes();
          cutTail(size, fileSize);
          written = size;
          return;
        }
        hashLeaf(commitment);
      }
      flushNodes();
    }
    written = size;
    long end = HEADER + records * RECORD;
    if (fileSize > end) {
      log.warn("audit log {}: dropped {} bytes of a torn, unacknowledged record at its end", location,
          fileSize - end);
      leaves.truncate(end);
    }
  }

  private void cutTail(long index, long fileSize) throws IOException {
    long at = HEADER + index * RECORD;
    long tail = fileSize - at;
    if (tail > (long) MAX_BATCH * RECORD) {
      throw storage(dir, "entry " + index + " fails its checksum and " + tail + " bytes follow it, more than one"
          + " unacknowledged batch: acknowledged entries were damaged. The log will not open rather than drop"
          + " them; restore the directory from a backup", null);
    }
    log.warn("audit log {}: dropped the torn, unacknowledged tail of its last batch ({} bytes from entry {})",
        location, tail, index);
    leaves.truncate(at);
  }

  // ---- writing (one thread) -----------------------------------------------------------------

  /**
   * Buffers one leaf: its record and the nodes it completes. Call {@link #flush()} before the
   * batch reaches {@link #MAX_BATCH} leaves.
   *
   * @param commitment the 32-byte leaf data
   * @return the leaf's index
   */
  public long appendLeaf(byte[] commitment) {
    if (size >= MAX_SIZE) {
      throw new AuditException(AuditException.Reason.OUT_OF_RANGE, "the audit log at " + location + " is full ("
          + MAX_SIZE + " entries); start a new log", null);
    }
    leafBuf.put(commitment).putInt(recordCrc(size, commitment));
    return hashLeaf(commitment);
  }

  /** Adds a leaf to the tree: its hash and the nodes it completes go to the node buffer. */
  private long hashLeaf(byte[] commitment) {
    long index = size;
    byte[] h = hasher.leaf(commitment);
    nodeBuf.put(h);
    int level = 0;
    while ((size >>> level & 1) == 1) {
      h = hasher.node(frontier[level], h);
      frontier[level] = null;
      nodeBuf.put(h);
      level++;
    }
    frontier[level] = h;
    size++;
    return index;
  }

  private int recordCrc(long index, byte[] commitment) {
    crcIn.clear();
    crcIn.putLong(index).put(commitment);
    crc.reset();
    crc.update(crcIn.array(), 0, crcIn.position());
    return (int) crc.getValue();
  }

  /**
   * Writes the buffered leaves and nodes (not yet forced).
   *
   * @throws IOException if writing fails
   */
  public void flush() throws IOException {
    leafBuf.flip();
    int count = leafBuf.remaining() / RECORD;
    writeFully(leaves, leafBuf, HEADER + written * RECORD);
    written += count;
    leafBuf.clear();
    flushNodes();
  }

  private void flushNodes() throws IOException {
    nodeBuf.flip();
    long count = nodeBuf.remaining() / Hasher.SIZE;
    writeFully(nodes, nodeBuf, nodeCount * Hasher.SIZE);
    nodeCount += count;
    nodeBuf.clear();
  }

  /**
   * Forces the leaves written so far to the storage device (fdatasync): after this returns they
   * survive a process crash and a power loss (on storage that honours flushes).
   *
   * @throws IOException if forcing fails
   */
  public void sync() throws IOException {
    leaves.force(false);
  }

  /**
   * Writes a checkpoint if {@link #CHECKPOINT_EVERY} leaves were added since the last one.
   *
   * @throws IOException if writing fails
   */
  public void checkpointIfDue() throws IOException {
    if (size - checkpointed >= CHECKPOINT_EVERY) {
      checkpoint();
    }
  }

  /**
   * Forces the node file and records (size, root) as the point recovery starts from.
   *
   * @throws IOException if writing fails
   */
  public void checkpoint() throws IOException {
    nodes.force(false);
    ByteBuffer b = ByteBuffer.allocate(CHECKPOINT_BYTES);
    b.put(CHECKPOINT_MAGIC).putLong(size).put(root());
    crc.reset();
    crc.update(b.array(), 0, CHECKPOINT_BYTES - 4);
    b.putInt((int) crc.getValue());
    Path tmp = dir.resolve("checkpoint.tmp");
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      b.flip();
      writeFully(c, b, 0);
      c.force(true);
    }
    try {
      Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory();
    checkpointed = size;
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      log.debug("audit log {}: this platform cannot force a directory ({})", location, e.toString());
    }
  }

  /**
   * The number of leaves appended (written or buffered).
   *
   * @return the size
   */
  public long size() {
    return size;
  }

  /**
   * The root of the tree of all leaves appended, from the frontier (writer thread).
   *
   * @return 32 bytes
   */
  public byte[] root() {
    byte[] acc = null;
    for (int level = 0; level < 64; level++) {
      if ((size >>> level & 1) == 1) {
        acc = acc == null ? frontier[level] : hasher.node(frontier[level], acc);
      }
    }
    return acc == null ? hasher.emptyRoot() : acc;
  }

  // ---- reading (any thread) -----------------------------------------------------------------

  /**
   * A complete subtree's hash from the node file.
   *
   * @param level its height (0 = a leaf)
   * @param index its index at that height
   * @return 32 bytes
   * @throws AuditException ({@link AuditException.Reason#STORAGE}) if it cannot be read
   */
  public byte[] node(int level, long index) {
    long m = (index + 1) << level;
    long pos = 2 * m - Long.bitCount(m) - 1 - Long.numberOfTrailingZeros(m) + level;
    ByteBuffer b = ByteBuffer.allocate(Hasher.SIZE);
    try {
      readFully(nodes, b, pos * Hasher.SIZE);
    } catch (IOException e) {
      throw storage(dir, "cannot read its node file", e);
    }
    if (b.hasRemaining()) {
      throw storage(dir, "its node file ends before node " + pos, null);
    }
    return b.array();
  }

  /**
   * How many nodes the tree of {@code n} leaves stores (post-order, leaves included).
   *
   * @param n the size
   * @return {@code 2n - popcount(n)}
   */
  static long nodeCount(long n) {
    return 2 * n - Long.bitCount(n);
  }

  private static void writeFully(FileChannel c, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      pos += c.write(b, pos);
    }
  }

  private static void readFully(FileChannel c, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = c.read(b, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        leaves.close();
      } finally {
        nodes.close();
      }
    }
  }
}
