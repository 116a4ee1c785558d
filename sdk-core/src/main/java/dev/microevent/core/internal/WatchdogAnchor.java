package dev.microevent.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okio.AsyncTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Okio's timeout watchdog from being woken by every exchange.
 *
 * <p>Every OkHttp exchange enters Okio {@link AsyncTimeout}s: the call's timeout, and the socket's
 * read and write timeouts around each read and write. Okio keeps them in one queue per JVM, ordered
 * by deadline, watched by one thread, and wakes that thread ({@code Condition.signal}, a futex
 * system call) whenever a timeout is entered at the head of the queue. Between exchanges the queue
 * is empty, so each exchange's first timeout goes to the head and each exchange pays for a wake-up
 * of the watchdog: measured on the decision path (DecisionPathPairs in the benchmarks), about 2.4 us
 * of the caller's CPU per call, more than a quarter of the whole exchange.
 *
 * <p>This anchor is an {@link AsyncTimeout} of {@value #PERIOD_MILLIS} ms that re-enters itself
 * each time it expires, so while it is in the queue it is nearly always at the head, and an
 * exchange's timeouts, all longer, are entered behind it without a wake-up. A timeout shorter than
 * the anchor's time left still goes to the head and wakes the watchdog, as it would without the
 * anchor: every timeout fires when it should. It stays in the queue only while some client is open
 * and exchanges were made in its last period, so an idle client costs no wake-ups at all; a busy
 * one costs the watchdog {@code 1000 / PERIOD_MILLIS} wake-ups a second instead of one per
 * exchange. Okio's watchdog thread itself is Okio's: it ends a minute after its queue empties.
 *
 * <p>One per class loader, shared by the clients (Okio's queue is). Thread-safe: the transitions
 * (armed, expired, last client closed) take this anchor's own lock, then Okio's, never the other
 * way round; an exchange's {@link #beforeExchange} reads two volatile fields and takes no lock once
 * the anchor is armed.
 */
final class WatchdogAnchor extends AsyncTimeout {
  private static final Logger log = LoggerFactory.getLogger(WatchdogAnchor.class);
  /** How long the anchor stays in the queue before it re-enters: shorter than the timeouts it keeps quiet. */
  static final long PERIOD_MILLIS = 250;
  /** The anchor of the clients' transports. */
  static final WatchdogAnchor SHARED = new WatchdogAnchor(PERIOD_MILLIS);

  private final Object lock = new Object();
  /** Open clients. Guarded by {@link #lock}. */
  private int clients;
  /** Whether the anchor is in Okio's queue. Written under {@link #lock}, read without it. */
  private volatile boolean armed;
  /** Whether an exchange began since the anchor last entered the queue. */
  private volatile boolean active;
  private final AtomicInteger failures = new AtomicInteger();

  /**
   * An anchor; the clients share {@link #SHARED}, tests make their own.
   *
   * @param periodMillis how long it stays in the queue each time
   */
  WatchdogAnchor(long periodMillis) {
    timeout(periodMillis, TimeUnit.MILLISECONDS);
  }

  /** A client opened: exchanges may follow. */
  void clientOpened() {
    synchronized (lock) {
      clients++;
    }
  }

  /** A client closed; with the last one the anchor leaves Okio's queue. */
  void clientClosed() {
    synchronized (lock) {
      clients = Math.max(0, clients - 1);
      if (clients == 0 && armed) {
        leaveQueue();
      }
    }
  }

  /** An exchange is about to begin: the anchor is armed if it is not. */
  void beforeExchange() {
    if (!active) {
      active = true; // written once a period, not on every exchange: the field stays in every core's cache
    }
    if (!armed) {
      arm();
    }
  }

  /** {@return whether the anchor is in Okio's queue} */
  boolean armed() {
    return armed;
  }

  private void arm() {
    synchronized (lock) {
      if (!armed && clients > 0) {
        enterQueue();
      }
    }
  }

  /** Runs on Okio's watchdog thread when the period is over; must not throw (Okio's thread would die). */
  @Override
  protected void timedOut() {
    try {
      synchronized (lock) {
        exit(); // Okio has taken the anchor out of its queue; this balances the enter
        if (armed && active && clients > 0) {
          active = false;
          enter(); // armed throughout: an exchange meanwhile sees it armed and takes no lock
        } else {
          armed = false;
        }
      }
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("the Okio watchdog anchor could not re-enter; exchanges wake Okio's watchdog until it is armed again", e);
    }
  }

  /** {@return how many times the anchor failed to re-enter} Zero unless Okio changed under it. */
  int failures() {
    return failures.get();
  }

  private void enterQueue() {
    active = false;
    enter();
    armed = true;
  }

  private void leaveQueue() {
    exit();
    armed = false;
  }
}
