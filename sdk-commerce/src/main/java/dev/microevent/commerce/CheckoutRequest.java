package dev.microevent.commerce;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to check out: a cart, the total the buyer agreed to, and how they pay. Immutable and
 * thread-safe; built with {@link #builder()}.
 *
 * <pre>{@code
 * CheckoutRequest req = CheckoutRequest.builder()
 *     .cart(cart.cartId())
 *     .total(cart.total())
 *     .payment(PaymentToken.of(tokenFromPaymentSheet))
 *     .build();
 * }</pre>
 */
public final class CheckoutRequest {
  private final CartId cartId;
  private final Money total;
  private final PaymentToken payment;

  private CheckoutRequest(Builder b) {
    this.cartId = Objects.requireNonNull(b.cartId, "cart is required");
    this.total = Objects.requireNonNull(b.total, "total is required");
    this.payment = Objects.requireNonNull(b.payment, "payment is required");
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the cart; one cart is one logical checkout} */
  public CartId cartId() {
    return cartId;
  }

  /** {@return the total the buyer agreed to; the backend refuses the checkout if the cart costs more} */
  public Money total() {
    return total;
  }

  /** {@return how the buyer pays} */
  public PaymentToken payment() {
    return payment;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckoutRequest r && r.cartId.equals(cartId) && r.total.equals(total)
        && r.payment.equals(payment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cartId, total, payment);
  }

  @Override
  public String toString() {
    return "CheckoutRequest{cart=" + cartId + ", total=" + total + ", payment=" + payment + "}";
  }

  /** Builds a {@link CheckoutRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable CartId cartId;
    private @Nullable Money total;
    private @Nullable PaymentToken payment;

    private Builder() {}

    /**
     * The cart to check out (required).
     *
     * @param cartId the cart
     * @return this builder
     */
    public Builder cart(CartId cartId) {
      this.cartId = Objects.requireNonNull(cartId, "cartId");
      return this;
    }

    /**
     * The total the buyer agreed to (required).
     *
     * @param total the total
     * @return this builder
     */
    public Builder total(Money total) {
      this.total = Objects.requireNonNull(total, "total");
      return this;
    }

    /**
     * The payment method token (required).
     *
     * @param payment the token
     * @return this builder
     */
    public Builder payment(PaymentToken payment) {
      this.payment = Objects.requireNonNull(payment, "payment");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws NullPointerException naming the missing part
     */
    public CheckoutRequest build() {
      return new CheckoutRequest(this);
    }
  }
}
