package dev.microevent.matter;

import java.util.Locale;

/**
 * A Matter vendor id (16 bits, assigned by the CSA): 0 means unspecified, 0x0001..0xFFF0 are
 * assigned vendors, 0xFFF1..0xFFF4 are the test vendors, 0xFFF5..0xFFFF are reserved and never
 * valid in a payload.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value 0..0xFFF4
 */
public record VendorId(int value) {
  /** No vendor given (allowed in a payload, then the product id is 0 too). */
  public static final VendorId UNSPECIFIED = new VendorId(0);
  /** The first test vendor id, 0xFFF1 (what most development kits and examples use). */
  public static final VendorId TEST_VENDOR_1 = new VendorId(0xFFF1);
  /** Largest vendor id a payload may carry. */
  public static final int MAX = 0xFFF4;

  /**
   * Validates the value.
   *
   * @param value 0..0xFFF4
   * @throws InvalidPayloadException if it is reserved or does not fit 16 bits
   */
  public VendorId {
    if (value < 0 || value > MAX) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_VENDOR_ID, String.format(Locale.ROOT,
          "vendor id %d (0x%X) is not valid in a payload: 0 (unspecified) or 1..0xFFF4 (0xFFF5..0xFFFF are reserved)",
          value, value));
    }
  }

  /**
   * A vendor id.
   *
   * @param value 0..0xFFF4
   * @return the id
   * @throws InvalidPayloadException if it is reserved or does not fit 16 bits
   */
  public static VendorId of(int value) {
    return new VendorId(value);
  }

  /**
   * Whether a vendor is given (the value is not 0).
   *
   * @return {@code true} unless unspecified
   */
  public boolean isSpecified() {
    return value != 0;
  }

  /**
   * Whether this is one of the test vendor ids 0xFFF1..0xFFF4 (development kits, never in a
   * certified product).
   *
   * @return {@code true} for a test vendor
   */
  public boolean isTestVendor() {
    return value >= 0xFFF1;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "0x%04X", value);
  }
}
