package dev.microevent.slices.camara;

/** Why a QoS session is UNAVAILABLE. */
public enum QosStatusInfo {
  /** Its duration ran out. */
  DURATION_EXPIRED,
  /** The network ended it (or failed to provide it); delete it before asking again. */
  NETWORK_TERMINATED,
  /** It was deleted. */
  DELETE_REQUESTED
}
