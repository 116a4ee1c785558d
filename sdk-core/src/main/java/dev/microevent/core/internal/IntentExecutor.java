package dev.microevent.core.internal;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.Outcome;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.time.Ticker;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One intent's resilience stack, outer to inner: rate limiter → bulkhead → circuit breaker (judges
 * logical calls) → retry loop (retries retryable attempt failures with backoff and jitter, none
 * after the deadline). The local admission controls run first: a call they refuse never reached
 * the remote, so it must not count for the breaker nor use up a half-open probe, and it is refused
 * at once with a typed {@link CallRejectedException}. The deadline itself is enforced by OkHttp:
 * each attempt's call timeout is the time left, and OkHttp cancels the exchange when it passes.
 *
 * <p>Time: the rate limiter's periods and the breaker's window are read on the client's {@link
 * Ticker}; the breaker's open delay and the backoff between attempts are timers on the client's
 * scheduler ({@link Waiter}), never a sleeping thread; so virtual time drives all of them in
 * tests. All of it is our own code: Failsafe's retry, breaker and rate limiter read {@code
 * System.nanoTime()} inside, and its bulkhead loses a permit per refusal (failsafe-lib/failsafe#393).
 */
final class IntentExecutor implements AutoCloseable {
  private final Intent intent;
  private final IntentPolicy policy;
  private final RetryBudgetTracker budget;
  private final @Nullable TokenBucket rateLimiter;
  /** The bulkhead: a plain semaphore, never waited on. */
  private final @Nullable Semaphore bulkhead;
  private final @Nullable CircuitBreaker breaker;
  private final Backoff backoff;
  private final Ticker ticker;
  private final Waiter waiter;
  private final Supplier<RandomGenerator> random;

  /** One attempt of a call; throws an {@link AttemptFailure} when it fails. */
  @FunctionalInterface
  interface Attempt {
    /**
     * Runs attempt {@code number}.
     *
     * @param number 1 for the first attempt
     * @return the response
     */
    EdgeResponse run(int number);
  }

  IntentExecutor(Intent intent, IntentPolicy policy, Ticker ticker, ScheduledExecutorService scheduler, Waiter waiter,
      Supplier<RandomGenerator> random, ClientMeters meters) {
    this.intent = intent;
    this.policy = policy;
    this.ticker = ticker;
    this.waiter = waiter;
    this.random = random;
    this.budget = new RetryBudgetTracker(policy.retryBudget(), ticker);
    this.rateLimiter = policy.rateLimit().map(rl -> TokenBucket.bursty(rl.permits(), rl.period(), ticker)).orElse(null);
    this.bulkhead = policy.bulkhead() > 0 ? new Semaphore(policy.bulkhead()) : null;
    this.breaker = policy.circuitBreaker()
        .map(cb -> new CircuitBreaker(intent.toString(), cb, ticker, scheduler,
            to -> meters.count("microevent.client.breaker.transitions", "intent", intent.name(), "to", to.tag())))
        .orElse(null);
    this.backoff = backoff(policy.retry());
  }

  private static Backoff backoff(RetryConfig config) {
    return Backoff.exponential(config.initialBackoff(), config.maxBackoff())
        .withJitter(Backoff.Jitter.proportional(config.jitter()));
  }

  /** {@return the intent whose calls this executes} */
  Intent intent() {
    return intent;
  }

  IntentPolicy policy() {
    return policy;
  }

  RetryBudgetTracker budget() {
    return budget;
  }

  /**
   * Runs one logical call: refused at once by the rate limit, a full bulkhead or an open breaker,
   * else its attempts run in the retry loop.
   *
   * @param startNanos when the call started, on the ticker
   * @param attempts one attempt per invocation
   * @return the response
   * @throws CallRejectedException when the rate limit, the bulkhead or the breaker refuses the call
   * @throws AttemptFailure when the last attempt failed, or the caller was interrupted between two
   */
  EdgeResponse execute(long startNanos, Attempt attempts) {
    TokenBucket limiter = rateLimiter;
    if (limiter != null && !limiter.tryTake()) {
      throw new CallRejectedException(CallRejectedException.Reason.RATE_LIMITED,
          "rate limit of " + intent + " reached");
    }
    Semaphore slots = bulkhead;
    if (slots == null) {
      return guarded(startNanos, attempts);
    }
    if (!slots.tryAcquire()) {
      throw new CallRejectedException(CallRejectedException.Reason.BULKHEAD_FULL,
          "bulkhead of " + intent + " is full (" + policy.bulkhead() + " calls in flight)");
    }
    try {
      return guarded(startNanos, attempts);
    } finally {
      slots.release();
    }
  }

  /** The breaker around the retry loop: it judges the logical call, not each attempt. */
  private EdgeResponse guarded(long startNanos, Attempt attempts) {
    CircuitBreaker b = breaker;
    if (b == null) {
      return retrying(startNanos, attempts);
    }
    if (!b.tryAcquire()) {
      throw new CallRejectedException(CallRejectedException.Reason.CIRCUIT_OPEN,
          "circuit breaker of " + intent + " is open after repeated failures; calls resume after its open delay");
    }
    boolean reported = false;
    try {
      EdgeResponse response = retrying(startNanos, attempts);
      b.onSuccess();
      reported = true;
      return response;
    } catch (AttemptFailure f) {
      Outcome outcome = f.outcome();
      if (Outcomes.isRemoteFailure(outcome)) {
        b.onFailure();
      } else if (Outcomes.isAnswer(outcome)) {
        b.onSuccess(); // the remote answered: a 4xx is the request's fault, not the dependency's
      } else {
        b.onIgnored();
      }
      reported = true;
      throw f;
    } finally {
      if (!reported) {
        b.onIgnored(); // an unexpected failure of our own: says nothing about the remote
      }
    }
  }

  /**
   * The retry loop: a retryable failure is retried after the backoff (jittered, capped at the time
   * left) while attempts and deadline allow; none starts at or after the deadline. The wait is a timer
   * on the scheduler; an interrupt during it gives the call up.
   */
  private EdgeResponse retrying(long startNanos, Attempt attempts) {
    long deadlineNanos = Backoff.nanos(policy.deadline());
    for (int attempt = 1; ; attempt++) {
      try {
        return attempts.run(attempt);
      } catch (AttemptFailure failure) {
        if (!failure.retryable() || attempt >= policy.retry().maxAttempts()) {
          throw failure;
        }
        long elapsed = ticker.read() - startNanos;
        if (elapsed >= deadlineNanos) {
          throw failure; // a retry at the deadline could only fail with it
        }
        long delay = Math.min(backoff.delayNanos(attempt, random.get()), deadlineNanos - elapsed);
        try {
          waiter.await(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // keep the caller's interrupt visible
          throw new AttemptFailure(new SdkClientException("the calling thread was interrupted while " + intent
              + " waited to retry; the call is not retried", e), false, Outcome.CANCELLED);
        }
      }
    }
  }

  /**
   * Cancels the breaker's pending move to half-open (the client closed, or a new policy replaced
   * this stack), so nothing of it is left on a scheduler the app owns.
   */
  @Override
  public void close() {
    if (breaker != null) {
      breaker.close();
    }
  }

  /** For tests: the breaker's state, or null without one. */
  CircuitBreaker.@Nullable State breakerState() {
    return breaker == null ? null : breaker.state();
  }
}
