package dev.microevent.core.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.NoRouteException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Backpressure on failed-over calls: a cap in flight and a token bucket per second, both with a
 * share reserved for CRITICAL intents, which may also wait for a slot and are served before anyone
 * else while they wait. NON_ESSENTIAL intents never fail over. Token refills follow the injected
 * clock, so tests drive them exactly.
 */
final class FailoverGate {
  private final FailoverPolicy policy;
  private final Clock clock;
  private final int degradedConcurrent;
  private final double degradedTokensFloor;
  private int inFlight;
  private int criticalWaiting;
  private double tokens;
  private long lastRefillMillis;

  FailoverGate(FailoverPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.degradedConcurrent = (int) Math.floor(policy.maxConcurrent() * (1 - policy.criticalReserve()));
    this.degradedTokensFloor = policy.maxPerSecond() * policy.criticalReserve();
    this.tokens = policy.maxPerSecond();
    this.lastRefillMillis = clock.millis();
  }

  /** A held failover slot; release it when the attempt ends. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes a slot, or says why not. {@code allowed} is the config's override (null: by
   * criticality). A CRITICAL call waits up to {@code maxWaitNanos} (real time) for a slot, or
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
    long waitUntil = System.nanoTime() + (critical ? Math.max(0, maxWaitNanos) : 0);
    if (critical) {
      criticalWaiting++;
    }
    try {
      while (true) {
        refill();
        String full = null;
        if (!critical && criticalWaiting > 0) {
          full = "critical calls are waiting for failover slots";
        } else if (inFlight >= concurrentCap) {
          full = inFlight + " failed-over calls in flight (cap " + concurrentCap + ")";
        } else if (tokens - 1 < tokenFloor) {
          full = "failover rate cap of " + policy.maxPerSecond() + "/s reached";
        }
        if (full == null) {
          tokens -= 1;
          inFlight++;
          return new GatePermit();
        }
        long left = waitUntil - System.nanoTime();
        if (left <= 0) {
          throw capacity(criticality, full, lastFailure);
        }
        if (elsewhere.getAsBoolean()) {
          throw capacity(criticality, full + " (an edge plane answers again: panic routing to it)", lastFailure);
        }
        // Woken by a released slot; token refills are polled at least every 5 ms.
        long waitMillis = Math.max(1, Math.min(5, left / 1_000_000));
        try {
          wait(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw capacity(criticality, full + " (interrupted while waiting)", lastFailure);
        }
      }
    } finally {
      if (critical) {
        criticalWaiting--;
      }
    }
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

  private void refill() {
    long now = clock.millis();
    long elapsed = now - lastRefillMillis;
    if (elapsed > 0) {
      tokens = Math.min(policy.maxPerSecond(), tokens + elapsed * policy.maxPerSecond() / 1000.0);
      lastRefillMillis = now;
    }
  }
}
