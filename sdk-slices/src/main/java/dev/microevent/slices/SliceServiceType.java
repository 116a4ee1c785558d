package dev.microevent.slices;

import java.util.Optional;

/**
 * The standardised Slice/Service Types (SST) of 3GPP TS 23.501 Table 5.15.2.2-1. Values 0..127
 * are the standardised range, 128..255 are operator-specific (use {@link Snssai#of(int, int)}
 * for those).
 *
 * <p>Immutable and thread-safe.
 */
public enum SliceServiceType {
  /** Enhanced mobile broadband (Rel-15): the default slice of most networks; streaming uplink. */
  EMBB(1),
  /** Ultra-reliable low-latency communications (Rel-15): checkout and gate scans. */
  URLLC(2),
  /** Massive IoT (Rel-15). */
  MIOT(3),
  /** Vehicle-to-everything (Rel-16). */
  V2X(4),
  /** High-performance machine-type communications (Rel-17). */
  HMTC(5),
  /** High data rate and low latency (Rel-18). */
  HDLLC(6),
  /** Guaranteed bit rate streaming service (Rel-18). */
  GBRSS(7);

  private final int value;

  SliceServiceType(int value) {
    this.value = value;
  }

  /** {@return the 8-bit SST value} */
  public int value() {
    return value;
  }

  /**
   * The standardised type with this SST value.
   *
   * @param sst an SST value, 0..255
   * @return the type, or empty for unassigned and operator-specific values
   */
  public static Optional<SliceServiceType> of(int sst) {
    for (SliceServiceType t : values()) {
      if (t.value == sst) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
