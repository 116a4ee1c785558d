package dev.microevent.plane.vendor;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The values read from a console in one scrape.
 *
 * @param console the console's name
 * @param values each value by name, in the spec's order
 * @param at when the scrape finished
 */
public record ConsoleReading(String console, Map<String, Double> values, Instant at) {
  /**
   * Copies the map.
   *
   * @param console the console's name
   * @param values each value by name, in the spec's order
   * @param at when the scrape finished
   */
  public ConsoleReading {
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(at, "at");
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }
}
