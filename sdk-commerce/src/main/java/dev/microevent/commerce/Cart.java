package dev.microevent.commerce;

import java.util.List;
import java.util.Objects;

/**
 * A cart as the backend holds it. Immutable and thread-safe.
 *
 * @param cartId its id
 * @param lines its products
 * @param total what checking it out costs
 */
public record Cart(CartId cartId, List<CartLine> lines, Money total) {

  /**
   * Checks and copies the components.
   *
   * @param cartId its id
   * @param lines its products
   * @param total what checking it out costs
   */
  public Cart {
    Objects.requireNonNull(cartId, "cartId");
    lines = List.copyOf(lines);
    Objects.requireNonNull(total, "total");
  }

  /** {@return whether the cart holds nothing} */
  public boolean isEmpty() {
    return lines.isEmpty();
  }
}
