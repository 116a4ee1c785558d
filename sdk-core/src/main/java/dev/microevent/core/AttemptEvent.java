package dev.microevent.core;

import java.time.Duration;
import java.util.List;

/**
 * One HTTP exchange of a logical call, as seen by {@link CallListener#onAttempt}.
 *
 * @param intent the call's intent
 * @param plane the plane the attempt went to
 * @param binding name of the transport binding used (e.g. a 5G slice), {@code "default"} if none
 * @param attempt 1 for the first attempt
 * @param failover whether the attempt went to the central plane because no edge plane could
 * @param outcome how it ended
 * @param statusCode HTTP status, or 0 when there was none
 * @param duration how long the exchange took
 * @param serverTimings the response's Server-Timing metrics, possibly empty
 */
public record AttemptEvent(
    Intent intent,
    Plane plane,
    String binding,
    int attempt,
    boolean failover,
    Outcome outcome,
    int statusCode,
    Duration duration,
    List<ServerTiming> serverTimings) {

  /** Makes a defensive copy. */
  public AttemptEvent {
    serverTimings = List.copyOf(serverTimings);
  }
}
