package dev.microevent.slices.camara;

/** The status of a QoS session. */
public enum QosStatus {
  /** Accepted, not yet in force. */
  REQUESTED,
  /** In force. */
  AVAILABLE,
  /** Not in force (see {@link QosStatusInfo}). */
  UNAVAILABLE
}
