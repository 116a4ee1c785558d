package dev.microevent.commerce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the synthetic checkout probe. Immutable and thread-safe.
 *
 * @param interval time between runs; default 30 s (the field rule). Shorten it in compressed-time
 *     demos.
 * @param jitter share of the interval each run is moved by at random (0..0.5), so many devices do
 *     not probe in lock-step; default 0.2
 * @param sku the probe product the backend keeps for synthetic orders; default {@code PROBE-1}
 * @see CommerceClient.Builder#probe(ProbeConfig)
 */
public record ProbeConfig(Duration interval, double jitter, Sku sku) {

  /** Validates every component. */
  public ProbeConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(sku, "sku");
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("interval must be >= 100 ms, got " + interval);
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be within 0..0.5, got " + jitter);
    }
  }

  /** Every 30 s, 20 % jitter, SKU {@code PROBE-1}. */
  public static ProbeConfig defaults() {
    return new ProbeConfig(Duration.ofSeconds(30), 0.2, Sku.of("PROBE-1"));
  }

  /**
   * A copy with another interval.
   *
   * @param interval at least 100 ms
   * @return the copy
   */
  public ProbeConfig withInterval(Duration interval) {
    return new ProbeConfig(interval, jitter, sku);
  }

  /**
   * A copy with another jitter.
   *
   * @param jitter 0..0.5
   * @return the copy
   */
  public ProbeConfig withJitter(double jitter) {
    return new ProbeConfig(interval, jitter, sku);
  }

  /**
   * A copy with another probe product.
   *
   * @param sku the product
   * @return the copy
   */
  public ProbeConfig withSku(Sku sku) {
    return new ProbeConfig(interval, jitter, sku);
  }
}
