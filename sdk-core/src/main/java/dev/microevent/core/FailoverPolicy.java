package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Backpressure on the central plane while the edge is down. A whole venue failing over at once
 * must not take the central plane down too, so failed-over calls are capped both in flight
 * ({@code maxConcurrent}) and per second ({@code maxPerSecond}). CRITICAL calls come first: a
 * share of both caps ({@code criticalReserve}) is kept for them. NON_ESSENTIAL intents never fail
 * over.
 *
 * <p>A call the caps refuse does not fail if an edge plane can still take it: it goes to one whose
 * latest word (a health check or a real exchange) was an answer, even one marked unhealthy or
 * ejected (panic routing; an edge plane whose latest word was a failure gets one such call every
 * 100 ms, to learn when it answers again). A CRITICAL call with no such edge plane waits for
 * whichever comes first, the next slot or an edge plane answering again, as long as its deadline
 * leaves time for one attempt and at least {@code criticalWait} (never beyond the deadline); no new
 * DEGRADED call is admitted while a CRITICAL one waits. Other calls never wait.
 *
 * @param maxConcurrent failed-over calls in flight at once; default 16
 * @param maxPerSecond failed-over calls started per second; default 50
 * @param criticalReserve share of both caps only CRITICAL intents may use, 0 to 1; default 0.25
 * @param criticalWait least time a CRITICAL call waits for a route when the caps are reached, even
 *     if its deadline leaves less than an attempt after it; default 500 ms
 */
public record FailoverPolicy(int maxConcurrent, int maxPerSecond, double criticalReserve, Duration criticalWait) {

  /** Validates every component. */
  public FailoverPolicy {
    Objects.requireNonNull(criticalWait, "criticalWait");
    if (maxConcurrent < 1 || maxPerSecond < 1) {
      throw new IllegalArgumentException("caps must be >= 1");
    }
    if (!(criticalReserve >= 0 && criticalReserve <= 1)) {
      throw new IllegalArgumentException("criticalReserve must be within 0..1, got " + criticalReserve);
    }
    if (criticalWait.isNegative()) {
      throw new IllegalArgumentException("criticalWait must be >= 0, got " + criticalWait);
    }
  }

  /**
   * Caps with the default critical wait of 500 ms.
   *
   * @param maxConcurrent failed-over calls in flight at once
   * @param maxPerSecond failed-over calls started per second
   * @param criticalReserve share of both caps only CRITICAL intents may use
   */
  public FailoverPolicy(int maxConcurrent, int maxPerSecond, double criticalReserve) {
    this(maxConcurrent, maxPerSecond, criticalReserve, Duration.ofMillis(500));
  }

  /** 16 in flight, 50 per second, a quarter reserved for critical intents, which wait at least 500 ms. */
  public static FailoverPolicy defaults() {
    return new FailoverPolicy(16, 50, 0.25);
  }
}
