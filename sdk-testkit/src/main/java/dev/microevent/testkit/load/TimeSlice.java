package dev.microevent.testkit.load;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to the requests intended to start within one slice of a run (the report's
 * timeline). Latencies are measured from each request's intended start.
 *
 * @param start offset of the slice from the start of the run
 * @param length the slice length
 * @param offered requests scheduled in the slice
 * @param succeeded of those, how many succeeded
 * @param failed of those, how many failed (client errors included)
 * @param errorsByKind the failures by kind
 * @param p50 median latency in the slice
 * @param p99 99th-percentile latency in the slice
 * @param max largest latency in the slice
 */
public record TimeSlice(
    Duration start, Duration length, long offered, long succeeded, long failed, Map<String, Long> errorsByKind,
    Duration p50, Duration p99, Duration max) {

  /**
   * Validates and copies.
   *
   * @param start offset of the slice from the start of the run
   * @param length the slice length
   * @param offered requests scheduled in the slice
   * @param succeeded of those, how many succeeded
   * @param failed of those, how many failed (client errors included)
   * @param errorsByKind the failures by kind
   * @param p50 median latency in the slice
   * @param p99 99th-percentile latency in the slice
   * @param max largest latency in the slice
   */
  public TimeSlice {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    errorsByKind = Map.copyOf(errorsByKind);
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(max, "max");
  }
}
