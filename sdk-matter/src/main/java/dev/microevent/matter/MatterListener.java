package dev.microevent.matter;

/**
 * Hooks for what the Matter Server reports. Every method has an empty default; override what you
 * need.
 *
 * <p>Called on the client's one event thread, in the order the server sent the events: be fast, do
 * not block, do not throw (a throwing listener is logged, counted and skipped). If listeners fall
 * behind, the client keeps at most {@link MatterClient.Builder#eventQueueCapacity} events: it drops
 * the oldest and then calls {@link #onEventsDropped} before the next event it delivers. {@link
 * MatterClient#nodes()} stays exact even then: the client updates it as events arrive, not as they
 * are delivered.
 */
public interface MatterListener {

  /**
   * The connection changed state. {@link MatterConnectionState#READY} comes after the resync's
   * node events, so the node list is fresh by then.
   *
   * @param state the new state
   */
  default void onConnectionState(MatterConnectionState state) {}

  /**
   * A node joined (commissioned here, or found new by a resync).
   *
   * @param node the node
   */
  default void onNodeAdded(MatterNode node) {}

  /**
   * The server sent a node's full data again (after an interview, a change of structure or of
   * availability, or a resync).
   *
   * @param node the node
   */
  default void onNodeUpdated(MatterNode node) {}

  /**
   * A node left (removed here, or gone at a resync).
   *
   * @param nodeId the node
   */
  default void onNodeRemoved(MatterNodeId nodeId) {}

  /**
   * A node became reachable or unreachable for the server. Comes before the {@link #onNodeUpdated}
   * that carried the change.
   *
   * @param nodeId the node
   * @param available whether the server reaches it now
   */
  default void onAvailabilityChanged(MatterNodeId nodeId, boolean available) {}

  /**
   * An attribute changed.
   *
   * @param update the node, path and new value
   */
  default void onAttributeUpdated(AttributeUpdate update) {}

  /**
   * A node emitted a Matter event.
   *
   * @param event the event
   */
  default void onNodeEvent(NodeEvent event) {}

  /**
   * The server sent new information about itself.
   *
   * @param info the information
   */
  default void onServerInfo(ServerInfo info) {}

  /**
   * Events were dropped because listeners fell behind (the queue was full).
   *
   * @param count how many since the last call
   */
  default void onEventsDropped(long count) {}
}
