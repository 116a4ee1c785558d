package dev.microevent.power;

import dev.microevent.power.protocol.VeDirectBlock;
import java.util.Optional;

/**
 * A Victron charger or battery monitor on a VE.Direct stream. A reader thread parses blocks as
 * they arrive, merges them per device, and opens the stream again (with backoff) when it ends or
 * fails. The data is stale when no valid block came within the configured limit.
 *
 * <p>Thread-safe.
 */
public interface VeDirectSource extends PowerSource {

  /** {@return all fields seen so far, later blocks winning; empty before the first valid block} */
  Optional<VeDirectBlock> latest();

  /** {@return the number of blocks rejected so far (bad checksum, truncated, malformed)} */
  long rejectedBlocks();

  /** {@return the number of blocks accepted so far} */
  long acceptedBlocks();
}
