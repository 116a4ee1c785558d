package dev.microevent.power.protocol;

import dev.microevent.power.PowerSourceException;
import dev.microevent.power.internal.DefaultVeDirectReader;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Victron VE.Direct text-protocol blocks from any byte stream: a serial device, a capture
 * file, a socket. Blocks whose checksum fails are rejected and counted; the reader finds the next
 * good block behind them. Interleaved HEX-protocol messages are skipped. Garbage and truncated
 * input never throw: they are dropped.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(Path.of("/dev/ttyUSB0"))) {
 *   VeDirectReader reader = VeDirectReader.of(in);
 *   for (Optional<VeDirectBlock> b = reader.next(); b.isPresent(); b = reader.next()) {
 *     b.get().stateOfChargePercent().ifPresent(soc -> log.info("SOC {} %", soc));
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread reads. Closing the stream is the caller's job.
 */
public interface VeDirectReader {

  /**
   * A reader over a stream.
   *
   * @param in the bytes; the reader buffers it
   * @return the reader
   */
  static VeDirectReader of(InputStream in) {
    return new DefaultVeDirectReader(Objects.requireNonNull(in, "in"));
  }

  /**
   * Blocks until the next checksum-valid block arrives.
   *
   * @return the block, or empty at the end of the stream
   * @throws PowerSourceException if reading the stream fails (the I/O error is the cause)
   */
  Optional<VeDirectBlock> next();

  /** {@return the number of blocks accepted so far} */
  long acceptedBlocks();

  /** {@return the number of blocks rejected so far (bad checksum, truncated, malformed)} */
  long rejectedBlocks();
}
