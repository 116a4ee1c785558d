package dev.microevent.commerce;

import java.util.Objects;

/**
 * One product in a cart. Immutable and thread-safe.
 *
 * @param sku the product
 * @param quantity units, 1 or more
 * @param unitPrice the price of one unit
 */
public record CartLine(Sku sku, int quantity, Money unitPrice) {

  /**
   * Checks the components.
   *
   * @param sku the product
   * @param quantity units, 1 or more
   * @param unitPrice the price of one unit
   * @throws IllegalArgumentException if {@code quantity} is below 1
   */
  public CartLine {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unitPrice");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be >= 1, got " + quantity);
    }
  }
}
