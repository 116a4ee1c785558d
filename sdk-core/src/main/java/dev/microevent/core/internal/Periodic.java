package dev.microevent.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task periodically on the client's scheduler: a failure is logged and the next run still
 * happens (a scheduled task that throws would otherwise stop for good; see {@link Guarded}), and
 * a closed scheduler simply means no runs. Closing stops it. For the client and the SDK's modules (power polling,
 * slice probes), not for apps.
 */
public final class Periodic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Periodic.class);

  private final @Nullable ScheduledFuture<?> future;

  private Periodic(@Nullable ScheduledFuture<?> future) {
    this.future = future;
  }

  /**
   * Starts the task.
   *
   * @param scheduler where it runs
   * @param initialDelay before the first run
   * @param interval between the end of one run and the start of the next
   * @param what what the task does, for logs
   * @param task the task
   * @return the handle; close it to stop
   */
  public static Periodic every(ScheduledExecutorService scheduler, Duration initialDelay, Duration interval, String what,
      Runnable task) {
    return every(scheduler, Runnable::run, initialDelay, interval, what, task);
  }

  /**
   * Starts a task whose work blocks: the scheduler times it, {@code io} runs it.
   *
   * @param scheduler what keeps time
   * @param io where the work runs
   * @param initialDelay before the first run
   * @param interval between the start of one timer and the next
   * @param what what the task does, for logs
   * @param task the task
   * @return the handle; close it to stop
   */
  public static Periodic every(ScheduledExecutorService scheduler, Executor io, Duration initialDelay, Duration interval,
      String what, Runnable task) {
    Runnable guarded = Guarded.task(what, task);
    // Guarded too: a hand-off that throws would end the schedule for good.
    Runnable handOff = Guarded.task("hand-off of " + what, () -> {
      try {
        io.execute(guarded);
      } catch (RejectedExecutionException closed) {
        log.debug("I/O executor closed; skipping {}", what);
      }
    });
    try {
      return new Periodic(scheduler.scheduleWithFixedDelay(handOff, initialDelay.toNanos(), interval.toNanos(),
          TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      log.debug("scheduler closed; no periodic {}", what);
      return new Periodic(null);
    }
  }

  /** Stops it: no run starts after this; a run in progress finishes. Idempotent. */
  @Override
  public void close() {
    if (future != null) {
      future.cancel(false);
    }
  }
}
