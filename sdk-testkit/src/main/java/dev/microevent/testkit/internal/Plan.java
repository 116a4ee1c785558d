package dev.microevent.testkit.internal;

import dev.microevent.testkit.FakeResponse;
import org.jspecify.annotations.Nullable;

/**
 * How the server answers one request, after faults were applied.
 *
 * @param response what to send, or {@code null} for a reset, a black hole or (neither) a close
 *     without an answer
 * @param delayNanos wait before the first response byte
 * @param reset close the connection with a TCP RST instead of answering
 * @param blackHole never answer; hold the connection until the client or the server closes it
 * @param throttleBytes bytes per throttle period when the body is sent slowly, 0 for full speed
 * @param throttlePeriodNanos the throttle period
 * @param truncateAfter body bytes sent before the connection is closed early, or -1 for all
 */
public record Plan(
    @Nullable FakeResponse response,
    long delayNanos,
    boolean reset,
    boolean blackHole,
    long throttleBytes,
    long throttlePeriodNanos,
    long truncateAfter) {

  /**
   * A normal answer.
   *
   * @param response what to send
   * @return the plan
   */
  public static Plan answer(FakeResponse response) {
    return new Plan(response, 0, false, false, 0, 0, -1);
  }

  /**
   * No answer: the connection is closed (FIN) after the request was read.
   *
   * @return the plan
   */
  public static Plan closeWithoutAnswer() {
    return new Plan(null, 0, false, false, 0, 0, -1);
  }

  /**
   * No answer ever: the connection is held until the client or the server closes it.
   *
   * @return the plan
   */
  public static Plan neverAnswer() {
    return new Plan(null, 0, false, true, 0, 0, -1);
  }
}
