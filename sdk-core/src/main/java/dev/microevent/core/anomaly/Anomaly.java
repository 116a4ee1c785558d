package dev.microevent.core.anomaly;

import java.time.Instant;

/**
 * Something unusual on one route (a plane, and for slices a slice).
 *
 * @param route the plane id
 * @param kind latency or error rate
 * @param observed the latency in ms, or the EWMA error rate
 * @param expected the baseline mean latency in ms, or the error-rate threshold
 * @param score the z-score for latency; observed over threshold for errors
 * @param at when, on the client's clock
 */
public record Anomaly(String route, Kind kind, double observed, double expected, double score, Instant at) {

  /** What was unusual. */
  public enum Kind {
    /** An attempt far slower than the route's baseline. */
    LATENCY,
    /** The route's recent error rate is above the threshold. */
    ERROR_RATE
  }
}
