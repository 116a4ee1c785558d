package dev.microevent.core.internal;

import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.time.Ticker;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One intent's circuit breaker, judging logical calls ({@link CircuitBreakerConfig}). CLOSED: the
 * outcomes of the last {@code window} (ten buckets on the ticker) open it once at least {@code
 * minimumCalls} were recorded and {@code failureRatePercent} of them failed. OPEN: every call is
 * refused; after {@code openDelay} a timer on the client's scheduler (virtual time in tests) moves
 * it to HALF_OPEN. HALF_OPEN: exactly {@code halfOpenProbes} calls are let through; that many
 * successes close it, one failure opens it again.
 *
 * <p>Only the remote's doing counts: a call that got an answer (a 2xx, or a 4xx: the request's own
 * fault) is a success, one that failed on the remote side (5xx, timeout, connection failure) a
 * failure, and one refused or given up locally (no route, failover caps, an interrupted caller)
 * is neither, so it is no probe either: its half-open turn goes back. Not Failsafe's breaker: that
 * one times its windows and delay with {@code System.nanoTime()}, so virtual time could not drive
 * it, and it counts every unhandled result as a success. Thread-safe.
 */
final class CircuitBreaker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
  private static final int BUCKETS = 10;

  /** The breaker's state. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN;

    /** The metric tag value. */
    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final CircuitBreakerConfig config;
  private final Ticker ticker;
  private final ScheduledExecutorService scheduler;
  private final Consumer<State> onTransition;
  private final long origin;
  private final long bucketNanos;
  private final long[] bucketIndex = new long[BUCKETS];
  private final int[] successes = new int[BUCKETS];
  private final int[] failures = new int[BUCKETS];
  private volatile State state = State.CLOSED;
  private int probesAdmitted;
  private int probeSuccesses;
  private long openings;
  private @Nullable ScheduledFuture<?> pendingHalfOpen;
  private boolean closed;

  /**
   * A closed breaker.
   *
   * @param name whose breaker, for logs
   * @param config the rules
   * @param ticker times the window
   * @param scheduler times the open delay
   * @param onTransition told of every new state (meters), under the breaker's lock: keep it quick
   */
  CircuitBreaker(String name, CircuitBreakerConfig config, Ticker ticker, ScheduledExecutorService scheduler,
      Consumer<State> onTransition) {
    this.name = name;
    this.config = config;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.onTransition = onTransition;
    this.origin = ticker.read();
    this.bucketNanos = Math.max(1, Backoff.nanos(config.window()) / BUCKETS);
    resetWindow();
  }

  /** Forgets every recorded call: a new state starts a fresh window. */
  private void resetWindow() {
    java.util.Arrays.fill(bucketIndex, Long.MIN_VALUE);
    java.util.Arrays.fill(successes, 0);
    java.util.Arrays.fill(failures, 0);
  }

  State state() {
    return state;
  }

  /**
   * Asks to let a call through.
   *
   * @return whether it may go; if it went, report its result with exactly one of {@link
   *     #onSuccess}, {@link #onFailure} or {@link #onIgnored}
   */
  boolean tryAcquire() {
    if (state == State.CLOSED) {
      return true; // the common case, without the lock
    }
    synchronized (this) {
      return switch (state) {
        case CLOSED -> true;
        case OPEN -> false;
        case HALF_OPEN -> {
          if (probesAdmitted >= config.halfOpenProbes()) {
            yield false;
          }
          probesAdmitted++;
          yield true;
        }
      };
    }
  }

  /** The call got an answer from the remote. */
  synchronized void onSuccess() {
    switch (state) {
      case CLOSED -> record(true);
      case HALF_OPEN -> {
        if (++probeSuccesses >= config.halfOpenProbes()) {
          transition(State.CLOSED);
        }
      }
      case OPEN -> {
        // a call admitted before the breaker opened: too late to count
      }
    }
  }

  /** The call failed on the remote side. */
  synchronized void onFailure() {
    switch (state) {
      case CLOSED -> {
        record(false);
        if (tripped()) {
          transition(State.OPEN);
        }
      }
      case HALF_OPEN -> transition(State.OPEN);
      case OPEN -> {
        // already open
      }
    }
  }

  /** The call was refused or given up locally: not counted, and a half-open turn goes back. */
  synchronized void onIgnored() {
    if (state == State.HALF_OPEN && probesAdmitted > 0) {
      probesAdmitted--;
    }
  }

  private void record(boolean success) {
    long index = Math.max(0, ticker.read() - origin) / bucketNanos;
    int slot = (int) (index % BUCKETS);
    if (bucketIndex[slot] != index) {
      bucketIndex[slot] = index;
      successes[slot] = 0;
      failures[slot] = 0;
    }
    if (success) {
      successes[slot]++;
    } else {
      failures[slot]++;
    }
  }

  /** Whether the window's failure rate reached the threshold, with enough calls in it. */
  private boolean tripped() {
    long now = Math.max(0, ticker.read() - origin) / bucketNanos;
    long calls = 0;
    long failed = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketIndex[i] > now - BUCKETS && bucketIndex[i] <= now) {
        calls += successes[i] + failures[i];
        failed += failures[i];
      }
    }
    return calls >= config.minimumCalls() && failed * 100 >= (long) config.failureRatePercent() * calls;
  }

  private void transition(State to) {
    state = to;
    resetWindow();
    probesAdmitted = 0;
    probeSuccesses = 0;
    if (to == State.OPEN) {
      scheduleHalfOpen(++openings);
    } else {
      cancelPending();
    }
    log.info("circuit breaker of {} is now {}", name, to);
    onTransition.accept(to);
  }

  private void scheduleHalfOpen(long generation) {
    cancelPending();
    if (closed) {
      return;
    }
    try {
      pendingHalfOpen = scheduler.schedule(Guarded.task("half-open of the breaker of " + name, () -> halfOpen(generation)),
          Backoff.nanos(config.openDelay()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler closed; breaker of {} stays open", name);
    }
  }

  private synchronized void halfOpen(long generation) {
    if (state == State.OPEN && openings == generation && !closed) {
      pendingHalfOpen = null;
      transition(State.HALF_OPEN);
    }
  }

  private void cancelPending() {
    ScheduledFuture<?> pending = pendingHalfOpen;
    if (pending != null) {
      pending.cancel(false);
      pendingHalfOpen = null;
    }
  }

  /**
   * Cancels the pending move to half-open (the client closed, or a new policy replaced this
   * breaker), so nothing of it is left on a scheduler the app owns.
   */
  @Override
  public synchronized void close() {
    closed = true;
    cancelPending();
  }
}
