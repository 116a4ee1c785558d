package dev.microevent.power;

import dev.microevent.core.ModeChange;

/**
 * Hooks for the app: told when power proposes another mode, raises an alert, or takes a new
 * reading. Every method has an empty default; override what you need.
 *
 * <p>Called on the thread that runs the round (the polling thread, or the app's in {@link
 * PowerClient#refresh()}), one round at a time and in order: be fast, do not block, do not throw (a
 * throwing listener is logged and skipped).
 */
public interface PowerListener {

  /**
   * Power proposes another mode.
   *
   * @param change from, to, the policy's reason and when
   */
  default void onModeChange(ModeChange change) {}

  /**
   * An alert.
   *
   * @param alert what happened
   */
  default void onAlert(PowerAlert alert) {}

  /**
   * A polling round finished.
   *
   * @param status the new snapshot
   */
  default void onStatus(PowerStatus status) {}
}
