package dev.microevent.matter;

import java.util.Objects;

/**
 * A Matter event a node emitted (the server's {@code node_event}), e.g. a switch press.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeId the node
 * @param endpoint the endpoint
 * @param cluster the cluster id
 * @param eventId the event id within the cluster
 * @param eventNumber the node's event number (unsigned 64-bit, held in a {@code long})
 * @param priority 0 debug, 1 info, 2 critical
 * @param timestamp the timestamp as sent (milliseconds; epoch or system time, see {@code
 *     timestampType})
 * @param timestampType 0 system time, 1 epoch, 2 POSIX time taken by the server
 * @param data the event's fields ({@link MatterValue#ofNull()} when it has none)
 */
public record NodeEvent(MatterNodeId nodeId, int endpoint, long cluster, long eventId, long eventNumber,
    int priority, long timestamp, int timestampType, MatterValue data) {
  /**
   * Checks the components.
   *
   * @param nodeId the node
   * @param endpoint the endpoint
   * @param cluster the cluster id
   * @param eventId the event id within the cluster
   * @param eventNumber the node's event number (unsigned 64-bit, held in a {@code long})
   * @param priority 0 debug, 1 info, 2 critical
   * @param timestamp the timestamp as sent (milliseconds; epoch or system time, see {@code
   *     timestampType})
   * @param timestampType 0 system time, 1 epoch, 2 POSIX time taken by the server
   * @param data the event's fields ({@link MatterValue#ofNull()} when it has none)
   */
  public NodeEvent {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(data, "data");
  }
}
