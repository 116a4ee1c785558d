package dev.microevent.commerce;

/**
 * Hears every probe run (for dashboards and alerts). Called on the scheduler thread; must be
 * fast, must not block and must not throw (a throwing listener is logged and skipped).
 */
@FunctionalInterface
public interface ProbeListener {

  /**
   * A run ended.
   *
   * @param result what happened
   */
  void onProbe(ProbeResult result);
}
