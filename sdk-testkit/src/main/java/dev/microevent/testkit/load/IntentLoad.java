package dev.microevent.testkit.load;

import java.util.Objects;

/**
 * The share of a run that one intent had.
 *
 * @param intent the intent name
 * @param requests requests offered
 * @param succeeded requests that succeeded
 * @param clientErrors requests refused for their own fault (4xx other than 408 and 429): not
 *     counted against an SLO
 * @param failed every other failure (5xx, 408, 429, timeouts, connection failures, local
 *     refusals, unfinished requests)
 * @param latency latency from the intended start, over every finished request
 */
public record IntentLoad(
    String intent, long requests, long succeeded, long clientErrors, long failed, LatencySummary latency) {

  /**
   * Validates every component.
   *
   * @param intent the intent name
   * @param requests requests offered
   * @param succeeded requests that succeeded
   * @param clientErrors requests refused for their own fault (4xx other than 408 and 429): not
   *     counted against an SLO
   * @param failed every other failure (5xx, 408, 429, timeouts, connection failures, local
   *     refusals, unfinished requests)
   * @param latency latency from the intended start, over every finished request
   */
  public IntentLoad {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(latency, "latency");
  }
}
