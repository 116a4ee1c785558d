package dev.microevent.core;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One metric of a response's {@code Server-Timing} header, e.g. {@code db;dur=53;desc="Orders"}.
 *
 * @param name the metric name (a token)
 * @param durationMillis its {@code dur}, in milliseconds, or {@code NaN} when absent
 * @param description its {@code desc}, or {@code null}
 */
public record ServerTiming(String name, double durationMillis, @Nullable String description) {

  /**
   * Validates the name.
   *
   * @param name the metric name (a token)
   * @param durationMillis its {@code dur}, in milliseconds, or {@code NaN} when absent
   * @param description its {@code desc}, or {@code null}
   */
  public ServerTiming {
    Objects.requireNonNull(name, "name");
  }

  /** {@return the description, when given} */
  public Optional<String> desc() {
    return Optional.ofNullable(description);
  }

  /** {@return whether a duration was given} */
  public boolean hasDuration() {
    return !Double.isNaN(durationMillis);
  }
}
