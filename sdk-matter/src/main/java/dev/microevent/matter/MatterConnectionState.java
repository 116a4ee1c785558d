package dev.microevent.matter;

/**
 * Where a {@link MatterClient} stands with its Matter Server.
 *
 * <pre>
 * CONNECTING -> READY -> RECONNECTING -> READY ... -> CLOSED
 *                     \-> INCOMPATIBLE (the server's schema does not fit; retried like a drop)
 * </pre>
 */
public enum MatterConnectionState {
  /** The first connection is being opened; commands wait for it. */
  CONNECTING,
  /**
   * Connected, schema checked, listening, and the node list is fresh (a full resync ran): commands
   * go out at once.
   */
  READY,
  /** The connection dropped; a new one is attempted with backoff. Commands wait for it. */
  RECONNECTING,
  /**
   * The server speaks a schema this SDK cannot use; commands fail with {@link
   * MatterIncompatibleServerException} until an upgraded server answers a reconnect.
   */
  INCOMPATIBLE,
  /** {@link MatterClient#close()} was called. */
  CLOSED
}
