package dev.microevent.plane.telemetry.internal;

import dev.microevent.plane.telemetry.TelemetryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sealed batches waiting for the uplink, one file each ({@code <sequence>-<sealedAtMillis>-<spans>.json.gz}),
 * written atomically (temp file, fsync, rename), bounded in bytes and in files: to make room the
 * oldest batch goes first, and what is dropped is counted. The next sequence number is kept in the
 * file {@code sequence}, written before a batch, so a restart never reuses a key. Thread-safe.
 */
public final class Spool {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);
  private static final Pattern FILE = Pattern.compile("(\\d{16})-(\\d{1,19})-(\\d{1,9})\\.json\\.gz");
  private static final String SEQUENCE = "sequence";

  /**
   * One spooled batch.
   *
   * @param sequence its sequence
   * @param sealedAtMillis when it was sealed
   * @param spans how many spans it holds
   * @param bytes its size
   * @param file its file
   */
  public record Entry(long sequence, long sealedAtMillis, int spans, long bytes, Path file) {}

  /**
   * What making room dropped.
   *
   * @param batches batches dropped
   * @param spans spans in them
   */
  public record Dropped(int batches, long spans) {
    /** Nothing. */
    public static final Dropped NONE = new Dropped(0, 0);
  }

  private final Path dir;
  private final long maxBytes;
  private final int maxBatches;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long bytes;
  private long next;

  /**
   * Opens (or creates) a spool directory: leftovers of an interrupted write are removed, the
   * batches found are kept in sequence order.
   *
   * @param dir the directory
   * @param maxBytes most bytes kept
   * @param maxBatches most batches kept
   * @throws TelemetryException if the directory cannot be used
   */
  public Spool(Path dir, long maxBytes, int maxBatches) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.maxBatches = maxBatches;
    List<Entry> found = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          Matcher m = FILE.matcher(name);
          if (name.endsWith(".tmp")) {
            Files.deleteIfExists(f);
          } else if (m.matches()) {
            found.add(new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                Files.size(f), f));
          }
        }
      }
      Path seq = dir.resolve(SEQUENCE);
      if (Files.exists(seq)) {
        String text = Files.readString(seq, StandardCharsets.US_ASCII).strip();
        if (!text.matches("\\d{1,18}")) {
          throw new TelemetryException("the spool's sequence file " + seq + " is damaged ('" + clip(text)
              + "'); restore it or give the collector a new id", null, false);
        }
        next = Long.parseLong(text);
      }
    } catch (IOException e) {
      throw new TelemetryException("cannot use the spool directory " + dir + " (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", e, false);
    }
    found.sort(java.util.Comparator.comparingLong(Entry::sequence));
    for (Entry e : found) {
      entries.addLast(e);
      bytes += e.bytes();
      next = Math.max(next, e.sequence() + 1);
    }
  }

  private static String clip(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }

  /**
   * Takes the next sequence number and records it durably before it is used.
   *
   * @return the sequence
   * @throws TelemetryException if it cannot be recorded
   */
  public synchronized long nextSequence() {
    long seq = next;
    try {
      writeAtomically(dir.resolve(SEQUENCE), Long.toString(seq + 1).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new TelemetryException("cannot record the next batch sequence in " + dir + " (" + e.getMessage() + ")", e,
          true);
    }
    next = seq + 1;
    return seq;
  }

  /**
   * Adds a sealed batch, dropping the oldest ones first if the bounds need it. A batch larger than
   * the whole spool is dropped itself.
   *
   * @param sequence its sequence
   * @param sealedAtMillis when it was sealed
   * @param spans spans in it
   * @param body its bytes
   * @return what was dropped to make room (or the batch itself)
   * @throws TelemetryException if it cannot be written
   */
  public synchronized Dropped add(long sequence, long sealedAtMillis, int spans, byte[] body) {
    if (body.length > maxBytes) {
      log.warn("a telemetry batch of {} bytes is larger than the whole spool ({} bytes): dropped", body.length, maxBytes);
      return new Dropped(1, spans);
    }
    int droppedBatches = 0;
    long droppedSpans = 0;
    while (!entries.isEmpty() && (bytes + body.length > maxBytes || entries.size() + 1 > maxBatches)) {
      Entry oldest = entries.removeFirst();
      bytes -= oldest.bytes();
      delete(oldest.file());
      droppedBatches++;
      droppedSpans += oldest.spans();
    }
    Path file = dir.resolve(String.format(java.util.Locale.ROOT, "%016d-%d-%d.json.gz", sequence, sealedAtMillis, spans));
    try {
      writeAtomically(file, body);
    } catch (IOException e) {
      throw new TelemetryException("cannot write a telemetry batch to the spool " + dir + " (" + e.getMessage() + ")",
          e, true);
    }
    entries.addLast(new Entry(sequence, sealedAtMillis, spans, body.length, file));
    bytes += body.length;
    return droppedBatches == 0 ? Dropped.NONE : new Dropped(droppedBatches, droppedSpans);
  }

  /** {@return the oldest batch, if any} */
  public synchronized Optional<Entry> oldest() {
    return Optional.ofNullable(entries.peekFirst());
  }

  /**
   * Reads a batch's bytes.
   *
   * @param e the batch
   * @return its bytes, or empty if it was dropped meanwhile
   * @throws TelemetryException if it cannot be read
   */
  public Optional<byte[]> read(Entry e) {
    try {
      return Optional.of(Files.readAllBytes(e.file()));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException io) {
      throw new TelemetryException("cannot read the spooled batch " + e.file() + " (" + io.getMessage() + ")", io, true);
    }
  }

  /**
   * Removes a batch (it was uploaded).
   *
   * @param e the batch
   */
  public synchronized void remove(Entry e) {
    if (entries.remove(e)) {
      bytes -= e.bytes();
      delete(e.file());
    }
  }

  /** {@return the bytes the spooled batch files take on disk} */
  public synchronized long bytes() {
    return bytes;
  }

  /**
   * Batches spooled.
   *
   * @return how many batches are spooled, waiting for the uplink
   */
  public synchronized int size() {
    return entries.size();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete the spooled batch {}: {}", file, e.toString());
    }
  }

  private static void writeAtomically(Path target, byte[] body) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(body);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
