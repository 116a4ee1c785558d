package dev.microevent.testkit.load;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.time.Ticker;
import dev.microevent.testkit.internal.ScheduledTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-loop engine: a dispatcher thread releases each arrival at its intended time, however
 * busy the target is, onto a growing pool of worker threads; each finished request records its
 * latency from the intended start (so queueing behind a stall counts: coordinated omission is
 * corrected) and its service time from the actual start.
 *
 * <p>The dispatcher never starts a thread itself: on a busy machine {@code Thread.start()} waits
 * for the new thread to be scheduled, tens to hundreds of milliseconds, and every arrival behind
 * it would be late. A spawner thread keeps a reserve of idle workers instead, started before the
 * first arrival and topped up as the reserve runs low. The generator's own lag is measured per
 * arrival: how late it was handed to a worker free to send it (at dispatch, or, when the reserve
 * had run out, when a newly started worker took it). An arrival that waits because all
 * {@code maxConcurrency} workers are busy is the target's backlog, not the generator's lag.
 */
final class OpenLoopRunner {
  private static final Logger log = LoggerFactory.getLogger(OpenLoopRunner.class);
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final Task POISON = new Task(new Arrival(0, Intent.READ, EdgeRequest.get("/")), 0);

  /** One scheduled request. */
  record Arrival(long offsetNanos, Intent intent, EdgeRequest request) {}

  /** One dispatched arrival; identity matters (the same request may be scheduled twice). */
  private static final class Task {
    private final Arrival arrival;
    private final long dueNanos;
    /** No worker was free and the pool could still grow: it waits for the spawner, not for the target. */
    boolean waitsForSpawner;

    Task(Arrival arrival, long dueNanos) {
      this.arrival = arrival;
      this.dueNanos = dueNanos;
    }

    Arrival arrival() {
      return arrival;
    }

    long dueNanos() {
      return dueNanos;
    }
  }

  private final LoadTarget target;
  private final int maxConcurrency;
  private final Duration drainTimeout;
  private final Clock clock;
  /** Arrivals, latencies and lags: real time (the workers park and the target answers on it). */
  private final Ticker ticker;
  private final long sliceNanos;
  private final Slice[] slices;

  /** Most idle workers kept ready for arrivals; the spawner tops the reserve up. */
  private static final int RESERVE = 32;

  private final ConcurrentHistogram latency = histogram(3);
  /** Per arrival, how late it was handed to a worker free to send it: the generator's own lag. */
  private final ConcurrentHistogram generatorLag = histogram(3);
  private final ConcurrentHistogram service = histogram(3);
  private final Map<String, IntentAcc> intents = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder unfinished = new LongAdder();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong maxLag = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  /**
   * Workers ready for a task minus tasks queued: above zero, a queued task has a worker waiting for
   * it; at or below zero, a new task needs a new worker. The dispatcher takes one per task, a worker
   * gives one back each time it is ready, so a task never waits for a worker that is already busy.
   */
  private final AtomicInteger ready = new AtomicInteger();
  private final List<Thread> workers = new ArrayList<>();
  private final int reserve;
  private final CountDownLatch reserveStarted;
  private final Thread spawner;
  /** Tasks being sent; whoever removes a task from here (its worker, or the end of the run) records it. */
  private final Map<Task, Long> running = new ConcurrentHashMap<>();
  private volatile boolean draining;
  private volatile boolean stopped;

  private static final class Slice {
    final LongAdder offered = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final ConcurrentHistogram latency = histogram(2);
  }

  private static final class IntentAcc {
    final LongAdder requests = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder clientErrors = new LongAdder();
    final LongAdder failed = new LongAdder();
    final ConcurrentHistogram latency = histogram(3);
  }

  OpenLoopRunner(LoadTarget target, int maxConcurrency, Duration drainTimeout, Clock clock, Ticker ticker,
      Duration scheduled) {
    this.target = target;
    this.ticker = ticker;
    this.maxConcurrency = maxConcurrency;
    this.drainTimeout = drainTimeout;
    this.clock = clock;
    long total = Math.max(1, scheduled.toNanos());
    long slice = Math.max(TimeUnit.MILLISECONDS.toNanos(100), total / 120);
    slice = (slice + 99_999_999L) / 100_000_000L * 100_000_000L;
    this.sliceNanos = slice;
    this.slices = new Slice[(int) (total / slice) + 1];
    for (int i = 0; i < slices.length; i++) {
      slices[i] = new Slice();
    }
    this.reserve = Math.min(RESERVE, maxConcurrency);
    this.reserveStarted = new CountDownLatch(reserve);
    this.spawner = new Thread(this::spawn, "load-spawner");
    spawner.setDaemon(true);
  }

