package dev.microevent.core.internal;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.function.ContextualSupplier;
import dev.microevent.core.CallRejectedException;
import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One intent's resilience stack, outer to inner: rate limiter → bulkhead → circuit breaker (judges
 * logical calls) → retry policy (retries retryable attempt failures, none after the deadline).
 * The local admission controls run before the Failsafe executor: a call they refuse never reached
 * the remote, so it must not count for the breaker (Failsafe would record it as a success) nor use
 * up a half-open probe, and it is refused at once with a typed {@link CallRejectedException}. The
 * deadline itself is enforced by OkHttp: each attempt's call timeout is the time left, and OkHttp
 * cancels the exchange when it passes (a Failsafe Timeout alone would not stop the blocked call,
 * and would cost a scheduler round-trip per call). The breaker's open delay
 * runs on the client's scheduler, so virtual time drives it in tests. Failsafe stays in here.
 */
final class IntentExecutor {
  private static final Logger log = LoggerFactory.getLogger(IntentExecutor.class);

  private final Intent intent;
  private final IntentPolicy policy;
  private final RetryBudgetTracker budget;
  private final @Nullable RateLimiter<EdgeResponse> rateLimiter;
  /**
   * The bulkhead: a plain semaphore, never waited on. Not Failsafe's {@code Bulkhead}: in 3.3.2
   * (the last release) a refusal with a zero wait leaves its waiter queued, the next released
   * permit goes to that abandoned waiter, and so every refusal loses a permit until the intent is
   * refused for good (failsafe-lib/failsafe#393, open).
   */
  private final @Nullable Semaphore bulkhead;
  private final FailsafeExecutor<EdgeResponse> failsafe;
  private final @Nullable CircuitBreaker<EdgeResponse> breaker;
  private @Nullable ScheduledFuture<?> pendingHalfOpen;
  private boolean closed;

  IntentExecutor(Intent intent, IntentPolicy policy, Clock clock, ScheduledExecutorService scheduler,
      ClientMeters meters) {
    this.intent = intent;
    this.policy = policy;
    this.budget = new RetryBudgetTracker(policy.retryBudget(), clock);
    this.rateLimiter = policy.rateLimit()
        .map(rl -> RateLimiter.<EdgeResponse>burstyBuilder(rl.permits(), rl.period()).build())
        .orElse(null);
    this.bulkhead = policy.bulkhead() > 0 ? new Semaphore(policy.bulkhead()) : null;
    List<Policy<EdgeResponse>> stack = new ArrayList<>();
    this.breaker = policy.circuitBreaker().map(cb -> breaker(cb, scheduler, meters)).orElse(null);
    if (breaker != null) {
      stack.add(breaker);
    }
    stack.add(retry(policy.retry(), policy.deadline()));
    this.failsafe = Failsafe.with(stack);
  }

  IntentPolicy policy() {
    return policy;
  }

  RetryBudgetTracker budget() {
    return budget;
  }

  /**
   * Runs one logical call: refused at once by the rate limit or a full bulkhead, else its attempts
   * run under the breaker and the retry policy.
   *
   * @param attempts one attempt per invocation
   * @return the response
   * @throws CallRejectedException when the rate limit or the bulkhead refuses the call
   */
  EdgeResponse execute(ContextualSupplier<EdgeResponse, EdgeResponse> attempts) {
    RateLimiter<EdgeResponse> limiter = rateLimiter;
    if (limiter != null && !limiter.tryAcquirePermit()) {
      throw new CallRejectedException(CallRejectedException.Reason.RATE_LIMITED,
          "rate limit of " + intent + " reached");
    }
    Semaphore slots = bulkhead;
    if (slots == null) {
      return failsafe.get(attempts);
    }
    if (!slots.tryAcquire()) {
      throw new CallRejectedException(CallRejectedException.Reason.BULKHEAD_FULL,
          "bulkhead of " + intent + " is full (" + policy.bulkhead() + " calls in flight)");
    }
    try {
      return failsafe.get(attempts);
    } finally {
      slots.release();
    }
  }

  /** Whether a failure thrown by the stack counts against the breaker. */
  static boolean isBreakerFailure(@Nullable Throwable f) {
    return f instanceof AttemptFailure af && af.countsAgainstBreaker();
  }

  private static RetryPolicy<EdgeResponse> retry(RetryConfig config, Duration deadline) {
    RetryPolicyBuilder<EdgeResponse> b = RetryPolicy.<EdgeResponse>builder()
        .handleIf((result, failure) -> failure instanceof AttemptFailure af && af.retryable())
        .withMaxAttempts(config.maxAttempts())
        // No retry starts after the deadline; each attempt's OkHttp call timeout is capped by
        // the time left, so the deadline cancels the exchange in flight.
        .withMaxDuration(deadline);
    Duration initial = config.initialBackoff();
    Duration max = config.maxBackoff();
    if ((initial.compareTo(Duration.ZERO) > 0)) {
      if (max.compareTo(initial) > 0) {
        b.withBackoff(initial, max);
      } else {
        b.withDelay(initial);
      }
      if (config.jitter() > 0) {
        b.withJitter(config.jitter());
      }
    }
    return b.build();
  }

  private CircuitBreaker<EdgeResponse> breaker(CircuitBreakerConfig cb, ScheduledExecutorService scheduler,
      ClientMeters meters) {
    AtomicLong openings = new AtomicLong();
    CircuitBreaker<?>[] self = new CircuitBreaker<?>[1];
    CircuitBreaker<EdgeResponse> built = CircuitBreaker.<EdgeResponse>builder()
        .handleIf((result, failure) -> isBreakerFailure(failure))
        .withFailureRateThreshold(cb.failureRatePercent(), cb.minimumCalls(), cb.window())
        .withSuccessThreshold(cb.halfOpenProbes())
        // The open delay is driven by our scheduler (virtual time in tests), not Failsafe's clock.
        .withDelay(Duration.ofDays(365))
        .onOpen(e -> {
          long generation = openings.incrementAndGet();
          transition(meters, "open");
          scheduleHalfOpen(scheduler, () -> {
            CircuitBreaker<?> b = self[0];
            if (b != null && b.isOpen() && openings.get() == generation) {
              b.halfOpen();
            }
          }, cb.openDelay());
        })
        .onHalfOpen(e -> transition(meters, "half_open"))
        .onClose(e -> transition(meters, "closed"))
        .build();
    self[0] = built;
    return built;
  }

  /** Schedules the move to half-open, replacing an earlier one; none once closed. */
  private synchronized void scheduleHalfOpen(ScheduledExecutorService scheduler, Runnable halfOpen, Duration delay) {
    if (closed) {
      return;
    }
    ScheduledFuture<?> previous = pendingHalfOpen;
    if (previous != null) {
      previous.cancel(false);
    }
    try {
      pendingHalfOpen = scheduler.schedule(halfOpen, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pendingHalfOpen = null;
      log.debug("scheduler closed; breaker of {} stays open", intent);
    }
  }

  /**
   * Cancels the breaker's pending move to half-open (the client closed, or a new policy replaced
   * this stack), so nothing of it is left on a scheduler the app owns.
   */
  synchronized void close() {
    closed = true;
    ScheduledFuture<?> pending = pendingHalfOpen;
    if (pending != null) {
      pending.cancel(false);
      pendingHalfOpen = null;
    }
  }

  private void transition(ClientMeters meters, String to) {
    log.info("circuit breaker of {} is now {}", intent, to.toUpperCase(Locale.ROOT));
    meters.count("microevent.client.breaker.transitions", "intent", intent.name(), "to", to);
  }
}
