package dev.microevent.testkit.rehearsal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Outcome;
import dev.microevent.testkit.internal.ScheduledTarget;
import dev.microevent.testkit.load.LoadTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * Listens to the rehearsed client: which plane served each call and when failovers happened, each
 * at the intended start of its call in the measured run (the load report's time base, so every
 * chart of the report lines up). Calls the generator did not schedule in the measured run, such as
 * the warm-up's, are not recorded. The client calls listeners on the calling thread, so the
 * intended start travels from {@link #measured} to the listener in a thread-local.
 */
final class CallTimeline implements CallListener {
  private static final long NONE = -1;
  /** The intended start of the call the current thread is making, or {@link #NONE}. */
  private final ThreadLocal<long[]> intended = ThreadLocal.withInitial(() -> new long[] {NONE});
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final Queue<Long> failovers = new ConcurrentLinkedQueue<>();

  /** One finished call, at its intended start from the start of the run. */
  record Call(long startOffsetNanos, Intent intent, Outcome outcome, @Nullable String planeId) {}

  /**
   * The measured run's target: sends through the client and tells this timeline each call's
   * intended start.
   *
   * @param atStart runs at time zero of the schedule (starts the fault script)
   */
  Target measured(MicroEventClient client, Runnable atStart) {
    return new Target(client, true, atStart);
  }

  /** The warm-up's target: the same code path as the measured run's, recording nothing. */
  Target warmUp(MicroEventClient client) {
    return new Target(client, false, () -> { });
  }

  final class Target implements LoadTarget, ScheduledTarget {
    private final MicroEventClient client;
    private final boolean recorded;
    private final Runnable atStart;

    private Target(MicroEventClient client, boolean recorded, Runnable atStart) {
      this.client = client;
      this.recorded = recorded;
      this.atStart = atStart;
    }

    @Override
    public void scheduleStarts() {
      atStart.run();
    }

    @Override
    public void send(Intent intent, EdgeRequest request, long intendedOffsetNanos) throws Exception {
      long[] at = intended.get();
      at[0] = recorded ? intendedOffsetNanos : NONE;
      try {
        client.call(intent, request);
      } finally {
        at[0] = NONE;
      }
    }

    @Override
    public void send(Intent intent, EdgeRequest request) throws Exception {
      send(intent, request, NONE);
    }
  }

  @Override
  public void onAttempt(AttemptEvent event) {
    long at = intended.get()[0];
    if (at != NONE && event.failover()) {
      failovers.add(at);
    }
  }

  @Override
  public void onCall(CallEvent event) {
    long at = intended.get()[0];
    if (at != NONE) {
      calls.add(new Call(at, event.intent(), event.outcome(), event.planeId()));
    }
  }

  /** Forgets what an earlier run recorded. */
  void clear() {
    calls.clear();
    failovers.clear();
  }

  /** The calls recorded, by intended start. */
  List<Call> calls() {
    List<Call> out = new ArrayList<>(calls);
    out.sort((a, b) -> Long.compare(a.startOffsetNanos, b.startOffsetNanos));
    return out;
  }

  /** The intended starts of the calls whose attempts failed over, one per such attempt, ascending. */
  List<Long> failoverOffsets() {
    List<Long> out = new ArrayList<>(failovers);
    out.sort(Long::compare);
    return out;
  }
}
