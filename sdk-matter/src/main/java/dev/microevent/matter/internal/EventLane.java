package dev.microevent.matter.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one delivery thread: events for listeners and command completions, run in the
 * order they were handed in. The WebSocket thread only decodes and hands in here, so a slow
 * listener never blocks the socket.
 *
 * <p>Bounded: at most {@code capacity} events wait. When full, the oldest waiting event is
 * dropped and counted, and the next delivered event is preceded by one {@code onDropped(n)} call.
 * Command completions are never dropped (their number is bounded by the client's pending-command
 * limit). Thread-safe.
 */
final class EventLane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventLane.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private record Item(Runnable task, boolean droppable) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private final int capacity;
  private final LongConsumer onDropped;
  private final Runnable droppedMeter;
  private final Runnable failureMeter;
  private final Thread thread;
  private int events;
  private int highWater;
  private long dropped;
  private boolean closing;

  /**
   * Starts the lane's thread.
   *
   * @param capacity events kept at most
   * @param onDropped told, on the lane's thread, how many events were dropped since it was last told
   * @param droppedMeter counts one dropped event
   * @param failureMeter counts one task that threw
   */
  EventLane(int capacity, LongConsumer onDropped, Runnable droppedMeter, Runnable failureMeter) {
    this.capacity = capacity;
    this.onDropped = onDropped;
    this.droppedMeter = droppedMeter;
    this.failureMeter = failureMeter;
    this.thread = new Thread(this::loop, "microevent-matter-events-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  /** Hands in an event delivery; drops the oldest waiting event when full. */
  void event(Runnable delivery) {
    add(new Item(delivery, true));
  }

  /** Hands in a command completion; never dropped. */
  void completion(Runnable completion) {
    add(new Item(completion, false));
  }

  private void add(Item item) {
    boolean droppedOne = false;
    boolean runHere = false;
    lock.lock();
    try {
      if (closing) {
        // The thread is gone or going: complete here rather than never (events are dropped).
        runHere = !item.droppable();
        return;
      }
      if (item.droppable()) {
        if (events >= capacity) {
          dropOldestEvent();
          droppedOne = true;
        }
        events++;
        highWater = Math.max(highWater, events);
      }
      items.addLast(item);
      notEmpty.signal();
    } finally {
      lock.unlock();
      if (runHere) {
        run(item.task());
      }
    }
    if (droppedOne) {
      droppedMeter.run();
    }
  }

  private void dropOldestEvent() {
    Iterator<Item> it = items.iterator();
    while (it.hasNext()) {
      if (it.next().droppable()) {
        it.remove();
        events--;
        dropped++;
        return;
      }
    }
  }

  /** Events waiting now. */
  int depth() {
    return locked(() -> events);
  }

  /** The most events that waited at once. */
  int highWater() {
    return locked(() -> highWater);
  }

  private int locked(java.util.function.IntSupplier read) {
    lock.lock();
    try {
      return read.getAsInt();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (true) {
      Item item;
      long droppedNow = 0;
      lock.lock();
      try {
        while (items.isEmpty() && !closing) {
          notEmpty.awaitUninterruptibly();
        }
        item = items.pollFirst();
        if (item == null) {
          return; // closing and drained
        }
        if (item.droppable()) {
          events--;
          droppedNow = dropped;
          dropped = 0;
          if (closing) {
            continue; // events are not delivered after close; completions are
          }
        }
      } finally {
        lock.unlock();
      }
      if (droppedNow > 0) {
        long n = droppedNow;
        run(() -> onDropped.accept(n));
      }
      run(item.task());
    }
  }

  private void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      failureMeter.run();
      log.warn("a Matter listener threw; skipped it (listeners must not throw)", e);
    }
  }

  /**
   * Stops the thread once the completions already handed in have run (waiting events are
   * dropped); waits up to a second for that unless called on the lane's own thread.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
