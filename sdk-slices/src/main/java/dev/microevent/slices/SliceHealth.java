package dev.microevent.slices;

/** Whether a slice can carry traffic now. */
public enum SliceHealth {
  /** The slice carries traffic. */
  UP,
  /** The slice is out: rules skip it and use their fallbacks until probes bring it back. */
  DOWN
}
