package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When an intent stops calling out for a while. The breaker judges logical calls (after retries
 * and failover), opens when at least {@code failureRatePercent} of at least {@code minimumCalls}
 * calls in {@code window} failed, stays open for {@code openDelay}, then lets exactly {@code
 * halfOpenProbes} calls through at once; that many successes close it, a failure re-opens it.
 *
 * @param failureRatePercent 1..100
 * @param minimumCalls calls in the window before the rate is judged
 * @param window the sliding window
 * @param openDelay how long the breaker stays open
 * @param halfOpenProbes calls let through at once while half-open
 */
public record CircuitBreakerConfig(
    int failureRatePercent, int minimumCalls, Duration window, Duration openDelay, int halfOpenProbes) {

  /** Validates every component. */
  public CircuitBreakerConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(openDelay, "openDelay");
    if (failureRatePercent < 1 || failureRatePercent > 100) {
      throw new IllegalArgumentException("failureRatePercent must be 1..100, got " + failureRatePercent);
    }
    if (minimumCalls < 1) {
      throw new IllegalArgumentException("minimumCalls must be >= 1, got " + minimumCalls);
    }
    if (!(window.compareTo(Duration.ZERO) > 0) || !(openDelay.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("window and openDelay must be positive");
    }
    if (halfOpenProbes < 1) {
      throw new IllegalArgumentException("halfOpenProbes must be >= 1, got " + halfOpenProbes);
    }
  }

  /** 50 % of at least 20 calls in 30 s; open for 10 s; 3 probes. */
  public static CircuitBreakerConfig defaults() {
    return new CircuitBreakerConfig(50, 20, Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
  }
}
