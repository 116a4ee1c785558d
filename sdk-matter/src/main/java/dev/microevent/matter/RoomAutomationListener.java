package dev.microevent.matter;

/**
 * Hooks for the app: told after each automation run and on each room alert. Every method has an
 * empty default; override what you need.
 *
 * <p>Called on the Matter client's event thread (or the core scheduler's), one call at a time: be
 * fast, do not block, do not throw (a throwing listener is logged and skipped).
 */
public interface RoomAutomationListener {

  /**
   * A run finished: the rooms are set for a new service mode.
   *
   * @param run what was done
   */
  default void onRun(AutomationRun run) {}

  /**
   * An alert.
   *
   * @param alert what happened
   */
  default void onAlert(RoomAlert alert) {}
}
