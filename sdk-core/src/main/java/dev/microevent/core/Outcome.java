package dev.microevent.core;

/**
 * How one attempt or one logical call ended. Used as a bounded metric tag and in events.
 */
public enum Outcome {
  /** 2xx. */
  SUCCESS,
  /**
   * 4xx other than 408 and 429: the request itself was refused; also a 2xx answer longer than the
   * client reads ({@link ResponseTooLargeException}). Not retried, not held against the plane.
   */
  CLIENT_ERROR,
  /** 5xx, 408 or 429: the plane could not serve it. */
  SERVER_ERROR,
  /** The attempt timeout or the call deadline passed. */
  TIMEOUT,
  /** Connection refused, reset, or a truncated or unreadable response. */
  CONNECTION_FAILURE,
  /** Refused locally by the service mode; nothing was sent. */
  SHED,
  /** Refused locally by a breaker, bulkhead, rate limit or failover cap; nothing was sent. */
  REJECTED,
  /** No plane could take the call. */
  NO_ROUTE,
  /**
   * The calling thread was interrupted, so the exchange was given up; it says nothing about the
   * plane (not a failure for outlier detection, the breaker or the error budget) and is not retried.
   */
  CANCELLED;

  /** Computed once: the tag is read on every call. */
  private final String tag = name().toLowerCase(java.util.Locale.ROOT);

  /** {@return the metric tag value: lower case} */
  public String tag() {
    return tag;
  }
}
