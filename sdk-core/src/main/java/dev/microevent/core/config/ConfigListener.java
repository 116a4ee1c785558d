package dev.microevent.core.config;

/**
 * Told about every sync. Called on the thread that synced: the client's I/O executor for periodic
 * syncs, the caller's for {@link ConfigSync#syncNow()}; must be fast and must not throw.
 */
@FunctionalInterface
public interface ConfigListener {
  /**
   * A sync ended.
   *
   * @param event how
   */
  void onSync(ConfigEvent event);
}
