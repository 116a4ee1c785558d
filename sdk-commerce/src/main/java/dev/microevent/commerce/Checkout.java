package dev.microevent.commerce;

import java.util.List;

/**
 * Checkout that never double-charges. Each cart is one logical checkout with one idempotency key,
 * written to a local journal before anything is sent and reused on every retry, on failover to
 * the central plane, and after an app restart. The answer is always definite: {@link
 * CheckoutOutcome#PAID}, {@link CheckoutOutcome#FAILED} or {@link CheckoutOutcome#UNKNOWN}
 * ("resolve it"). FAILED means no request with the key can ever be charged (the backend closed the
 * key, or nothing was sent), so paying again under a new key is safe. Reached through {@link
 * CommerceClient#checkout()}.
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
 * <p>Thread-safe: a double tap that submits the same cart twice at once still charges once, and
 * when two paths of one checkout answer at once (a double tap, a resolve racing a resubmit), the
 * one that loses the race reports what the other recorded.
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
   * Settles a checkout of unknown outcome and records the answer. Unless none of its sends ever
   * left, it <em>fences</em> the key at the backend ({@code PUT /commerce/v1/checkouts/{key}/fence}):
   * the backend either says what became of the checkout, or closes the key so that a copy of the
   * request still on its way (queued by a plane) is refused and never charged. Only then is
   * {@link CheckoutResult.FailureReason#NOT_RECEIVED} answered. While a send of the checkout from
   * this app is still in flight, nothing is fenced and the answer is UNKNOWN. A checkout the
   * backend abandoned (stuck past its processing bound) is {@link
   * CheckoutResult.FailureReason#ABANDONED}; a key the backend no longer remembers (older than its
   * retention, 410 {@code idempotency-key-expired}) stays UNKNOWN.
   *
   * @param checkoutId the checkout
   * @return PAID or FAILED when settled, UNKNOWN while it is still being sent or processed, or the
   *     backend cannot be reached or no longer remembers the key
   * @throws IllegalArgumentException if the journal has no such checkout
   * @throws UnsupportedBackendException if what answered the fence does not implement commerce API
   *     1.1 (fences); the checkout stays pending
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
   * @throws UnsupportedBackendException if the backend does not implement fences (see {@link
   *     #resolve})
   */
  List<CheckoutResult> resolvePending();

  /**
   * Counts of checkout answers given by this client.
   *
   * @return a snapshot
   */
  CheckoutStats stats();
}
