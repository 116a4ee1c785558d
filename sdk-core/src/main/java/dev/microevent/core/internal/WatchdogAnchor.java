package dev.microevent.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okio.AsyncTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Okio's timeout watchdog from being woken by every exchange.
 *
 * <p>Every OkHttp exchange enters Okio {@link AsyncTimeout}s: the call's timeout, and, on a client
 * with socket timeouts (the base client's; the attempts' sockets have none), the socket's read and
 * write timeouts around each read and write. Okio keeps them in one queue per JVM, ordered
 * by deadline, watched by one thread, and wakes that thread ({@code Condition.signal}, a futex
 * system call) whenever a timeout is entered at the head of the queue. Between exchanges the queue
 * is empty, so each exchange's first timeout goes to the head and each exchange pays for a wake-up
 * of the watchdog: measured on the decision path (DecisionPathPairs in the benchmarks), about 2.4 us
 * of the caller's CPU per call, more than a quarter of the whole exchange.
 *
 * <p>This anchor is an {@link AsyncTimeout} of {@value #PERIOD_MILLIS} ms that re-enters itself
 * each time it expires, so while it is in the queue it is nearly always at the head, and an
 * exchange's timeouts, nearly always longer (connect 5 s, an attempt 1 s and more, the base
 * client's reads and writes 30 s), are entered behind it without a wake-up. A timeout shorter than the anchor's time left
 * (an attempt near its call's deadline) still goes to the head and wakes the watchdog, as it would
 * without the anchor: every timeout fires when it should. It stays in the queue only while some
 * client is open and exchanges were made in its last period, so an idle client costs no wake-ups
 * at all; a busy one costs the watchdog {@code 1000 / PERIOD_MILLIS} wake-ups a second instead of
 * one per exchange. Okio's watchdog thread itself is Okio's: it ends a minute after its queue
 * empties.
 *
 * <p>One per class loader, shared by the clients (Okio's queue is). Thread-safe: the transitions
 * (armed, expired, last client closed) take this anchor's own lock, then Okio's, never the other
 * way round; an exchange's {@link #beforeExchange} reads volatile fields and takes no lock once the
 * anchor is armed. No exception leaves it at an exchange, nor anything at Okio's watchdog thread
 * (a throw there would end that thread, and every Okio timeout in the JVM with it): if Okio ever
 * refuses the anchor, it gives up for good and exchanges go on as they would without it.
 */
final class WatchdogAnchor extends AsyncTimeout {
  private static final Logger log = LoggerFactory.getLogger(WatchdogAnchor.class);
  /** How long the anchor stays in the queue before it re-enters: shorter than the timeouts it keeps quiet. */
  static final long PERIOD_MILLIS = 250;
  /** The anchor of the clients' transports. */
  static final WatchdogAnchor SHARED = new WatchdogAnchor(PERIOD_MILLIS);

  private final Object lock = new Object();
  /** Open clients. Written under {@link #lock}. */
  private volatile int clients;
  /**
   * Whether the anchor is in Okio's queue, or has just been taken out of it by Okio's watchdog and
   * is about to re-enter or leave ({@link #timedOut}). Written under {@link #lock}.
   */
  private volatile boolean armed;
  /** Whether an exchange began since the anchor last entered the queue. */
  private volatile boolean active;
  /** Set when Okio refused the anchor: it is not used again. */
  private volatile boolean broken;
  /** Times the anchor entered the queue: armed by an exchange, or re-entered when its period ended. */
  private final AtomicLong entries = new AtomicLong();
  /** Times it re-entered when its period ended. */
  private final AtomicLong reentries = new AtomicLong();

  /**
   * An anchor; the clients share {@link #SHARED}, tests make their own.
   *
   * @param periodMillis how long it stays in the queue each time, more than 0
   */
  WatchdogAnchor(long periodMillis) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("period must be positive, got " + periodMillis + " ms");
    }
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
        exit(); // never throws
        armed = false;
      }
    }
  }

  /** An exchange is about to begin: the anchor is armed if it is not. Throws no exception. */
  void beforeExchange() {
    if (!active) {
      active = true; // written once a period, not on every exchange: the field stays in every core's cache
    }
    if (!armed && clients > 0 && !broken) {
      arm();
    }
  }

  /** {@return whether the anchor is in Okio's queue, or about to re-enter it} */
  boolean armed() {
    return armed;
  }

  /** {@return whether Okio refused the anchor, which is then no longer used} */
  boolean broken() {
    return broken;
  }

  /** {@return times the anchor entered Okio's queue} */
  long entries() {
    return entries.get();
  }

  /** {@return times it re-entered at the end of a period because exchanges were made in it} */
  long reentries() {
    return reentries.get();
  }

  private void arm() {
    try {
      synchronized (lock) {
        if (!armed && clients > 0 && !broken) {
          enterQueue();
        }
      }
    } catch (RuntimeException e) {
      giveUp(e);
    }
  }

  /** Runs on Okio's watchdog thread when the period is over. */
  @Override
  protected void timedOut() {
    try {
      synchronized (lock) {
        exit(); // Okio has taken the anchor out of its queue; this balances the enter
        if (armed && active && clients > 0 && !broken) {
          enterQueue(); // armed throughout: an exchange meanwhile sees it armed and takes no lock
          reentries.incrementAndGet();
        } else {
          armed = false;
        }
      }
    } catch (Throwable t) { // anything thrown here would end Okio's watchdog thread
      giveUp(t);
    }
  }

  private void enterQueue() {
    active = false;
    enter();
    armed = true;
    entries.incrementAndGet();
  }

  /** Okio refused the anchor (not expected of Okio 3): exchanges go on without it, waking Okio's watchdog. */
  private void giveUp(Throwable t) {
    broken = true;
    armed = false;
    try {
      log.warn("Okio refused the watchdog anchor; exchanges wake Okio's watchdog thread from now on", t);
    } catch (Throwable ignored) { // a failing logger must not end the thread this runs on either
      // nothing more to do
    }
  }
}
