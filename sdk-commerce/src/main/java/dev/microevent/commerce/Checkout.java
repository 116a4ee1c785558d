package dev.microevent.commerce;

import java.util.List;

/**
 * Checkout that never double-charges. Each cart is one logical checkout with one idempotency key,
 * written to a local journal before anything is sent and reused on every retry, on failover to
 * the central plane, and after an app restart. The answer is always definite: {@link
 * CheckoutOutcome#PAID}, {@link CheckoutOutcome#FAILED} or {@link CheckoutOutcome#UNKNOWN}
 * ("resolve with order status"). Reached through {@link CommerceClient#checkout()}.
 *
 * <pre>{@code
 * CheckoutResult r = commerce.checkout().submit(request);
 * switch (r.outcome()) {
 *   case PAID -> showReceipt(r.order().orElseThrow());
 *   case FAILED -> askAgain(r.failureReason().orElseThrow());
 *   case UNKNOWN -> showPending(r.checkoutId()); // later: commerce.checkout().resolve(r.checkoutId())
 * }
 * }</pre>
 *
 * <p>Thread-safe: a double tap that submits the same cart twice at once still charges once.
 */
public interface Checkout {

  /**
   * Checks a cart out: places the order and captures the payment, once. If the cart was already
   * paid, returns that result without a new call; if its last checkout is still unknown and the
   * request is the same, sends it again under the same key (resume).
   *
   * @param request what to check out
   * @return the definite answer
   * @throws CheckoutInProgressException if the cart's unknown checkout had a different payload
   * @throws IdempotencyKeyReusedException if the backend says the key was used for another payload
   * @throws CheckoutJournalException if the journal cannot be written (nothing was sent)
   */
  CheckoutResult submit(CheckoutRequest request);

  /**
   * Asks the backend what became of a checkout (order status by key) and records the answer.
   *
   * @param checkoutId the checkout
   * @return PAID or FAILED when the backend knows, UNKNOWN while it is still processing or cannot
   *     be reached
   * @throws IllegalArgumentException if the journal has no such checkout
   */
  CheckoutResult resolve(CheckoutId checkoutId);

  /**
   * Checkouts whose outcome is unknown (in flight, or interrupted by an error or a crash).
   *
   * @return them, oldest first
   */
  List<PendingCheckout> pending();

  /**
   * Resolves every pending checkout; call it at app start.
   *
   * @return one result per pending checkout
   */
  List<CheckoutResult> resolvePending();

  /**
   * Counts of checkout answers given by this client.
   *
   * @return a snapshot
   */
  CheckoutStats stats();
}
