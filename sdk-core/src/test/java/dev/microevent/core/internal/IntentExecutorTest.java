package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.Outcome;
import dev.microevent.core.RateLimit;
import dev.microevent.core.RetryBudget;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The intent's own retry loop, breaker and rate limit, driven by virtual time alone. */
class IntentExecutorTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  /** When (virtual seconds) each attempt ran. */
  private final List<Long> attempts = new CopyOnWriteArrayList<>();

  private IntentExecutor executor(IntentPolicy policy) {
    return new IntentExecutor(Intent.READ, policy, time.ticker(), time.scheduler(),
        Waiter.virtualOnly(time.scheduler()), () -> new Random(5), new ClientMeters(null));
  }

  private static IntentPolicy.Builder policy() {
    return IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(1)).deadline(Duration.ofMinutes(1))
        .retryBudget(RetryBudget.builder().ratio(1).minRetriesPerSecond(100).ttl(Duration.ofSeconds(10))
            .build()).circuitBreaker(null);
  }

  private static AttemptFailure serverError() {
    return new AttemptFailure(new HttpServiceException("edge-a", 503, new byte[0], null, null), true,
        Outcome.SERVER_ERROR);
  }

  private static EdgeResponse ok() {
    return new EdgeResponse(200, Map.of(), new byte[0], "edge-a", 1, Duration.ZERO, null);
  }

  /** Fails the first {@code failures} attempts, then answers. */
  private IntentExecutor.Attempt failing(int failures) {
    return n -> {
      attempts.add(time.read() / 1_000_000_000L);
      if (n <= failures) {
        throw serverError();
      }
      return ok();
    };
  }

  /** Runs a call on another thread and advances virtual time whenever its wait is scheduled. */
  private CompletableFuture<EdgeResponse> callAdvancing(IntentExecutor executor, IntentExecutor.Attempt attempt,
      Duration step, int steps) {
    CompletableFuture<EdgeResponse> call = CompletableFuture.supplyAsync(() -> executor.execute(time.read(), attempt));
    for (int i = 0; i < steps && !call.isDone(); i++) {
      await().atMost(Duration.ofSeconds(10)).until(() -> call.isDone() || time.pendingTasks() > 0);
      time.advance(step);
    }
    return call;
  }

  @Test
  void retriesWaitTheBackoffOnTheScheduler_doublingUpToTheMax() {
    IntentExecutor executor = executor(policy().retry(RetryConfig.builder().maxAttempts(5)
        .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(3)).jitter(0).build()).build());

    CompletableFuture<EdgeResponse> call = callAdvancing(executor, failing(4), Duration.ofSeconds(1), 20);

    assertThat(call.join().statusCode()).isEqualTo(200);
    assertThat(attempts).as("waits of 1, 2, 3 and 3 s").containsExactly(0L, 1L, 3L, 6L, 9L);
  }

  @Test
  void noAttemptStartsWhenTheAttemptsAreUsedUp() {
    IntentExecutor executor = executor(policy().retry(RetryConfig.builder().maxAttempts(3)
        .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).jitter(0).build()).build());

    assertThatThrownBy(() -> executor.execute(time.read(), failing(10))).isInstanceOf(AttemptFailure.class);

    assertThat(attempts).hasSize(3);
  }

  @Test
  void noRetryStartsAfterTheDeadline_andTheLastWaitEndsAtIt() {
    IntentExecutor executor = executor(policy().deadline(Duration.ofSeconds(5))
        .retry(RetryConfig.builder().maxAttempts(10).initialBackoff(Duration.ofSeconds(4))
            .maxBackoff(Duration.ofSeconds(4)).jitter(0).build()).build());

    CompletableFuture<EdgeResponse> call = callAdvancing(executor, failing(10), Duration.ofSeconds(1), 20);

    assertThat(call).failsWithin(Duration.ofSeconds(10));
    assertThat(attempts).as("the second wait is cut to the 1 s left; then the deadline has passed")
        .containsExactly(0L, 4L, 5L);
  }

  @Test
  void aNonRetryableFailureIsNotRetried() {
    IntentExecutor executor = executor(policy().build());

    assertThatThrownBy(() -> executor.execute(time.read(), n -> {
      attempts.add(0L);
      throw new AttemptFailure(new HttpServiceException("edge-a", 400, new byte[0], null, null), false,
          Outcome.CLIENT_ERROR);
    })).isInstanceOf(AttemptFailure.class);

    assertThat(attempts).hasSize(1);
  }

  @Test
  void anInterruptDuringTheBackoffGivesTheCallUp_asCancelled() throws Exception {
    IntentExecutor executor = executor(policy().retry(RetryConfig.builder().maxAttempts(3)
        .initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).jitter(0).build())
        .build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        executor.execute(time.read(), failing(3));
      } catch (AttemptFailure e) {
        thrown.set(e);
      }
    });
    caller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> time.pendingTasks() == 1);

    caller.interrupt();
    caller.join(10_000);

    assertThat(thrown.get()).isInstanceOfSatisfying(AttemptFailure.class, f -> {
      assertThat(f.outcome()).isEqualTo(Outcome.CANCELLED);
      assertThat(f.retryable()).isFalse();
      assertThat(f.failure()).hasMessageContaining("interrupted");
    });
    assertThat(attempts).hasSize(1);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void theBreakerJudgesLogicalCalls_andRefusesWhileOpen() {
    IntentExecutor executor = executor(policy().retry(RetryConfig.builder().maxAttempts(3)
        .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).jitter(0).build())
        .circuitBreaker(CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(2)
            .window(Duration.ofSeconds(30)).openDelay(Duration.ofSeconds(10)).halfOpenProbes(1).build()).build());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> executor.execute(time.read(), failing(100))).isInstanceOf(AttemptFailure.class);
    }
    assertThat(attempts).as("2 calls of 3 attempts each: 2 for the breaker").hasSize(6);

    assertThatThrownBy(() -> executor.execute(time.read(), failing(0)))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.CIRCUIT_OPEN));

    time.advance(Duration.ofSeconds(10));
    attempts.clear();
    assertThat(executor.execute(time.read(), failing(0)).statusCode()).isEqualTo(200);
    assertThat(executor.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aLocalRefusalInsideTheCallIsNoFailureForTheBreaker() {
    IntentExecutor executor = executor(policy().retry(RetryConfig.none())
        .circuitBreaker(CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(2)
            .window(Duration.ofSeconds(30)).openDelay(Duration.ofSeconds(10)).halfOpenProbes(1).build()).build());
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> executor.execute(time.read(), n -> {
        throw new AttemptFailure(new dev.microevent.core.NoRouteException(
            dev.microevent.core.NoRouteException.Reason.FAILOVER_CAPACITY, "full", null), false, Outcome.NO_ROUTE);
      })).isInstanceOf(AttemptFailure.class);
    }

    assertThat(executor.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void theRateLimitGivesItsPermitsPerPeriod_refusingTheRestAtOnce() {
    IntentExecutor executor = executor(policy().rateLimit(new RateLimit(2, Duration.ofSeconds(10))).build());
    executor.execute(time.read(), failing(0));
    executor.execute(time.read(), failing(0));

    assertThatThrownBy(() -> executor.execute(time.read(), failing(0)))
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.RATE_LIMITED));

    time.advance(Duration.ofSeconds(10));
    assertThat(executor.execute(time.read(), failing(0)).statusCode()).isEqualTo(200);
    assertThat(attempts).hasSize(3);
  }
}
