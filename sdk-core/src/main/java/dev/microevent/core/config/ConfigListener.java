package dev.microevent.core.config;

/** Told about every sync. Called on the client's scheduler thread; must be fast and must not throw. */
@FunctionalInterface
public interface ConfigListener {
  /**
   * A sync ended.
   *
   * @param event how
   */
  void onSync(ConfigEvent event);
}
