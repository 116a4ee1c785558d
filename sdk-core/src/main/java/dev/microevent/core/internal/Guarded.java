package dev.microevent.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wrapper for every task the SDK runs on a scheduler or I/O thread: nothing the task
 * throws reaches the thread, where it would kill a pool thread and land in the app's
 * uncaught-exception handler, or silently end a periodic schedule. That includes the checked
 * exceptions Kotlin code such as OkHttp throws without declaring them ({@link
 * InterruptedException} while it waits for a connect). An interrupt is how a closing client stops
 * its threads, so a failure on an interrupted thread is logged at DEBUG and the interrupt status
 * is kept; any other exception is logged at WARN. A {@link VirtualMachineError} (out of memory,
 * stack overflow) is the one thing let through: the JVM itself is failing, and the app's handler
 * must hear of it. For the client and the SDK's modules, not for apps.
 */
public final class Guarded {
  private static final Logger log = LoggerFactory.getLogger(Guarded.class);

  private Guarded() {}

  /**
   * The task, guarded.
   *
   * @param what what the task does, for logs
   * @param task the task
   * @return a runnable that throws nothing but a {@link VirtualMachineError}
   */
  public static Runnable task(String what, Runnable task) {
    return () -> run(what, task);
  }

  /**
   * Runs the task now, guarded.
   *
   * @param what what the task does, for logs
   * @param task the task
   */
  public static void run(String what, Runnable task) {
    try {
      task.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // the point of this class; see above
      if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        Thread.currentThread().interrupt();
        log.debug("{} stopped by an interrupt (the client or its executor is shutting down): {}", what, t.toString());
      } else if (t instanceof Exception) {
        log.warn("{} failed; the next run is unaffected", what, t);
      } else {
        log.error("{} failed with an error; the next run is unaffected", what, t);
      }
    }
  }
}
