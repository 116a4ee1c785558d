package dev.microevent.matter;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What room automation did to one device in an {@link AutomationRun}: from which state to which,
 * and whether the device took it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param room the device's room
 * @param device the device
 * @param before its state before this run
 * @param after the state this run set (or tried to set)
 * @param failure why the device did not take it, or {@code null} if it did
 */
public record DeviceAction(RoomId room, DeviceId device, DeviceState before, DeviceState after,
    @Nullable String failure) {

  /**
   * Validates the values.
   *
   * @param room the device's room
   * @param device the device
   * @param before its state before this run
   * @param after the state this run set (or tried to set)
   * @param failure why the device did not take it, or {@code null} if it did
   */
  public DeviceAction {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** {@return whether the device took the new state} */
  public boolean succeeded() {
    return failure == null;
  }

  /** {@code shop/spot-1: on at 254 -> on at 76}, and the failure if any. */
  @Override
  public String toString() {
    return room + "/" + device + ": " + before + " -> " + after + (failure == null ? "" : " FAILED: " + failure);
  }
}
