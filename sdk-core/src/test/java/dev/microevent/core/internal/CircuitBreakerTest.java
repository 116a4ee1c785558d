package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.internal.CircuitBreaker.State;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The breaker's laws, on virtual time: its window on the ticker, its open delay on the scheduler. */
class CircuitBreakerTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final List<String> transitions = new CopyOnWriteArrayList<>();

  /** 50 % of at least 4 calls in 30 s; open 10 s; 2 probes. */
  private CircuitBreaker breaker() {
    return new CircuitBreaker("READ", CircuitBreakerConfig.builder().failureRatePercent(50).minimumCalls(4)
        .window(Duration.ofSeconds(30)).openDelay(Duration.ofSeconds(10)).halfOpenProbes(2)
        .build(), time.ticker(), time.scheduler(),
        to -> transitions.add(to.tag() + "@" + time.read() / 1_000_000_000L));
  }

  private static void fail(CircuitBreaker b, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure();
    }
  }

  @Test
  void opensAtTheThreshold_onlyOnceTheMinimumOfCallsIsReached() {
    CircuitBreaker b = breaker();
    fail(b, 3);
    assertThat(b.state()).as("100 %% of 3 calls: below the minimum").isEqualTo(State.CLOSED);

    fail(b, 1);

    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(transitions).containsExactly("open@0");
  }

  @Test
  void staysClosedBelowTheFailureRate() {
    CircuitBreaker b = breaker();
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onSuccess();
      assertThat(b.tryAcquire()).isTrue();
      if (i % 3 == 0) {
        b.onFailure();
      } else {
        b.onSuccess();
      }
    }
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void failuresOlderThanTheWindowNoLongerCount() {
    CircuitBreaker b = breaker();
    fail(b, 3);

    time.advance(Duration.ofSeconds(31));
    fail(b, 1);

    assertThat(b.state()).as("only 1 call in the window").isEqualTo(State.CLOSED);
    fail(b, 3);
    assertThat(b.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpensAfterTheDelay_onTheScheduler_thenLetsExactlyTheProbesThrough() {
    CircuitBreaker b = breaker();
    fail(b, 4);

    time.advance(Duration.ofSeconds(9));
    assertThat(b.state()).isEqualTo(State.OPEN);
    time.advance(Duration.ofSeconds(1));

    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(transitions).containsExactly("open@0", "half_open@10");
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).as("only two probes").isFalse();
  }

  @Test
  void closesAfterAsManySuccessfulProbes() {
    CircuitBreaker b = breaker();
    fail(b, 4);
    time.advance(Duration.ofSeconds(10));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();

    b.onSuccess();
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    b.onSuccess();

    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(transitions).containsExactly("open@0", "half_open@10", "closed@10");
    fail(b, 3);
    assertThat(b.state()).as("a closed breaker starts a fresh window").isEqualTo(State.CLOSED);
  }

  @Test
  void aFailedProbeOpensItAgain_forAnotherDelay() {
    CircuitBreaker b = breaker();
    fail(b, 4);
    time.advance(Duration.ofSeconds(10));
    assertThat(b.tryAcquire()).isTrue();

    b.onFailure();

    assertThat(b.state()).isEqualTo(State.OPEN);
    time.advance(Duration.ofSeconds(10));
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(transitions).containsExactly("open@0", "half_open@10", "open@10", "half_open@20");
  }

  @Test
  void aLocallyRefusedCallIsNoProbe_itsTurnGoesBack() {
    CircuitBreaker b = breaker();
    fail(b, 4);
    time.advance(Duration.ofSeconds(10));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();

    b.onIgnored();

    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.tryAcquire()).as("the ignored call's turn").isTrue();
    assertThat(b.tryAcquire()).isFalse();
  }

  @Test
  void ignoredCallsDoNotCountInTheWindow() {
    CircuitBreaker b = breaker();
    fail(b, 2);
    for (int i = 0; i < 10; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onIgnored();
    }
    fail(b, 2);

    assertThat(b.state()).as("4 counted calls, all failed").isEqualTo(State.OPEN);
  }

  @Test
  void closingLeavesNoTimerOnTheScheduler() {
    CircuitBreaker b = breaker();
    fail(b, 4);
    assertThat(time.pendingTasks()).isEqualTo(1);

    b.close();

    assertThat(time.pendingTasks()).isZero();
    time.advance(Duration.ofMinutes(1));
    assertThat(b.state()).isEqualTo(State.OPEN);
  }
}
