package dev.microevent.testkit.rehearsal;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the calls that started in one slice of a rehearsal were served.
 *
 * @param start offset of the slice from the start of the run
 * @param edge calls whose last attempt went to an edge plane and succeeded
 * @param central calls whose last attempt went to the central plane and succeeded
 * @param failed calls that failed or were refused
 * @param failoverAttempts attempts sent to the central plane because no edge plane could take them
 */
public record RouteSlice(Duration start, long edge, long central, long failed, long failoverAttempts) {

  /**
   * Validates every component.
   *
   * @param start offset of the slice from the start of the run
   * @param edge calls whose last attempt went to an edge plane and succeeded
   * @param central calls whose last attempt went to the central plane and succeeded
   * @param failed calls that failed or were refused
   * @param failoverAttempts attempts sent to the central plane because no edge plane could take
   *     them
   */
  public RouteSlice {
    Objects.requireNonNull(start, "start");
  }

  /** {@return share of the successful calls served by the edge, 0..1 (1 when there were none)} */
  public double edgeShare() {
    long served = edge + central;
    return served == 0 ? 1 : (double) edge / served;
  }
}
