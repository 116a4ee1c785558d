package dev.microevent.core.internal;

import dev.microevent.core.Outcome;
import dev.microevent.core.SdkException;

/**
 * Carries a failed attempt through Failsafe: the exception the caller will see, whether the retry
 * policy may retry it, and whether the circuit breaker counts it. Never leaves the client.
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

  /**
   * Whether the breaker should count it: the remote side failed, by the same outcomes outlier
   * detection counts against a plane. Local refusals (no route under failover backpressure, an
   * exhausted retry budget) are not the dependency's fault.
   */
  boolean countsAgainstBreaker() {
    return OutlierDetector.isFailure(outcome);
  }
}
