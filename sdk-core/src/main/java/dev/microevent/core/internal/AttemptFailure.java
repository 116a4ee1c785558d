package dev.microevent.core.internal;

import dev.microevent.core.Outcome;
import dev.microevent.core.SdkException;

/**
 * Carries a failed attempt through the intent's retry loop and breaker: the exception the caller
 * will see, whether the loop may retry it, and its outcome (which the breaker judges with {@link
 * Outcomes}). Never leaves the client.
 */
final class AttemptFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient SdkException failure;
  private final boolean retryable;
  private final Outcome outcome;

  AttemptFailure(SdkException failure, boolean retryable, Outcome outcome) {
    super(failure.getMessage(), null, false, false);
    this.failure = failure;
    this.retryable = retryable;
    this.outcome = outcome;
  }

  SdkException failure() {
    return failure;
  }

  boolean retryable() {
    return retryable;
  }

  Outcome outcome() {
    return outcome;
  }
}
