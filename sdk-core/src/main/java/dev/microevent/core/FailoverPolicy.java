package dev.microevent.core;


/**
 * Backpressure on the central plane while the edge is down. A whole venue failing over at once
 * must not take the central plane down too, so failed-over calls are capped both in flight
 * ({@code maxConcurrent}) and per second ({@code maxPerSecond}). {@code criticalReserve} of both
 * caps is kept for CRITICAL intents (payments first); NON_ESSENTIAL intents never fail over.
 *
 * @param maxConcurrent failed-over calls in flight at once; default 16
 * @param maxPerSecond failed-over calls started per second; default 50
 * @param criticalReserve share of both caps only CRITICAL intents may use, 0 to 1; default 0.25
 */
public record FailoverPolicy(int maxConcurrent, int maxPerSecond, double criticalReserve) {

  /** Validates every component. */
  public FailoverPolicy {
    if (maxConcurrent < 1 || maxPerSecond < 1) {
      throw new IllegalArgumentException("caps must be >= 1");
    }
    if (!(criticalReserve >= 0 && criticalReserve <= 1)) {
      throw new IllegalArgumentException("criticalReserve must be within 0..1, got " + criticalReserve);
    }
  }

  /** 16 in flight, 50 per second, a quarter reserved for critical intents. */
  public static FailoverPolicy defaults() {
    return new FailoverPolicy(16, 50, 0.25);
  }
}
