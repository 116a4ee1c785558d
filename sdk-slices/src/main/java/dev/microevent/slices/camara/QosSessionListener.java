package dev.microevent.slices.camara;

/**
 * Hears about managed QoS sessions. Called on the thread doing the work (the caller or the
 * scheduler); must be fast, must not block and must not throw (a throwing listener is logged
 * and skipped).
 */
@FunctionalInterface
public interface QosSessionListener {

  /**
   * Something happened to a managed session.
   *
   * @param event what
   */
  void onEvent(QosSessionEvent event);
}
