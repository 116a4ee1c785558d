package dev.microevent.power;

import java.time.Instant;
import java.util.Objects;

/**
 * Something about power the app or the operator should know now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what happened
 * @param source id of the source concerned, or {@code "budget"} for the budget as a whole
 * @param message a human-readable sentence with the relevant figures
 * @param at when, on the client's clock
 */
public record PowerAlert(Kind kind, String source, String message, Instant at) {

  /**
   * Validates the values.
   *
   * @param kind what happened
   * @param source id of the source concerned, or {@code "budget"} for the budget as a whole
   * @param message a human-readable sentence with the relevant figures
   * @param at when, on the client's clock
   */
  public PowerAlert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }

  /** What happened. */
  public enum Kind {
    /** A source stopped giving fresh data: its values are unknown (not zero) until it returns. */
    SOURCE_STALE,
    /** A stale source gives fresh data again. */
    SOURCE_RECOVERED,
    /** A pack was pulled out (a hot swap started). */
    PACK_REMOVED,
    /** A pack was put in (a hot swap ended). */
    PACK_INSERTED,
    /** What remains cannot carry the critical loads (a swap left them uncovered): act now. */
    CRITICAL_LOADS_UNCOVERED,
    /** A device flags low battery. */
    LOW_BATTERY
  }
}
