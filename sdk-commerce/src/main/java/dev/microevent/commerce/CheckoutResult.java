package dev.microevent.commerce;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a checkout: {@link CheckoutOutcome#PAID PAID}, {@link CheckoutOutcome#FAILED
 * FAILED} (with a reason), or {@link CheckoutOutcome#UNKNOWN UNKNOWN} (resolve with order
 * status). Immutable and thread-safe.
 */
public final class CheckoutResult {
  private final CheckoutOutcome outcome;
  private final CheckoutId checkoutId;
  private final CartId cartId;
  private final @Nullable Order order;
  private final @Nullable FailureReason failureReason;
  private final String detail;

  private CheckoutResult(CheckoutOutcome outcome, CheckoutId checkoutId, CartId cartId, @Nullable Order order,
      @Nullable FailureReason failureReason, String detail) {
    this.outcome = outcome;
    this.checkoutId = checkoutId;
    this.cartId = cartId;
    this.order = order;
    this.failureReason = failureReason;
    this.detail = detail;
  }

  /**
   * A paid checkout.
   *
   * @param id the checkout
   * @param order the paid order
   * @return the result
   */
  public static CheckoutResult paid(CheckoutId id, Order order) {
    return new CheckoutResult(CheckoutOutcome.PAID, id, order.cartId(), order, null, "paid");
  }

  /**
   * A failed checkout (nothing charged).
   *
   * @param id the checkout
   * @param cartId its cart
   * @param reason why
   * @param order the declined order, if the backend created one
   * @param detail what happened and what to do, for people
   * @return the result
   */
  public static CheckoutResult failed(CheckoutId id, CartId cartId, FailureReason reason, @Nullable Order order,
      String detail) {
    return new CheckoutResult(CheckoutOutcome.FAILED, id, cartId, order, Objects.requireNonNull(reason, "reason"),
        detail);
  }

  /**
   * A checkout whose outcome is not known yet.
   *
   * @param id the checkout
   * @param cartId its cart
   * @param detail what happened
   * @return the result
   */
  public static CheckoutResult unknown(CheckoutId id, CartId cartId, String detail) {
    return new CheckoutResult(CheckoutOutcome.UNKNOWN, id, cartId, null, null, detail);
  }

  /** {@return the outcome: paid, failed (nothing charged) or unknown} */
  public CheckoutOutcome outcome() {
    return outcome;
  }

  /** {@return whether the payment was captured} */
  public boolean paid() {
    return outcome == CheckoutOutcome.PAID;
  }

  /** {@return the logical checkout (its idempotency key)} */
  public CheckoutId checkoutId() {
    return checkoutId;
  }

  /** {@return the cart that was checked out} */
  public CartId cartId() {
    return cartId;
  }

  /** {@return the order, when the backend created one (paid or declined)} */
  public Optional<Order> order() {
    return Optional.ofNullable(order);
  }

  /**
   * Why it failed, for {@link CheckoutOutcome#FAILED}.
   *
   * @return the reason nothing was charged when the outcome is {@link CheckoutOutcome#FAILED}, else
   *     empty
   */
  public Optional<FailureReason> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  /** {@return what happened and what to do next, for logs and support (no secrets)} */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return "CheckoutResult{" + outcome + (failureReason == null ? "" : " " + failureReason) + ", checkout="
        + checkoutId + ", cart=" + cartId + (order == null ? "" : ", order=" + order.orderId()) + ", " + detail + "}";
  }

  /** Why a checkout failed; in every case nothing was charged. */
  public enum FailureReason {
    /** The payment provider declined; ask for another payment method. */
    DECLINED,
    /** The backend refused the request (unknown or empty cart, total mismatch); fix it first. */
    INVALID_REQUEST,
    /** A product in the cart sold out. */
    SOLD_OUT,
    /**
     * The SDK did not send it (the service mode shed payments, or a breaker or rate limit refused
     * it), and no other send of the same checkout ever left; safe to submit again.
     */
    NOT_SENT,
    /**
     * The backend never charged it and has closed (fenced) its key: resolving found it was never
     * received, or this request arrived after such a fence. A copy still on its way is refused, so
     * it is safe to submit again.
     */
    NOT_RECEIVED,
    /**
     * The backend received it but could not finish it within its processing bound, and abandoned
     * it: it made sure nothing is or will be charged under its key (see {@code
     * docs/commerce-api.yaml}). Safe to submit again.
     */
    ABANDONED
  }
}
