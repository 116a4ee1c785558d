package dev.microevent.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock, a ticker and a scheduler that move only when told to. Hand {@link #clock()} and {@link
 * #scheduler()} to a client builder (its ticker then follows the clock; {@link #ticker()} is the
 * same time as a {@link Ticker}), then {@link #advance(Duration)}: every task that falls due runs,
 * in order, on the calling thread, with the clock set to its due time. Health checks, ejection
 * expiry, breaker delays and windows, token refills, probes and error-budget windows then happen
 * exactly when the test says.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
 * MicroEventClient client = MicroEventClient.builder()
 *     .clock(time.clock()).scheduler(time.scheduler()) ...build();
 * time.advance(Duration.ofSeconds(6)); // three health-check rounds
 * }</pre>
 *
 * <p>A thread that waits on one of its futures ({@code get}) waits until another thread advances
 * time past it; the client's own waits (retry backoff, {@code Retry-After}, a critical call
 * waiting for a failover slot) are also bounded by the same span of real time, so a test that
 * never advances does not hang (see {@link dev.microevent.core.MicroEventClient.Builder#ticker}).
 *
 * <p>Thread-safe: tasks may be scheduled from any thread; they run only inside {@link
 * #advance} and {@link #runDueTasks}. Tasks that throw are remembered and rethrown by the next
 * {@code advance} so failures do not vanish.
 */
public final class VirtualTime implements Ticker {
  private final Object lock = new Object();
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Throwable> failures = new ArrayList<>();
  private volatile long nowNanos;
  private final Instant origin;
  private final Scheduler scheduler = new Scheduler();
  private final Clock clock = new VirtualClock(ZoneOffset.UTC);
  private volatile boolean shutdown;

  private VirtualTime(Instant origin) {
    this.origin = origin;
  }

  /**
   * Virtual time starting at an instant.
   *
   * @param start the clock's first reading
   * @return the virtual time
   */
  public static VirtualTime startingAt(Instant start) {
    return new VirtualTime(Objects.requireNonNull(start, "start"));
  }

  /** {@return the clock; it reads the virtual now} */
  public Clock clock() {
    return clock;
  }

  /**
   * The ticker: virtual nanoseconds, starting at 0 and moving only with {@link #advance}.
   *
   * @return this virtual time, as a ticker
   */
  public Ticker ticker() {
    return this;
  }

  /** Virtual nanoseconds since the start; the same time as {@link #clock()}. */
  @Override
  public long read() {
    return nowNanos;
  }

  /** {@return the scheduler; its tasks run inside {@link #advance}} */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** {@return the virtual now} */
  public Instant now() {
    return origin.plusNanos(nowNanos);
  }

  /**
   * Tasks waiting to run, periodic ones included.
   *
   * @return how many scheduled tasks wait to run, periodic ones included
   */
  public int pendingTasks() {
    synchronized (lock) {
      return (int) queue.stream().filter(t -> !t.isDone()).count();
    }
  }

  /**
   * Moves time forward, running every task that falls due on the way, in due order.
   *
   * @param duration how far; zero runs what is due now
   * @throws IllegalStateException if a task threw (the first failure is the cause)
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, got " + duration);
    }
    long target = nowNanos + duration.toNanos();
    while (true) {
      Task<?> next;
      synchronized (lock) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          break;
        }
        queue.poll();
        if (next.dueNanos > nowNanos) {
          nowNanos = next.dueNanos;
        }
      }
      next.run();
    }
    nowNanos = Math.max(nowNanos, target);
    rethrowFailures();
  }

  /**
   * Runs the tasks due now without moving time.
   *
   * @return how many ran
   */
  public int runDueTasks() {
    int ran = 0;
    while (true) {
      Task<?> next;
      synchronized (lock) {
        next = queue.peek();
        if (next == null || next.dueNanos > nowNanos) {
          break;
        }
        queue.poll();
      }
      next.run();
      ran++;
    }
    rethrowFailures();
    return ran;
  }

  private void rethrowFailures() {
    Throwable first;
    synchronized (lock) {
      if (failures.isEmpty()) {
        return;
      }
      first = failures.get(0);
      failures.clear();
    }
    throw new IllegalStateException("a scheduled task failed", first);
  }

  private <T> Task<T> enqueue(Callable<T> callable, long delayNanos, long periodNanos) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("virtual scheduler is shut down");
    }
    Task<T> task =
        new Task<>(callable, nowNanos + Math.max(0, delayNanos), periodNanos, sequence.incrementAndGet());
    synchronized (lock) {
      queue.add(task);
    }
    return task;
  }

  private final class Task<T> implements ScheduledFuture<T>, Runnable {
    private final Callable<T> callable;
    private final long periodNanos;
    private final long seq;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile long dueNanos;

    Task(Callable<T> callable, long dueNanos, long periodNanos, long seq) {
      this.callable = callable;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.seq = seq;
    }

    @Override
    public void run() {
      if (result.isDone()) {
        return;
      }
      try {
        T value = callable.call();
        if (periodNanos == 0) {
          result.complete(value);
        } else if (periodNanos > 0) {
          reschedule(dueNanos + periodNanos);
        } else {
          reschedule(nowNanos - periodNanos);
        }
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
        synchronized (lock) {
          failures.add(e);
        }
      }
    }

    private void reschedule(long due) {
      if (shutdown || result.isDone()) {
        return;
      }
      dueNanos = due;
      synchronized (lock) {
        queue.add(this);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Task<?> t) {
        int byDue = Long.compare(dueNanos, t.dueNanos);
        return byDue != 0 ? byDue : Long.compare(seq, t.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = result.cancel(false);
      synchronized (lock) {
        queue.remove(this);
      }
      return cancelled;
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      return result.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return result.get(timeout, unit);
    }
  }

  private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return enqueue(Executors.callable(command), unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return enqueue(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      if (period <= 0) {
        throw new IllegalArgumentException("period must be positive");
      }
      return enqueue(Executors.callable(command), unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      if (delay <= 0) {
        throw new IllegalArgumentException("delay must be positive");
      }
      return enqueue(Executors.callable(command), unit.toNanos(initialDelay), -unit.toNanos(delay));
    }

    @Override
    public void execute(Runnable command) {
      var unused = enqueue(Executors.callable(command), 0, 0);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> pending;
      synchronized (lock) {
        pending = new ArrayList<>(queue);
        queue.clear();
      }
      return pending;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
      throw new UnsupportedOperationException("invokeAll would block on virtual time; schedule tasks instead");
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new VirtualClock(zone);
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
