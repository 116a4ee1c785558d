package dev.microevent.testkit.rehearsal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/** Listens to the rehearsed client: which plane served each call and when failovers happened. */
final class CallTimeline implements CallListener {
  private volatile long startNanos = System.nanoTime();
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final Queue<Long> failovers = new ConcurrentLinkedQueue<>();

  /** One finished call, offsets from the start of the run. */
  record Call(long startOffsetNanos, Intent intent, Outcome outcome, @Nullable String planeId) {}

  void start() {
    calls.clear();
    failovers.clear();
    startNanos = System.nanoTime();
  }

  @Override
  public void onAttempt(AttemptEvent event) {
    if (event.failover()) {
      failovers.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void onCall(CallEvent event) {
    long offset = System.nanoTime() - startNanos - event.duration().toNanos();
    calls.add(new Call(Math.max(0, offset), event.intent(), event.outcome(), event.planeId()));
  }

  List<Call> calls() {
    List<Call> out = new ArrayList<>(calls);
    out.sort((a, b) -> Long.compare(a.startOffsetNanos, b.startOffsetNanos));
    return out;
  }

  List<Long> failoverOffsets() {
    List<Long> out = new ArrayList<>(failovers);
    out.sort(Long::compare);
    return out;
  }
}
