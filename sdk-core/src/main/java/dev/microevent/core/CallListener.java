package dev.microevent.core;

/**
 * Hears about every attempt and every finished call: the hook for error budgets, synthetic
 * probes, slice health and audit logs.
 *
 * <p>Called on the calling thread; must be fast, must not block and must not throw (a throwing
 * listener is logged and skipped).
 *
 * @see MicroEventClient.Builder#addCallListener(CallListener)
 */
public interface CallListener {

  /**
   * One HTTP exchange ended.
   *
   * @param event what happened
   */
  default void onAttempt(AttemptEvent event) {}

  /**
   * One logical call ended (successfully, with an error, or refused locally).
   *
   * @param event what happened
   */
  default void onCall(CallEvent event) {}
}
