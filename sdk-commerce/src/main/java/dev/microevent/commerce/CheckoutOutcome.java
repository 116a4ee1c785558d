package dev.microevent.commerce;

/**
 * The definite answer of a checkout. There is no fourth state: a checkout is never silently
 * lost. This enum is immutable and thread-safe.
 */
public enum CheckoutOutcome {
  /** The payment was captured exactly once. */
  PAID,
  /** Nothing was charged (declined, refused, or never sent); see the failure reason. */
  FAILED,
  /**
   * The request may have reached the backend but no answer came back. The checkout stays in the
   * journal with its key: resolve it with {@link Checkout#resolve(CheckoutId)} (order status) or
   * submit the same request again, which reuses the key and so cannot charge twice.
   */
  UNKNOWN
}
