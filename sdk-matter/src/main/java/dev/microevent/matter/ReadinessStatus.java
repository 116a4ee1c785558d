package dev.microevent.matter;

/** Where a device a room expects stands in a pre-flight ({@link MatterClient#preflight}). */
public enum ReadinessStatus {
  /** Commissioned, reachable and on the expected firmware (if one is expected). */
  READY,
  /** It was missing and the pre-flight commissioned it: reachable, on the expected firmware. */
  COMMISSIONED,
  /** Not commissioned on the controller, and the pre-flight could not (or was told not to) commission it. */
  MISSING,
  /** Commissioned, but the controller does not reach it (or it answers no ping). */
  UNREACHABLE,
  /** Commissioned and reachable, but on another firmware than the manifest expects. */
  WRONG_FIRMWARE;

  /** {@return whether the device can serve: {@code READY} or {@code COMMISSIONED}} */
  public boolean ok() {
    return this == READY || this == COMMISSIONED;
  }
}
