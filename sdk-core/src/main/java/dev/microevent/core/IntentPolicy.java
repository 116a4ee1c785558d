package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The resilience rules of one intent: per-attempt timeout, overall deadline, retries with a
 * retry budget, circuit breaker, bulkhead and rate limit. Immutable and thread-safe; derive
 * variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * IntentPolicy payment = IntentPolicy.defaultsFor(Intent.PAYMENT).toBuilder()
 *     .deadline(Duration.ofSeconds(6))
 *     .bulkhead(32)
 *     .build();
 * }</pre>
 *
 * @see MicroEventClient.Builder#policy(Intent, IntentPolicy)
 */
public final class IntentPolicy {
  private final Duration attemptTimeout;
  private final Duration deadline;
  private final RetryConfig retry;
  private final RetryBudget retryBudget;
  private final @Nullable CircuitBreakerConfig circuitBreaker;
  private final int bulkhead;
  private final @Nullable RateLimit rateLimit;

  private IntentPolicy(Builder b) {
    this.attemptTimeout = b.attemptTimeout;
    this.deadline = b.deadline;
    this.retry = b.retry;
    this.retryBudget = b.retryBudget;
    this.circuitBreaker = b.circuitBreaker;
    this.bulkhead = b.bulkhead;
    this.rateLimit = b.rateLimit;
  }

  /**
   * A builder starting from the generic defaults (1 s attempts, 3 s deadline, default retries,
   * budget and breaker, no bulkhead, no rate limit).
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SDK's defaults for an intent, tuned by criticality: CRITICAL intents (payments, gate
   * scans, control) get 2 s attempts within an 8 s deadline, DEGRADED ones 1 s attempts within
   * 3 s, NON_ESSENTIAL ones 1 s attempts within 2 s and no retries. All get the default retry
   * budget and circuit breaker.
   *
   * @param intent the intent
   * @return its default policy
   */
  public static IntentPolicy defaultsFor(Intent intent) {
    Builder b = builder();
    switch (intent.criticality()) {
      case CRITICAL -> b.attemptTimeout(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(8));
      case DEGRADED -> b.attemptTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(3));
      case NON_ESSENTIAL ->
          b.attemptTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(2)).retry(RetryConfig.none());
    }
    return b.build();
  }

  /** {@return a builder holding this policy's values} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Longest time one attempt (one HTTP exchange) may take; it is cancelled after.
   *
   * @return the longest time one attempt (one HTTP exchange) may take before it is cancelled
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Longest time the whole logical call may take, retries and failover included.
   *
   * @return the longest time the whole logical call may take, retries and failover included
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Retry attempts and backoff.
   *
   * @return how many times and after what backoff a failed attempt is retried
   */
  public RetryConfig retry() {
    return retry;
  }

  /** {@return the share of recent traffic that retries may add} */
  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /** {@return the circuit breaker, or empty when disabled} */
  public Optional<CircuitBreakerConfig> circuitBreaker() {
    return Optional.ofNullable(circuitBreaker);
  }

  /**
   * Most logical calls in flight at once; 0 means unbounded.
   *
   * @return the most logical calls of the intent in flight at once, or 0 when unbounded
   */
  public int bulkhead() {
    return bulkhead;
  }

  /** {@return the rate limit, or empty when unlimited} */
  public Optional<RateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IntentPolicy p)) {
      return false;
    }
    return attemptTimeout.equals(p.attemptTimeout)
        && deadline.equals(p.deadline)
        && retry.equals(p.retry)
        && retryBudget.equals(p.retryBudget)
        && Objects.equals(circuitBreaker, p.circuitBreaker)
        && bulkhead == p.bulkhead
        && Objects.equals(rateLimit, p.rateLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(attemptTimeout, deadline, retry, retryBudget, circuitBreaker, bulkhead, rateLimit);
  }

  @Override
  public String toString() {
    return "IntentPolicy{attemptTimeout=" + attemptTimeout + ", deadline=" + deadline + ", retry=" + retry
        + ", retryBudget=" + retryBudget + ", circuitBreaker=" + circuitBreaker + ", bulkhead=" + bulkhead
        + ", rateLimit=" + rateLimit + "}";
  }

  /** Builds an {@link IntentPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration attemptTimeout = Duration.ofSeconds(1);
    private Duration deadline = Duration.ofSeconds(3);
    private RetryConfig retry = RetryConfig.defaults();
    private RetryBudget retryBudget = RetryBudget.defaults();
    private @Nullable CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.defaults();
    private int bulkhead;
    private @Nullable RateLimit rateLimit;

    private Builder() {}

    private Builder(IntentPolicy p) {
      attemptTimeout = p.attemptTimeout;
      deadline = p.deadline;
      retry = p.retry;
      retryBudget = p.retryBudget;
      circuitBreaker = p.circuitBreaker;
      bulkhead = p.bulkhead;
      rateLimit = p.rateLimit;
    }

    /**
     * Longest time one attempt may take; default 1 s. Shorter fails over to the next plane
     * sooner when an edge is slow.
     *
     * @param attemptTimeout positive duration
     * @return this builder
     */
    public Builder attemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = positive(attemptTimeout, "attemptTimeout");
      return this;
    }

    /**
     * Longest time the whole logical call may take; default 3 s. The user is waiting: keep it
     * below what a person tolerates at the till.
     *
     * @param deadline positive duration
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /**
     * Retry attempts and backoff; default {@link RetryConfig#defaults()}.
     *
     * @param retry the retry rules
     * @return this builder
     */
    public Builder retry(RetryConfig retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Retry budget; default {@link RetryBudget#defaults()}.
     *
     * @param retryBudget the budget
     * @return this builder
     */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      return this;
    }

    /**
     * Circuit breaker; default {@link CircuitBreakerConfig#defaults()}; {@code null} disables it.
     *
     * @param circuitBreaker the breaker rules, or null
     * @return this builder
     */
    public Builder circuitBreaker(@Nullable CircuitBreakerConfig circuitBreaker) {
      this.circuitBreaker = circuitBreaker;
      return this;
    }

    /**
     * Most logical calls in flight at once; default 0 (unbounded). Set it so one intent cannot
     * take every connection and thread.
     *
     * @param maxConcurrent 0 (unbounded) or more
     * @return this builder
     */
    public Builder bulkhead(int maxConcurrent) {
      if (maxConcurrent < 0) {
        throw new IllegalArgumentException("bulkhead must be >= 0, got " + maxConcurrent);
      }
      this.bulkhead = maxConcurrent;
      return this;
    }

    /**
     * Rate limit; default none.
     *
     * @param rateLimit the limit, or null for none
     * @return this builder
     */
    public Builder rateLimit(@Nullable RateLimit rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws IllegalStateException if the attempt timeout exceeds the deadline
     */
    public IntentPolicy build() {
      if (attemptTimeout.compareTo(deadline) > 0) {
        throw new IllegalStateException(
            "attemptTimeout " + attemptTimeout + " exceeds deadline " + deadline);
      }
      return new IntentPolicy(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (!(d.compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
