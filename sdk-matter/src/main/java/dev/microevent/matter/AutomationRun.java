package dev.microevent.matter;

import dev.microevent.core.ServiceMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One pass of room automation after the core client's service mode changed: every device it
 * switched, dimmed or put back, in the manifest's order. A device already in the wanted state is
 * not listed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the mode the rooms were set for before
 * @param to the mode they are set for now
 * @param reason why the mode changed (the source and its reason)
 * @param actions what was done, device by device
 * @param at when the run finished, on the core client's clock
 */
public record AutomationRun(ServiceMode from, ServiceMode to, String reason, List<DeviceAction> actions, Instant at) {

  /**
   * Validates the values and copies the list.
   *
   * @param from the mode the rooms were set for before
   * @param to the mode they are set for now
   * @param reason why the mode changed (the source and its reason)
   * @param actions what was done, device by device
   * @param at when the run finished, on the core client's clock
   */
  public AutomationRun {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    actions = List.copyOf(actions);
    Objects.requireNonNull(at, "at");
  }

  /** {@return the actions a device did not take} */
  public List<DeviceAction> failures() {
    return actions.stream().filter(a -> !a.succeeded()).toList();
  }

  /**
   * The actions in one room.
   *
   * @param room the room
   * @return its actions
   */
  public List<DeviceAction> in(RoomId room) {
    Objects.requireNonNull(room, "room");
    return actions.stream().filter(a -> a.room().equals(room)).toList();
  }
}
