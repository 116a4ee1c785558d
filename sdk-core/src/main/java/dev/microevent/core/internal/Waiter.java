package dev.microevent.core.internal;

import dev.microevent.core.time.Ticker;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * How a calling thread waits (retry backoff, a plane's {@code Retry-After}, a critical call
 * waiting for a failover slot): a timer on the client's scheduler that the caller awaits, never
 * {@code Thread.sleep}, so a test's {@link dev.microevent.core.time.VirtualTime} ends the wait when
 * it moves time past it.
 *
 * <p>The client's waiter is also bounded by the same span of real time ({@link #bounded}): the
 * wait ends when the scheduler's timer fires or, at the latest, when that much real time has
 * passed. In production both are the same moment; under virtual time nobody advances, a wait never
 * hangs a test, and a caller that runs on the scheduler's own thread (a single-threaded scheduler
 * the app injected, a task of a virtual scheduler) cannot deadlock waiting for it. A waiter
 * without the bound ({@link #virtualOnly}) ends a wait only by the timer: for tests of code that
 * waits, on virtual time. Thread-safe.
 */
public final class Waiter {
  private final ScheduledExecutorService scheduler;
  private final @Nullable Ticker realTime;

  private Waiter(ScheduledExecutorService scheduler, @Nullable Ticker realTime) {
    this.scheduler = scheduler;
    this.realTime = realTime;
  }

  /**
   * Waits timed by the scheduler, each bounded by the same span of real time.
   *
   * @param scheduler the client's scheduler
   * @return the waiter
   */
  public static Waiter bounded(ScheduledExecutorService scheduler) {
    return new Waiter(scheduler, Ticker.system());
  }

  /**
   * Waits timed by the scheduler only: for tests on virtual time, where another thread advances it.
   *
   * @param scheduler the scheduler
   * @return the waiter
   */
  public static Waiter virtualOnly(ScheduledExecutorService scheduler) {
    return new Waiter(scheduler, null);
  }

  /**
   * Blocks the calling thread for a while.
   *
   * @param nanos how long; nothing happens for 0 or less
   * @throws InterruptedException if the caller is interrupted while it waits (its interrupt
   *     status is then clear, as usual)
   */
  public void await(long nanos) throws InterruptedException {
    if (nanos <= 0) {
      return;
    }
    ScheduledFuture<?> timer = schedule(nanos, Waiter::nothing);
    try {
      if (timer == null) {
        if (realTime != null) {
          // The scheduler is shut down (the client is closing): keep the promise in real time.
          boolean unused = new CountDownLatch(1).await(nanos, TimeUnit.NANOSECONDS);
        }
      } else if (realTime != null) {
        timer.get(nanos, TimeUnit.NANOSECONDS);
      } else {
        timer.get();
      }
    } catch (TimeoutException realSpanPassed) {
      // the same span of real time passed first
    } catch (ExecutionException | CancellationException cannotHappen) {
      // the timer runs nothing that could fail; someone cancelled it: the wait is over
    } finally {
      if (timer != null) {
        timer.cancel(false); // nothing is left behind on the scheduler
      }
    }
  }

  /**
   * Starts a deadline for a caller that waits on a condition of its own (a lock's monitor) and
   * polls whether the deadline passed.
   *
   * @param nanos how long from now
   * @param onDue run on the scheduler when the timer fires (to wake the waiter); must be quick
   * @return the deadline; close it when the wait ends
   */
  public Deadline deadline(long nanos, Runnable onDue) {
    long start = realTime == null ? 0 : realTime.read();
    return new Deadline(nanos <= 0 ? null : schedule(nanos, onDue), nanos, start);
  }

  private static void nothing() {
    // the timer itself is the point: the waiter wakes when it is done
  }

  private @Nullable ScheduledFuture<?> schedule(long nanos, Runnable task) {
    try {
      return scheduler.schedule(Guarded.task("end of a wait", task), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      return null;
    }
  }

  /** A running deadline; see {@link #deadline}. */
  public final class Deadline implements AutoCloseable {
    private final @Nullable ScheduledFuture<?> timer;
    private final long nanos;
    private final long start;

    private Deadline(@Nullable ScheduledFuture<?> timer, long nanos, long start) {
      this.timer = timer;
      this.nanos = nanos;
      this.start = start;
    }

    /**
     * Whether the deadline passed: the scheduler's timer fired or (bounded waiter) that much real
     * time passed. A deadline of 0 or less, or one the closed scheduler could not time, has passed.
     *
     * @return whether to stop waiting
     */
    public boolean passed() {
      if (timer == null || timer.isDone()) {
        return true;
      }
      return realTime != null && realTime.read() - start >= nanos;
    }

    /**
     * The real time left before the bound (the longest a monitor wait should last), at most
     * {@code cap}.
     *
     * @param cap the longest answer, in nanoseconds
     * @return nanoseconds, at least 1 while the deadline has not passed
     */
    public long realNanosLeft(long cap) {
      if (realTime == null) {
        return cap;
      }
      return Math.max(1, Math.min(cap, nanos - (realTime.read() - start)));
    }

    /** Cancels the timer, so nothing is left on the scheduler. */
    @Override
    public void close() {
      if (timer != null) {
        timer.cancel(false);
      }
    }
  }
}
