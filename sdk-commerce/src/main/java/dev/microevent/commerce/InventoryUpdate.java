package dev.microevent.commerce;

import java.util.Objects;

/**
 * A pushed stock change for a drop (from the app's WebSocket, SSE or MQTT feed): the read cache
 * replaces its copy when the update is newer, so shoppers see "sold out" at once. Immutable and
 * thread-safe.
 *
 * @param inventory the new stock level, with its version
 */
public record InventoryUpdate(Inventory inventory) {

  /**
   * Checks the component.
   *
   * @param inventory the new stock level, with its version
   */
  public InventoryUpdate {
    Objects.requireNonNull(inventory, "inventory");
  }
}
