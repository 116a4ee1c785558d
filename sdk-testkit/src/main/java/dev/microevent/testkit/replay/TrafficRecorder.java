package dev.microevent.testkit.replay;

import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.EdgeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Captures the real traffic of a client into the traffic format: add it as a {@link CallListener},
 * run the app (or a rehearsal, or the field day), then write the file. Records every finished
 * logical call, including calls refused locally; offsets count from the earliest call. Bodies are
 * not kept, only their size.
 *
 * <pre>{@code
 * TrafficRecorder recorder = new TrafficRecorder();
 * MicroEventClient client = MicroEventClient.builder()...addCallListener(recorder).build();
 * // ... traffic ...
 * recorder.writeTo(Path.of("target/traffic.ndjson"));
 * }</pre>
 *
 * <p>Thread-safe; {@link #onCall} only appends to a lock-free queue. Holds at most {@code limit}
 * calls (default 1,000,000) and counts the ones it had to drop.
 */
public final class TrafficRecorder implements CallListener {
  private final int limit;
  private final Queue<CallEvent> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  /** A recorder holding up to 1,000,000 calls. */
  public TrafficRecorder() {
    this(1_000_000);
  }

  /**
   * A recorder.
   *
   * @param limit most calls held, 1 or more
   */
  public TrafficRecorder(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    this.limit = limit;
  }

  @Override
  public void onCall(CallEvent event) {
    if (size.incrementAndGet() > limit) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    calls.add(event);
  }

  /**
   * Calls not recorded because the limit was reached.
   *
   * @return how many calls were not recorded because the limit was reached
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Calls recorded so far.
   *
   * @return how many calls were recorded so far
   */
  public int size() {
    return size.get();
  }

  /** {@return the recorded calls as traffic records, sorted by offset from the earliest call} */
  public List<TrafficRecord> records() {
    List<CallEvent> snapshot = new ArrayList<>(calls);
    Instant origin = null;
    for (CallEvent e : snapshot) {
      if (origin == null || e.startedAt().isBefore(origin)) {
        origin = e.startedAt();
      }
    }
    List<TrafficRecord> out = new ArrayList<>(snapshot.size());
    for (CallEvent e : snapshot) {
      EdgeRequest req = e.request();
      int bodySize = req.bodyLength();
      out.add(TrafficRecord.builder(Duration.between(origin, e.startedAt()), e.intent(), req.method(), req.path())
          .bodySize(bodySize)
          .contentType(bodySize > 0 ? req.contentType().orElse(null) : null)
          .observed(e.outcome(), e.statusCode(), e.planeId(), e.attempts(), e.duration())
          .build());
    }
    out.sort(java.util.Comparator.comparing(TrafficRecord::offset));
    return out;
  }

  /**
   * Writes the recorded calls as a traffic file.
   *
   * @param file the file (replaced)
   * @throws dev.microevent.testkit.TestkitException if it cannot be written
   */
  public void writeTo(Path file) {
    TrafficFile.write(file, records());
  }

  /** Forgets every recorded call. */
  public void clear() {
    calls.clear();
    size.set(0);
    dropped.set(0);
  }
}
