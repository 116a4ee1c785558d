package dev.microevent.core;

/**
 * The graceful-degradation hook: told whenever the applied {@link ServiceMode} changes, so the
 * app can pause its own non-essential work (analytics, prefetching, high-bitrate video).
 *
 * <p>Called on the thread that caused the change; must be fast, must not block and must not
 * throw (a throwing listener is logged and skipped).
 */
@FunctionalInterface
public interface ServiceModeListener {
  /**
   * The applied mode changed.
   *
   * @param change what changed and why
   */
  void onModeChange(ModeChange change);
}
