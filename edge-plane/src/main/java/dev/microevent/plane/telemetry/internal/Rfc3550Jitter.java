package dev.microevent.plane.telemetry.internal;

/**
 * The interarrival jitter of RFC 3550, section 6.4.1: {@code J += (|D(i-1,i)| - J) / 16}, where
 * {@code D} is the difference of two consecutive packets' transit times. With round trips measured
 * on one clock, {@code D(i-1,i) = RTT(i) - RTT(i-1)}: the sender's and the receiver's clock offsets
 * cancel out. Feed it answered probes in order of arrival. Not thread-safe.
 */
public final class Rfc3550Jitter {
  private double jitterNanos;
  private long previous = -1;

  /**
   * Adds one answered packet.
   *
   * @param transitNanos its transit (here: round-trip) time
   */
  public void add(long transitNanos) {
    if (previous >= 0) {
      double d = Math.abs(transitNanos - previous);
      jitterNanos += (d - jitterNanos) / 16.0;
    }
    previous = transitNanos;
  }

  /** {@return the estimate in nanoseconds} */
  public double nanos() {
    return jitterNanos;
  }
}
