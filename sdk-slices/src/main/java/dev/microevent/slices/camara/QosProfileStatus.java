package dev.microevent.slices.camara;

/** Whether a QoS profile can be used for new sessions. */
public enum QosProfileStatus {
  /** Usable. */
  ACTIVE,
  /** Not usable now. */
  INACTIVE,
  /** Being withdrawn; not for new sessions. */
  DEPRECATED
}
