package dev.microevent.commerce;

import dev.microevent.core.SdkClientException;

/**
 * The cart already has a checkout whose outcome is unknown, and the new request differs from it
 * (another total or payment method). Sending it under the old key would be refused (422) and
 * under a new key could charge twice, so nothing was sent. Resolve the pending checkout first
 * with {@link Checkout#resolve(CheckoutId)}.
 */
public final class CheckoutInProgressException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** The checkout already in progress for the cart, to resolve before submitting again. */
  private final CheckoutId pending;

  /**
   * Creates the exception.
   *
   * @param cartId the cart
   * @param pending the checkout in progress
   */
  public CheckoutInProgressException(CartId cartId, CheckoutId pending) {
    super("cart " + cartId + " has checkout " + pending + " in progress with a different payload; nothing was "
        + "sent. Call checkout().resolve(" + pending + ") first, then submit again", null);
    this.pending = pending;
  }

  /** {@return the checkout in progress} */
  public CheckoutId pending() {
    return pending;
  }
}
