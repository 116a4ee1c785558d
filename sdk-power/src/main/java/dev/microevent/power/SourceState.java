package dev.microevent.power;

/**
 * How much a power source's data can be trusted now.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum SourceState {
  /** Not read yet. */
  UNKNOWN,
  /** Fresh data, inside the staleness limit. */
  FRESH,
  /** No fresh data (unreachable, {@code DATA-STALE}, silent stream): values unknown, never zero. */
  STALE,
  /** The pack is pulled out: its energy is gone from the budget. */
  ABSENT
}
