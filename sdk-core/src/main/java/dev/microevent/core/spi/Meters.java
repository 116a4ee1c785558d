package dev.microevent.core.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The meters every module needs, on the client's registry: counters, timers and gauges by name
 * and tags. Names are {@code microevent.<module>.*}; tag values must be bounded (never ids, URLs
 * or user data). With no registry every method is a no-op. Meters are cached, so recording costs
 * one map lookup. Gauges are removed when the client closes. For SDK modules and extensions; apps
 * do not need it.
 *
 * <p>Thread-safe.
 */
public interface Meters {

  /**
   * Whether anything is recorded (the app gave a registry).
   *
   * @return whether meters are on
   */
  boolean enabled();

  /**
   * Increments a counter.
   *
   * @param name meter name
   * @param tags bounded tags, as key-value pairs
   */
  void count(String name, String... tags);

  /**
   * Records a duration in a timer.
   *
   * @param name meter name
   * @param duration how long something took
   * @param tags bounded tags, as key-value pairs
   */
  void time(String name, Duration duration, String... tags);

  /**
   * Registers a gauge; the supplier must be cheap and thread-safe. It is removed when the client
   * closes.
   *
   * @param name meter name
   * @param value the value source, held strongly
   * @param tags bounded tags, as key-value pairs
   */
  void gauge(String name, Supplier<Number> value, String... tags);

  /**
   * The registry, for meter kinds these helpers do not cover (distribution summaries, histograms).
   *
   * @return the app's registry, or empty when meters are off
   */
  Optional<MeterRegistry> meterRegistry();

  /**
   * The status-class tag value of an HTTP status.
   *
   * @param status an HTTP status, or 0 for none
   * @return {@code 1xx}..{@code 5xx}, or {@code none}
   */
  static String statusClass(int status) {
    return switch (status / 100) {
      case 1 -> "1xx";
      case 2 -> "2xx";
      case 3 -> "3xx";
      case 4 -> "4xx";
      case 5 -> "5xx";
      default -> "none";
    };
  }
}
