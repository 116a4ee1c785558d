package dev.microevent.matter;

import java.time.Instant;
import java.util.Objects;

/**
 * Something about a room the operator should know now, raised by {@link RoomAutomation}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what happened
 * @param room the room
 * @param device the device concerned
 * @param message a sentence for the operator, with the node id and what to check
 * @param at when, on the core client's clock
 */
public record RoomAlert(Kind kind, RoomId room, DeviceId device, String message, Instant at) {

  /**
   * Validates the values.
   *
   * @param kind what happened
   * @param room the room
   * @param device the device concerned
   * @param message a sentence for the operator, with the node id and what to check
   * @param at when, on the core client's clock
   */
  public RoomAlert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }

  /** What happened. */
  public enum Kind {
    /** A critical device became unavailable to the controller (or was never there): act now. */
    CRITICAL_DEVICE_UNAVAILABLE,
    /** A critical device that was unavailable is reachable again. */
    CRITICAL_DEVICE_RECOVERED,
    /** A device did not take what automation set (or did not take its old state back). */
    ACTION_FAILED
  }
}
