package dev.microevent.core.spi;

import dev.microevent.core.CallListener;
import dev.microevent.core.ServiceModeListener;
import dev.microevent.core.ServiceModeSource;

/**
 * What a {@link MicroEventModule} registers while it is installed. Each registration takes effect
 * for calls that start afterwards. Handed to {@link MicroEventModule#install} only; not
 * thread-safe. For SDK modules and extensions; apps do not need it.
 */
public interface ModuleContext {

  /**
   * The client's shared runtime.
   *
   * @return the runtime
   */
  ModuleRuntime runtime();

  /**
   * Sets how each attempt's connection leaves the device (sdk-slices' steering).
   *
   * @param binder the binder
   * @throws IllegalStateException if the app or another module set one already
   */
  void transportBinder(TransportBinder binder);

  /**
   * Adds a listener for attempts and finished calls.
   *
   * @param listener the listener
   */
  void addCallListener(CallListener listener);

  /**
   * Adds a service-mode source; it is bound at once.
   *
   * @param source the source
   */
  void addModeSource(ServiceModeSource source);

  /**
   * Adds a listener for changes of the applied service mode.
   *
   * @param listener the listener
   */
  void addModeListener(ServiceModeListener listener);

  /**
   * Owns a top-level section of the plane's config document: from now on it is validated with the
   * rest of each document (one problem rejects the whole document) and applied with it. If the
   * document the client runs on already carries the section, it is parsed and applied at once.
   *
   * @param section the section
   * @throws IllegalArgumentException if the name is malformed, one of the core's own sections, or
   *     owned by another module already
   */
  void addConfigSection(ConfigSection<?> section);

  /**
   * Closes something when the client closes, as {@link ModuleRuntime#onClose}.
   *
   * @param hook what to close
   */
  void onClose(AutoCloseable hook);
}
