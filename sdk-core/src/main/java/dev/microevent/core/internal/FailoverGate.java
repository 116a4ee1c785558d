package dev.microevent.core.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.time.Ticker;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Backpressure on failed-over calls: a cap in flight and a token bucket per second, both with a
 * share reserved for CRITICAL intents, which may also wait for a slot and are served before anyone
 * else while they wait. NON_ESSENTIAL intents never fail over. Token refills follow the client's
 * ticker and a critical call's wait is a timer on the client's scheduler ({@link Waiter}), so
 * tests drive both exactly.
 */
final class FailoverGate {
  /** How often a waiting critical call looks again at the tokens and at the other routes. */
  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private final FailoverPolicy policy;
  private final TokenBucket tokens;
  private final Waiter waiter;
  private final int degradedConcurrent;
  private final double degradedTokensFloor;
  private int inFlight;
  private int criticalWaiting;

  FailoverGate(FailoverPolicy policy, Ticker ticker, Waiter waiter) {
    this.policy = policy;
    this.waiter = waiter;
    this.degradedConcurrent = (int) Math.floor(policy.maxConcurrent() * (1 - policy.criticalReserve()));
    this.degradedTokensFloor = policy.maxPerSecond() * policy.criticalReserve();
    this.tokens = TokenBucket.smooth(policy.maxPerSecond(), policy.maxPerSecond(), Duration.ofSeconds(1), ticker);
  }

  /** A held failover slot; release it when the attempt ends. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes a slot, or says why not. {@code allowed} is the config's override (null: by
   * criticality). A CRITICAL call waits up to {@code maxWaitNanos} for a slot, or
   * until {@code elsewhere} says another route opened (polled while it waits); while it waits, no
   * other call is admitted.
   *
   * @return the permit
   * @throws NoRouteException when the criticality may not fail over or the caps are reached
   */
  synchronized Permit acquire(Criticality criticality, @Nullable Boolean allowed, @Nullable Throwable lastFailure,
      long maxWaitNanos, BooleanSupplier elsewhere) {
    boolean mayFailOver = allowed != null ? allowed : criticality != Criticality.NON_ESSENTIAL;
    if (!mayFailOver) {
      throw new NoRouteException(NoRouteException.Reason.FAILOVER_NOT_ALLOWED,
          "no edge plane can take the call and " + (allowed != null ? "the config's route rule" : "a NON_ESSENTIAL intent")
              + " does not fail over to the central plane; it resumes when an edge plane is healthy again",
          lastFailure);
    }
    boolean critical = criticality == Criticality.CRITICAL;
    int concurrentCap = critical ? policy.maxConcurrent() : degradedConcurrent;
    double tokenFloor = critical ? 0 : degradedTokensFloor;
    if (critical) {
      criticalWaiting++;
    }
    Waiter.Deadline deadline = null;
    try {
      while (true) {
        String full = null;
        if (!critical && criticalWaiting > 0) {
          full = "critical calls are waiting for failover slots";
        } else if (inFlight >= concurrentCap) {
          full = inFlight + " failed-over calls in flight (cap " + concurrentCap + ")";
        } else if (!tokens.tryTake(tokenFloor)) {
          full = "failover rate cap of " + policy.maxPerSecond() + "/s reached";
        }
        if (full == null) {
          inFlight++;
          return new GatePermit();
        }
        if (deadline == null) {
          // Only a critical call waits; its timer starts when it first has to.
          deadline = waiter.deadline(critical ? maxWaitNanos : 0, this::wake);
        }
        if (deadline.passed()) {
          throw capacity(criticality, full, lastFailure);
        }
        if (elsewhere.getAsBoolean()) {
          throw capacity(criticality, full + " (an edge plane answers again: panic routing to it)", lastFailure);
        }
        // Woken by a released slot or the deadline's timer; token refills are polled every 5 ms.
        long waitNanos = deadline.realNanosLeft(POLL_NANOS);
        try {
          wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw capacity(criticality, full + " (interrupted while waiting)", lastFailure);
        }
      }
    } finally {
      if (deadline != null) {
        deadline.close();
      }
      if (critical) {
        criticalWaiting--;
      }
    }
  }

  /** The deadline's timer fired: the waiting call looks again at once. */
  private synchronized void wake() {
    notifyAll();
  }

  /** A held slot. */
  private final class GatePermit implements Permit {
    private boolean released;

    @Override
    public void close() {
      synchronized (FailoverGate.this) {
        if (!released) {
          released = true;
          inFlight--;
          FailoverGate.this.notifyAll();
        }
      }
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }

  private NoRouteException capacity(Criticality c, String why, @Nullable Throwable lastFailure) {
    return new NoRouteException(NoRouteException.Reason.FAILOVER_CAPACITY,
        "failover to the central plane refused for a " + c + " call: " + why
            + "; the cap protects the central plane while the edge is down", lastFailure);
  }
}
