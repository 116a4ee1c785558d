package dev.microevent.core;

import java.util.Map;

/**
 * The client's service-mode switchboard: what mode applies, who proposed what, and who wants to
 * hear about changes. Reached through {@link MicroEventClient#modes()}.
 *
 * <p>Thread-safe. Listeners hear changes in the order they were applied (they are called under
 * the switchboard's lock, so they must be fast and must not wait for another thread that
 * proposes).
 */
public interface ServiceModes {

  /**
   * The mode applied now: the most severe proposal of all sources.
   *
   * @return the current mode
   */
  ServiceMode current();

  /**
   * Proposes a mode on behalf of a named source (an operator switch, an app rule). Proposing
   * {@link ServiceMode#NORMAL} withdraws the source's demand.
   *
   * @param source short stable name, e.g. {@code "operator"}
   * @param mode the mode this source wants
   * @param reason short human-readable reason
   */
  void propose(String source, ServiceMode mode, String reason);

  /**
   * Withdraws a source's proposal altogether (a source that closes); the applied mode is
   * recomputed from the others.
   *
   * @param source the source's name
   */
  void withdraw(String source);

  /**
   * The latest proposal of every source that has proposed anything.
   *
   * @return source name to proposed mode, a snapshot
   */
  Map<String, ServiceMode> proposals();

  /**
   * Adds a graceful-degradation hook.
   *
   * @param listener told on every change of the applied mode
   * @return closing it removes the listener
   */
  Subscription addListener(ServiceModeListener listener);
}
