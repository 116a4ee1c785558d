package dev.microevent.matter;

/**
 * The discriminator that tells commissionable devices apart before they are commissioned: the
 * full 12-bit value (in QR codes and device announcements) or its top 4 bits, the short form (all
 * a manual pairing code carries).
 *
 * <pre>{@code
 * Discriminator.ofLong(3840).matches(Discriminator.ofShort(15))   // true: 3840 >> 8 == 15
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the value: 0..4095 when long, 0..15 when short
 * @param isShort whether this is the 4-bit short form
 */
public record Discriminator(int value, boolean isShort) {
  /** Largest long discriminator. */
  public static final int MAX_LONG = 0xFFF;
  /** Largest short discriminator. */
  public static final int MAX_SHORT = 0xF;

  /**
   * Validates the value.
   *
   * @param value the value: 0..4095 when long, 0..15 when short
   * @param isShort whether this is the 4-bit short form
   * @throws InvalidPayloadException if the value does not fit its form
   */
  public Discriminator {
    int max = isShort ? MAX_SHORT : MAX_LONG;
    if (value < 0 || value > max) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_DISCRIMINATOR,
          (isShort ? "a short discriminator is 0..15" : "a discriminator is 0..4095") + ", got " + value);
    }
  }

  /**
   * A full 12-bit discriminator.
   *
   * @param value 0..4095
   * @return the discriminator
   * @throws InvalidPayloadException if out of range
   */
  public static Discriminator ofLong(int value) {
    return new Discriminator(value, false);
  }

  /**
   * A short 4-bit discriminator (the top 4 bits of the long one).
   *
   * @param value 0..15
   * @return the discriminator
   * @throws InvalidPayloadException if out of range
   */
  public static Discriminator ofShort(int value) {
    return new Discriminator(value, true);
  }

  /**
   * The short form: the value itself if short, else its top 4 bits.
   *
   * @return 0..15
   */
  public int shortValue() {
    return isShort ? value : value >> 8;
  }

  /**
   * The short form of this discriminator.
   *
   * @return a short discriminator
   */
  public Discriminator toShort() {
    return isShort ? this : ofShort(shortValue());
  }

  /**
   * Whether a device announcing one discriminator can be the device another one names: equal long
   * values, or equal short forms when either is short.
   *
   * @param other the other discriminator
   * @return {@code true} if they may name the same device
   */
  public boolean matches(Discriminator other) {
    if (isShort || other.isShort) {
      return shortValue() == other.shortValue();
    }
    return value == other.value;
  }

  @Override
  public String toString() {
    return isShort ? "short " + value : Integer.toString(value);
  }
}
