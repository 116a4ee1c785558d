package dev.microevent.commerce;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An order placed by a checkout. Immutable and thread-safe.
 *
 * @param orderId its id
 * @param cartId the cart it was placed from
 * @param status where it stands
 * @param total what was (or would have been) charged
 * @param synthetic whether it is probe traffic (never fulfilled or charged)
 * @param paymentReference the payment provider's reference, or {@code null} (synthetic, declined)
 * @param createdAt when the backend created it
 */
public record Order(
    OrderId orderId,
    CartId cartId,
    OrderStatus status,
    Money total,
    boolean synthetic,
    @Nullable String paymentReference,
    Instant createdAt) {

  /**
   * Checks the components.
   *
   * @param orderId its id
   * @param cartId the cart it was placed from
   * @param status where it stands
   * @param total what was (or would have been) charged
   * @param synthetic whether it is probe traffic (never fulfilled or charged)
   * @param paymentReference the payment provider's reference, or {@code null} (synthetic, declined)
   * @param createdAt when the backend created it
   */
  public Order {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(cartId, "cartId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** {@return the payment provider's reference, when a payment was captured} */
  public Optional<String> payment() {
    return Optional.ofNullable(paymentReference);
  }
}
