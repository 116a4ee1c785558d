package dev.microevent.testkit.internal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;

/**
 * A load target that is also told each request's intended start, so what it observes (which plane
 * served a call, when it failed over) lands on the same time base as the load report: the
 * schedule's, not the moment a lagging generator got round to sending. The generator calls this
 * instead of {@code LoadTarget.send} on targets that implement it, and tells them when the
 * schedule starts.
 */
public interface ScheduledTarget {

  /**
   * Called on the generator's thread at time zero of the schedule, just before the first arrival
   * is due, once its workers are started: what runs alongside the traffic starts here.
   */
  default void scheduleStarts() {}

  /**
   * Sends one request and waits for its end.
   *
   * @param intent what the request is for
   * @param request what to send
   * @param intendedOffsetNanos when it was due, from the start of the run
   * @throws Exception any failure, as for {@code LoadTarget.send}
   */
  void send(Intent intent, EdgeRequest request, long intendedOffsetNanos) throws Exception;
}
