package dev.microevent.slices.camara;

import java.util.Objects;

/**
 * A bit rate as CAMARA writes it: a value 0..1024 and a unit.
 *
 * @param value 0..1024
 * @param unit the unit
 */
public record DataRate(int value, Unit unit) {
  /**
   * Validates the range.
   *
   * @param value 0..1024
   * @param unit the unit
   * @throws IllegalArgumentException if {@code value} is outside 0..1024
   */
  public DataRate {
    Objects.requireNonNull(unit, "unit");
    if (value < 0 || value > 1024) {
      throw new IllegalArgumentException("rate value must be 0..1024 (pick a bigger unit), got " + value);
    }
  }

  /** {@return the rate in bits per second} */
  public long bitsPerSecond() {
    return value * unit.bitsPerSecond;
  }

  /** Rate units, as named on the wire. */
  public enum Unit {
    /** Bits per second. */
    BPS("bps", 1L),
    /** Kilobits per second. */
    KBPS("kbps", 1_000L),
    /** Megabits per second. */
    MBPS("Mbps", 1_000_000L),
    /** Gigabits per second. */
    GBPS("Gbps", 1_000_000_000L),
    /** Terabits per second. */
    TBPS("Tbps", 1_000_000_000_000L);

    private final String wire;
    private final long bitsPerSecond;

    Unit(String wire, long bitsPerSecond) {
      this.wire = wire;
      this.bitsPerSecond = bitsPerSecond;
    }

    /** {@return the wire name, e.g. {@code Mbps}} */
    public String wireName() {
      return wire;
    }
  }
}
