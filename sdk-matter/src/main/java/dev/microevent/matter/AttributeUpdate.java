package dev.microevent.matter;

import java.util.Objects;

/**
 * An attribute of a node changed (the server's {@code attribute_updated} event).
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeId the node
 * @param path the concrete attribute path
 * @param value the new value
 */
public record AttributeUpdate(MatterNodeId nodeId, AttributePath path, MatterValue value) {
  /**
   * Checks the components.
   *
   * @param nodeId the node
   * @param path the concrete attribute path
   * @param value the new value
   */
  public AttributeUpdate {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
  }
}
