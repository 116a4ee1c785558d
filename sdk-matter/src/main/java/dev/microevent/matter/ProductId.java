package dev.microevent.matter;

import java.util.Locale;

/**
 * A Matter product id (16 bits, chosen by the vendor). 0 is only valid together with an
 * unspecified vendor.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value 0..0xFFFF
 */
public record ProductId(int value) {
  /** No product given. */
  public static final ProductId UNSPECIFIED = new ProductId(0);

  /**
   * Validates the value.
   *
   * @param value 0..0xFFFF
   * @throws InvalidPayloadException if it does not fit 16 bits
   */
  public ProductId {
    if (value < 0 || value > 0xFFFF) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_PRODUCT_ID,
          "product id " + value + " does not fit 16 bits (0..65535)");
    }
  }

  /**
   * A product id.
   *
   * @param value 0..0xFFFF
   * @return the id
   * @throws InvalidPayloadException if it does not fit 16 bits
   */
  public static ProductId of(int value) {
    return new ProductId(value);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "0x%04X", value);
  }
}
