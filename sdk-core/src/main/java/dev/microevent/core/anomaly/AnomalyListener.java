package dev.microevent.core.anomaly;

/**
 * Told about anomalies. Called on the calling thread; must be fast and must not throw.
 */
@FunctionalInterface
public interface AnomalyListener {
  /**
   * Something unusual happened.
   *
   * @param anomaly what
   */
  void onAnomaly(Anomaly anomaly);
}
