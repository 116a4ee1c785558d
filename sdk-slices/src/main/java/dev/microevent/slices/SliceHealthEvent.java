package dev.microevent.slices;

import java.time.Instant;
import java.util.Objects;

/**
 * A slice went down (an outage) or came back.
 *
 * @param slice which slice
 * @param from the previous health
 * @param to the new health
 * @param reason why, for people: "local address 10.64.0.2 cannot be bound", "2 probes failed"
 * @param at when, on the client's clock
 */
public record SliceHealthEvent(SliceId slice, SliceHealth from, SliceHealth to, String reason, Instant at) {
  /**
   * Validates the fields.
   *
   * @param slice which slice
   * @param from the previous health
   * @param to the new health
   * @param reason why, for people: "local address 10.64.0.2 cannot be bound", "2 probes failed"
   * @param at when, on the client's clock
   */
  public SliceHealthEvent {
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  /** {@return whether this event starts an outage} */
  public boolean isOutage() {
    return to == SliceHealth.DOWN;
  }
}