  private static ConcurrentHistogram histogram(int digits) {
    return new ConcurrentHistogram(1, HIGHEST_MICROS, digits);
  }

  LoadReport run(Iterator<Arrival> arrivals, Duration scheduled, String description) {
    synchronized (workers) {
      topUp();
    }
    try {
      // Starting threads is slow on a busy machine: the schedule starts once the reserve is idle.
      if (!reserveStarted.await(10, TimeUnit.SECONDS)) {
        log.warn("load generator: its {} workers took more than 10 s to start; starting the schedule anyway", reserve);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    spawner.start();
    if (target instanceof ScheduledTarget follower) {
      follower.scheduleStarts();
    }
    Instant startedAt = clock.instant();
    long start = ticker.read();
    long offered = 0;
    try {
      while (arrivals.hasNext()) {
        Arrival a = arrivals.next();
        long due = start + a.offsetNanos();
        long now = ticker.read();
        while (now < due) {
          LockSupport.parkNanos(due - now);
          now = ticker.read();
        }
        long lag = now - due;
        if (lag > maxLag.get()) {
          maxLag.set(lag);
        }
        offered++;
        slice(a.offsetNanos()).offered.increment();
        intent(a.intent()).requests.increment();
        Task task = new Task(a, due);
        dispatch(task);
        if (!task.waitsForSpawner) {
          generatorLag.recordValue(micros(lag));
        }
      }
      long drainUntil = ticker.read() + drainTimeout.toNanos();
      draining = true;
      synchronized (finished) {
        while (finished.get() < offered) {
          long left = drainUntil - ticker.read();
          if (left <= 0) {
            break;
          }
          try {
            finished.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    } finally {
      draining = true;
    }
    long end = ticker.read();
    stopped = true;
    LockSupport.unpark(spawner);
    for (Task t : stopWorkers()) {
      record(t, end, end, new UnfinishedException());
    }
    for (Task t : List.copyOf(running.keySet())) {
      Long begin = running.remove(t);
      if (begin != null) {
        record(t, end, begin, new UnfinishedException());
      }
    }
    awaitRecorded(offered);
    return report(startedAt, scheduled, Duration.ofNanos(end - start), offered, unfinished.sum(), description);
  }

  /** Marks a request still running when the drain timeout passed. */
  static final class UnfinishedException extends Exception {
    private static final long serialVersionUID = 1L;

    UnfinishedException() {
      super("still running when the run ended", null, false, false);
    }
  }

  private void dispatch(Task task) {
    int idle = ready.getAndDecrement();
    // Set before the task is queued, so the worker that takes it sees it.
    task.waitsForSpawner = idle <= 0 && workerCount() < maxConcurrency;
    queue.add(task);
    if (idle - 1 < reserve) {
      LockSupport.unpark(spawner);
    }
  }

  private int workerCount() {
    synchronized (workers) {
      return workers.size();
    }
  }

  /** The spawner: keeps the reserve of idle workers full (up to {@code maxConcurrency}) until the run ends. */
  private void spawn() {
    while (!stopped) {
      synchronized (workers) {
        topUp();
      }
      LockSupport.park(this);
    }
  }

  /** Starts workers until the reserve is full; call holding the workers lock. */
  private void topUp() {
    while (!stopped && ready.get() < reserve && workers.size() < maxConcurrency) {
      ready.incrementAndGet();
      Thread t = new Thread(this::work, "load-worker-" + (workers.size() + 1));
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void work() {
    reserveStarted.countDown();
    while (true) {
      Task task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == POISON) {
        return;
      }
      long begin = ticker.read();
      if (task.waitsForSpawner) {
        generatorLag.recordValue(micros(begin - task.dueNanos()));
      }
      running.put(task, begin);
      if (stopped) {
        // Taken just before the run ended, after the end had collected the tasks in flight.
        if (running.remove(task) != null) {
          record(task, begin, begin, new UnfinishedException());
        }
        return;
      }
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      Throwable failure = null;
      try {
        Arrival a = task.arrival();
        if (target instanceof ScheduledTarget scheduled) {
          scheduled.send(a.intent(), a.request(), a.offsetNanos());
        } else {
          target.send(a.intent(), a.request());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = e;
      } catch (Exception | Error e) {
        failure = e;
      }
      inFlight.decrementAndGet();
      if (running.remove(task) == null) {
        return;
      }
      record(task, ticker.read(), begin, failure);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      ready.incrementAndGet();
    }
  }

  /**
   * Waits (briefly) until every offered request is recorded, so the report is consistent: a worker
   * may still be recording the request it just finished, or one it took as the run ended.
   */
  private void awaitRecorded(long offered) {
    long deadline = ticker.read() + TimeUnit.SECONDS.toNanos(5);
    while (finished.get() < offered && ticker.read() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Stops every worker; returns the tasks that never started. */
  private List<Task> stopWorkers() {
    List<Task> left = new ArrayList<>();
    synchronized (workers) {
      queue.drainTo(left);
      for (int i = 0; i < workers.size(); i++) {
        queue.add(POISON);
      }
      if (!running.isEmpty()) {
        for (Thread t : workers) {
          t.interrupt();
        }
      }
    }
    left.removeIf(t -> t == POISON);
    return left;
  }

  private void record(Task task, long endNanos, long beginNanos, @Nullable Throwable failure) {
    long latencyMicros = micros(endNanos - task.dueNanos());
    long serviceMicros = micros(endNanos - beginNanos);
    latency.recordValue(latencyMicros);
    service.recordValue(serviceMicros);
    Slice slice = slice(task.arrival().offsetNanos());
    slice.latency.recordValue(latencyMicros);
    IntentAcc acc = intent(task.arrival().intent());
    acc.latency.recordValue(latencyMicros);
    if (failure == null) {
      succeeded.increment();
      slice.succeeded.increment();
      acc.succeeded.increment();
    } else {
      if (failure instanceof UnfinishedException) {
        unfinished.increment();
      }
      String kind = kindOf(failure);
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
      slice.errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
      slice.failed.increment();
      if (isClientError(failure)) {
        clientErrors.increment();
        acc.clientErrors.increment();
      } else {
        failed.increment();
        acc.failed.increment();
      }
    }
    finished.incrementAndGet();
    if (draining) {
      synchronized (finished) {
        finished.notifyAll();
      }
    }
  }

  static String kindOf(Throwable failure) {
    if (failure instanceof UnfinishedException) {
      return "unfinished";
    }
    if (failure instanceof SdkServiceException s) {
      return "SdkServiceException " + s.errorCode(); // an HTTP answer's error code is its status
    }
    if (failure instanceof NoRouteException n) {
      return "NoRouteException " + n.reason();
    }
    if (failure instanceof CallRejectedException c) {
      return "CallRejectedException " + c.reason();
    }
    return failure.getClass().getSimpleName();
  }

  static boolean isClientError(Throwable failure) {
    return failure instanceof HttpServiceException s && s.statusCode() >= 400 && s.statusCode() < 500
        && s.statusCode() != 408 && s.statusCode() != 429;
  }

  private static long micros(long nanos) {
    return Math.min(HIGHEST_MICROS, Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
  }

  private Slice slice(long offsetNanos) {
    return slices[(int) Math.min(slices.length - 1, Math.max(0, offsetNanos / sliceNanos))];
  }

  private IntentAcc intent(Intent intent) {
    return intents.computeIfAbsent(intent.name(), k -> new IntentAcc());
  }

  private LoadReport report(Instant startedAt, Duration scheduled, Duration elapsed, long offered, long unfinished,
      String description) {
    List<TimeSlice> timeline = new ArrayList<>();
    for (int i = 0; i < slices.length; i++) {
      Slice s = slices[i];
      if (i == slices.length - 1 && s.offered.sum() == 0) {
        break;
      }
      Histogram h = s.latency;
      timeline.add(new TimeSlice(Duration.ofNanos(i * sliceNanos), Duration.ofNanos(sliceNanos), s.offered.sum(),
          s.succeeded.sum(), s.failed.sum(), sums(s.errors), at(h, 50), at(h, 99), max(h)));
    }
    Map<String, IntentLoad> byIntent = new TreeMap<>();
    intents.forEach((name, acc) -> byIntent.put(name, new IntentLoad(name, acc.requests.sum(), acc.succeeded.sum(),
        acc.clientErrors.sum(), acc.failed.sum(), summary(acc.latency))));
    return new LoadReport(description, startedAt, scheduled, elapsed, offered, succeeded.sum(), clientErrors.sum(),
        failed.sum(), unfinished, new TreeMap<>(sums(errors)), summary(latency), summary(service),
        Duration.ofNanos(maxLag.get()), generatorLag.copy(), maxInFlight.get(), byIntent, timeline);
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  static LatencySummary summary(Histogram h) {
    if (h.getTotalCount() == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(h.getTotalCount(), Duration.ofNanos((long) (h.getMean() * 1000)), at(h, 50), at(h, 90),
        at(h, 99), at(h, 99.9), max(h));
  }

  private static Duration at(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(h.getValueAtPercentile(percentile) * 1000);
  }

  private static Duration max(Histogram h) {
    return h.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(h.getMaxValue() * 1000);
  }
}
