package dev.microevent.matter;

import dev.microevent.core.Criticality;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One expected device in a {@link ReadinessReport}: its room, what the manifest says about it,
 * where it stands and why.
 *
 * <p>Immutable and thread-safe. {@link #toString()} leaves the pairing code out.
 *
 * @param room the room that expects it
 * @param device the device as the manifest has it
 * @param status where it stands
 * @param nodeId its node id on the controller (the manifest's, or the one commissioning gave), or
 *     {@code null} if it has none
 * @param detail one line for the operator: what was found, and what to do when it is not ready
 */
public record DeviceReadiness(RoomId room, ExpectedDevice device, ReadinessStatus status,
    @Nullable MatterNodeId nodeId, String detail) {

  /**
   * Validates the values.
   *
   * @param room the room that expects it
   * @param device the device as the manifest has it
   * @param status where it stands
   * @param nodeId its node id on the controller (the manifest's, or the one commissioning gave), or
   *     {@code null} if it has none
   * @param detail one line for the operator: what was found, and what to do when it is not ready
   */
  public DeviceReadiness {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@return whether this device keeps the doors shut: a critical device that is not ready} */
  public boolean blocksOpening() {
    return !status.ok() && device.role() == Criticality.CRITICAL;
  }
}
