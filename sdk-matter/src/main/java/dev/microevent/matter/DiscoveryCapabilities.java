package dev.microevent.matter;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The 8-bit discovery capabilities field of a QR payload. It keeps every bit, including bits a
 * newer specification may define ({@link #unknownBits()}): a scanner keeps them, a producer may
 * not set them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bits the field, 0..255
 */
public record DiscoveryCapabilities(int bits) {
  /** The bits of every {@link DiscoveryCapability} this SDK knows. */
  private static final int KNOWN_BITS = known();

  /**
   * Validates the field.
   *
   * @param bits the field, 0..255
   * @throws InvalidPayloadException if it does not fit 8 bits
   */
  public DiscoveryCapabilities {
    if (bits < 0 || bits > 0xFF) {
      throw new InvalidPayloadException(PayloadProblem.UNKNOWN_DISCOVERY_CAPABILITY,
          "discovery capabilities are an 8-bit field, got " + bits);
    }
  }

  /**
   * The field with the given capabilities set (none: a device that announces no way to find it,
   * which upstream accepts).
   *
   * @param capabilities the capabilities
   * @return the field
   */
  public static DiscoveryCapabilities of(DiscoveryCapability... capabilities) {
    int bits = 0;
    for (DiscoveryCapability c : capabilities) {
      bits |= Objects.requireNonNull(c, "capability").bit();
    }
    return new DiscoveryCapabilities(bits);
  }

  /**
   * The field with the given capabilities set.
   *
   * @param capabilities the capabilities
   * @return the field
   */
  public static DiscoveryCapabilities of(Set<DiscoveryCapability> capabilities) {
    return of(capabilities.toArray(new DiscoveryCapability[0]));
  }

  /**
   * Whether a capability is set.
   *
   * @param capability the capability
   * @return {@code true} if its bit is set
   */
  public boolean contains(DiscoveryCapability capability) {
    return (bits & capability.bit()) != 0;
  }

  /**
   * The known capabilities that are set.
   *
   * @return a new set
   */
  public Set<DiscoveryCapability> capabilities() {
    EnumSet<DiscoveryCapability> set = EnumSet.noneOf(DiscoveryCapability.class);
    for (DiscoveryCapability c : DiscoveryCapability.values()) {
      if (contains(c)) {
        set.add(c);
      }
    }
    return set;
  }

  /**
   * The set bits that no {@link DiscoveryCapability} names (a newer specification's, or noise).
   *
   * @return the bits, 0 if none
   */
  public int unknownBits() {
    return bits & ~KNOWN_BITS;
  }

  @Override
  public String toString() {
    return capabilities() + (unknownBits() == 0 ? "" : String.format(java.util.Locale.ROOT, "+0x%02X", unknownBits()));
  }

  private static int known() {
    int bits = 0;
    for (DiscoveryCapability c : DiscoveryCapability.values()) {
      bits |= c.bit();
    }
    return bits;
  }
}
