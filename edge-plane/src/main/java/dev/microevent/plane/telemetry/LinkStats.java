package dev.microevent.plane.telemetry;

/**
 * What a {@link LinkProbe} measured so far.
 *
 * @param sent probes sent
 * @param answered probes answered within the timeout
 * @param lost probes not answered within the timeout (or refused)
 * @param lossRatio lost over finished probes in the recent window, 0..1
 * @param meanRttMillis mean round-trip time of the answered probes in the recent window
 * @param jitterMillis the interarrival jitter estimate of RFC 3550 (section 6.4.1) over the
 *     round-trip times, in milliseconds
 */
public record LinkStats(long sent, long answered, long lost, double lossRatio, double meanRttMillis,
    double jitterMillis) {

  /**
   * Probes finished (answered or lost).
   *
   * @return how many probes finished, answered or lost
   */
  public long finished() {
    return answered + lost;
  }
}
