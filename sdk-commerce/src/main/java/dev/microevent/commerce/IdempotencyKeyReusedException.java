package dev.microevent.commerce;

import dev.microevent.core.HttpServiceException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The backend answered 422: this checkout's idempotency key was already used with a different
 * payload (draft-ietf-httpapi-idempotency-key-header). Nothing new was charged by this request.
 * The journal closes the checkout, so the next submit of the cart gets a fresh key; check the
 * earlier checkout with {@link Checkout#resolve(CheckoutId)} before paying again.
 */
public final class IdempotencyKeyReusedException extends HttpServiceException {
  private static final long serialVersionUID = 1L;
  /** The checkout whose idempotency key the backend refused. */
  private final CheckoutId checkoutId;

  /**
   * Creates the exception.
   *
   * @param checkoutId the checkout whose key was refused
   * @param source who answered: the plane
   * @param body the problem document
   * @param requestId the server's request id, if any
   * @param retryAfter the server's {@code Retry-After}, if any
   */
  public IdempotencyKeyReusedException(CheckoutId checkoutId, String source, byte[] body, @Nullable String requestId,
      @Nullable Duration retryAfter) {
    super(source, 422, body, requestId, retryAfter);
    this.checkoutId = checkoutId;
  }

  /** {@return the checkout whose key the backend refused} */
  public CheckoutId checkoutId() {
    return checkoutId;
  }

  @Override
  public String getMessage() {
    return "checkout " + checkoutId + " was refused with 422: its idempotency key was already used with a "
        + "different payload; nothing new was charged. Resolve the earlier checkout, then submit again "
        + "(a fresh key is used). " + super.getMessage();
  }
}
