package dev.microevent.testkit.internal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;

/**
 * A load target that is also told each request's intended start, so what it observes (which plane
 * served a call, when it failed over) lands on the same time base as the load report: the
 * schedule's, not the moment a lagging generator got round to sending. The generator calls this
 * instead of {@code LoadTarget.send} on targets that implement it.
 */
public interface ScheduledTarget {

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
