package dev.microevent.core;

import org.jspecify.annotations.Nullable;

/**
 * No plane could take the call: every edge plane is unhealthy or ejected and the central plane
 * refused it (see {@link #reason()}).
 */
public class NoRouteException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** Why there was no route. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why there was no route
   * @param message details and what to do next
   * @param cause the last failure seen, if any
   */
  public NoRouteException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * Why there was no route.
   *
   * @return why there was no route
   */
  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  /** Why a call found no route. */
  public enum Reason {
    /** Failed over to the central plane, but the failover backpressure cap was reached. */
    FAILOVER_CAPACITY,
    /** Failed over, and the intent is not allowed to fail over (NON_ESSENTIAL). */
    FAILOVER_NOT_ALLOWED,
    /** Every plane was already tried by this call and failed. */
    PLANES_EXHAUSTED,
    /** A transport binder (for example a 5G slice rule) refused every route. */
    BINDING_REFUSED
  }
}
