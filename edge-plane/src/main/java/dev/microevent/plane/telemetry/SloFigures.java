package dev.microevent.plane.telemetry;

import java.util.Map;
import java.util.Objects;

/**
 * The figures of one intent (and slice) over a report's time range. Counts come from the
 * collectors' exact counts; percentiles from the kept spans weighted back to the calls they stand
 * for; error classes from the error spans, which are all kept.
 *
 * @param intent the intent
 * @param slice the slice, or {@code *} for every slice of the intent
 * @param calls calls seen (all outcomes)
 * @param eligible calls that count for the SLO (not client errors, shed or cancelled)
 * @param bad eligible calls that failed
 * @param target the SLO target, e.g. 0.999
 * @param availability good eligible calls over eligible calls; 1 when there were none
 * @param burnRate the error budget's burn rate over the range: bad share over the allowed share
 * @param p50Millis the median call duration, weighted back, in milliseconds
 * @param p99Millis the 99th percentile, weighted back, in milliseconds
 * @param errorClasses calls per error class ({@code server_error/503}, {@code timeout}, ...)
 * @param keptSpans spans read back for this group (what the percentiles stand on)
 */
public record SloFigures(
    String intent,
    String slice,
    long calls,
    long eligible,
    long bad,
    double target,
    double availability,
    double burnRate,
    double p50Millis,
    double p99Millis,
    Map<String, Long> errorClasses,
    long keptSpans) {

  /**
   * Copies the map.
   *
   * @param intent the intent
   * @param slice the slice, or {@code *} for every slice of the intent
   * @param calls calls seen (all outcomes)
   * @param eligible calls that count for the SLO (not client errors, shed or cancelled)
   * @param bad eligible calls that failed
   * @param target the SLO target, e.g. 0.999
   * @param availability good eligible calls over eligible calls; 1 when there were none
   * @param burnRate the error budget's burn rate over the range: bad share over the allowed share
   * @param p50Millis the median call duration, weighted back, in milliseconds
   * @param p99Millis the 99th percentile, weighted back, in milliseconds
   * @param errorClasses calls per error class ({@code server_error/503}, {@code timeout}, ...)
   * @param keptSpans spans read back for this group (what the percentiles stand on)
   */
  public SloFigures {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(slice, "slice");
    errorClasses = Map.copyOf(errorClasses);
  }

  /** {@return whether the budget burns faster than the SLO allows (burn rate above 1)} */
  public boolean breached() {
    return burnRate > 1.0;
  }
}
