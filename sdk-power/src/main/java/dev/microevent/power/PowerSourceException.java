package dev.microevent.power;

import dev.microevent.core.SdkClientException;
import org.jspecify.annotations.Nullable;

/**
 * A power source gave no usable reading: it is unreachable, its data is stale or unknown, or it
 * answered something malformed. {@link #isStale()} tells "the value is unknown right now" (a
 * reading must never be read as zero then) apart from other failures.
 *
 * <p>Immutable and thread-safe.
 */
public class PowerSourceException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /** Whether the source's data is stale because of this failure. */
  private final boolean stale;
  /** Whether trying again may succeed. */
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do; never credentials
   * @param cause the underlying failure, if any
   * @param stale whether it means "data unknown / stale"
   * @param retryable whether a later read may succeed
   */
  public PowerSourceException(String message, @Nullable Throwable cause, boolean stale, boolean retryable) {
    super(message, cause);
    this.stale = stale;
    this.retryable = retryable;
  }

  /** {@return whether this means the source's data is unknown or stale right now (never zero)} */
  public boolean isStale() {
    return stale;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
