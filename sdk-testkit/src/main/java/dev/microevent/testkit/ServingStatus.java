package dev.microevent.testkit;

/** What a fake plane tells clients about itself in heartbeat answers (edge-plane API {@code PlaneStatus.status}). */
public enum ServingStatus {
  /** Serving normally. */
  SERVING,
  /** Serving, reduced. */
  DEGRADED,
  /** Asks clients to send no new calls; the client marks the plane unhealthy at once. */
  DRAINING
}
