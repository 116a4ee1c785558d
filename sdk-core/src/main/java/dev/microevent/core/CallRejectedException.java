package dev.microevent.core;

/**
 * The intent's own protection refused the call before it left: its circuit breaker is open, its
 * bulkhead is full or its rate limit is reached. Nothing went to the network.
 */
public final class CallRejectedException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** Which protection refused the call. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason which protection refused
   * @param message details and what to do next
   */
  public CallRejectedException(Reason reason, String message) {
    super(message, null);
    this.reason = reason;
  }

  /** {@return which protection refused} */
  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  /** Which protection refused a call. */
  public enum Reason {
    /** The intent's circuit breaker is open (or half-open with all probes in flight). */
    CIRCUIT_OPEN,
    /** The intent's bulkhead has no free slot. */
    BULKHEAD_FULL,
    /** The intent's rate limit is reached. */
    RATE_LIMITED
  }
}
