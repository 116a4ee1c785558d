package dev.microevent.commerce;

import java.util.Objects;

/**
 * Units left of a product. Immutable and thread-safe.
 *
 * @param sku the product
 * @param available units in stock, 0 or more
 * @param version grows with every stock change, so a newer reading can be told from an older one
 */
public record Inventory(Sku sku, int available, long version) {

  /**
   * Checks the components.
   *
   * @param sku the product
   * @param available units in stock, 0 or more
   * @param version grows with every stock change, so a newer reading can be told from an older one
   * @throws IllegalArgumentException if {@code available} is negative
   */
  public Inventory {
    Objects.requireNonNull(sku, "sku");
    if (available < 0) {
      throw new IllegalArgumentException("available must be >= 0, got " + available);
    }
  }

  /** {@return whether none is left} */
  public boolean soldOut() {
    return available == 0;
  }
}
