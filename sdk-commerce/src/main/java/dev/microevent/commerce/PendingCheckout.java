package dev.microevent.commerce;

import java.time.Instant;
import java.util.Objects;

/**
 * A checkout in the journal whose outcome is not known yet (in flight, or unknown after an error
 * or a crash). Immutable and thread-safe.
 *
 * @param checkoutId the checkout and its idempotency key
 * @param cartId its cart
 * @param startedAt when it was first submitted, on the client's clock
 * @param sends how many times it was handed to the network
 * @param lastError the last failure seen, or an empty string
 */
public record PendingCheckout(CheckoutId checkoutId, CartId cartId, Instant startedAt, int sends, String lastError) {

  /**
   * Checks the components.
   *
   * @param checkoutId the checkout and its idempotency key
   * @param cartId its cart
   * @param startedAt when it was first submitted, on the client's clock
   * @param sends how many times it was handed to the network
   * @param lastError the last failure seen, or an empty string
   */
  public PendingCheckout {
    Objects.requireNonNull(checkoutId, "checkoutId");
    Objects.requireNonNull(cartId, "cartId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
