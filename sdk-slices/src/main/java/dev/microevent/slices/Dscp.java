package dev.microevent.slices;

/**
 * A DiffServ code point to mark a slice's packets with (RFC 2474/4594). It is a hint: operating
 * systems and mobile networks may ignore or re-mark it, unless the operator's URSP or packet
 * filters match on it.
 *
 * @param value the 6-bit code point, 0..63
 */
public record Dscp(int value) {
  /** Default forwarding (CS0): best effort. */
  public static final Dscp DEFAULT = new Dscp(0);
  /** AF11, high-throughput data. */
  public static final Dscp AF11 = new Dscp(10);
  /** AF21, low-latency data: client/server transactions, web ordering (checkout). */
  public static final Dscp AF21 = new Dscp(18);
  /** CS3, broadcast video and live events. */
  public static final Dscp CS3 = new Dscp(24);
  /** AF31, multimedia streaming. */
  public static final Dscp AF31 = new Dscp(26);
  /** CS4, real-time interactive. */
  public static final Dscp CS4 = new Dscp(32);
  /** EF, expedited forwarding (telephony). */
  public static final Dscp EF = new Dscp(46);

  /**
   * Validates the range.
   *
   * @param value the 6-bit code point, 0..63
   * @throws IllegalArgumentException if {@code value} is outside 0..63
   */
  public Dscp {
    if (value < 0 || value > 63) {
      throw new IllegalArgumentException("DSCP is 6 bits (0..63), got " + value);
    }
  }

  /**
   * The IP TOS / traffic class byte for {@link java.net.Socket#setTrafficClass}: DSCP in the upper
   * six bits.
   *
   * @return {@code value << 2}
   */
  public int trafficClass() {
    return value << 2;
  }
}
