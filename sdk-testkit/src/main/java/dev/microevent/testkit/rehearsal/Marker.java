package dev.microevent.testkit.rehearsal;

import java.time.Duration;
import java.util.Objects;

/**
 * A moment worth a line on the report's charts: a fault script step, a failover or a failback.
 *
 * @param at offset from the start of the run
 * @param kind what sort of moment
 * @param description what happened
 */
public record Marker(Duration at, Kind kind, String description) {

  /**
   * Validates every component.
   *
   * @param at offset from the start of the run
   * @param kind what sort of moment
   * @param description what happened
   */
  public Marker {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
  }

  /** Sorts of moments. */
  public enum Kind {
    /** A fault script step was applied. */
    FAULT,
    /** Calls started failing over to the central plane. */
    FAILOVER,
    /** Calls stopped failing over. */
    FAILBACK
  }
}
