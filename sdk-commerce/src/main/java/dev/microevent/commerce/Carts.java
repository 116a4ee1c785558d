package dev.microevent.commerce;

/**
 * Carts, addressed by client-chosen ids so every call is safe to repeat. Reached through {@link
 * CommerceClient#carts()}.
 *
 * <p>Thread-safe.
 */
public interface Carts {

  /**
   * Opens a cart (creates it if new, returns it as it is otherwise).
   *
   * @param cartId the cart's id, e.g. {@link CartId#random}
   * @return the cart
   */
  Cart open(CartId cartId);

  /**
   * Reads a cart.
   *
   * @param cartId the cart
   * @return it
   * @throws dev.microevent.core.HttpServiceException 404 if there is no such cart
   */
  Cart get(CartId cartId);

  /**
   * Sets how many units of a product the cart holds; 0 removes the product.
   *
   * @param cartId the cart
   * @param sku the product
   * @param quantity 0..100
   * @return the cart after the change
   */
  Cart setQuantity(CartId cartId, Sku sku, int quantity);
}
