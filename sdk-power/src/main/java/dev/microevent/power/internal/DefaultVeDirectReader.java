package dev.microevent.power.internal;

import dev.microevent.power.PowerSourceException;
import dev.microevent.power.protocol.VeDirectBlock;
import dev.microevent.power.protocol.VeDirectReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads blocks from a stream with a {@link VeDirectFrameParser}. Not thread-safe. */
public final class DefaultVeDirectReader implements VeDirectReader {
  private final InputStream in;
  private final VeDirectFrameParser parser = new VeDirectFrameParser();

  /**
   * A reader.
   *
   * @param in the stream; buffered here
   */
  public DefaultVeDirectReader(InputStream in) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
  }

  @Override
  public Optional<VeDirectBlock> next() {
    try {
      int b;
      while ((b = in.read()) >= 0) {
        VeDirectBlock block = parser.feed(b);
        if (block != null) {
          return Optional.of(block);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new PowerSourceException(
          "reading the VE.Direct stream failed (" + e.getClass().getSimpleName()
              + "); check the cable and the serial device", e, true, true);
    }
  }

  @Override
  public long acceptedBlocks() {
    return parser.accepted();
  }

  @Override
  public long rejectedBlocks() {
    return parser.rejected();
  }
}
