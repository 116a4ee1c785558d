package dev.microevent.core.config;

import dev.microevent.core.Subscription;

/**
 * The client's view of its edge plane's configuration. Reached through {@code client.config()}.
 *
 * <pre>{@code
 * if (client.config().flag("express-checkout", false)) { ... }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface ConfigSync {

  /**
   * The document in force.
   *
   * @return a snapshot
   */
  ConfigSnapshot current();

  /**
   * Pulls now from the best reachable plane (the client also does it periodically). Never throws
   * for what a plane sends or does; an interrupt of the calling thread ends the pull with {@link
   * SyncResult#UNREACHABLE} (no listener is told) and keeps the thread's interrupt status.
   *
   * @return how it ended
   */
  SyncResult syncNow();

  /**
   * A feature flag of the document in force.
   *
   * @param name the flag
   * @param fallback the answer when the document does not set it
   * @return its value
   */
  boolean flag(String name, boolean fallback);

  /**
   * Adds a listener.
   *
   * @param listener told about every sync
   * @return closing it removes the listener
   */
  Subscription addListener(ConfigListener listener);
}
