package dev.microevent.core;

/**
 * Something that has an opinion on the {@link ServiceMode}: a power policy, an error-budget
 * alert, an operator switch. The client binds every source when it is built; a source then
 * proposes a mode whenever its view changes. The client applies the most severe proposal of all
 * sources.
 *
 * <p>Implementations must be thread-safe; {@link #bind} is called once.
 *
 * @see MicroEventClient.Builder#addModeSource(ServiceModeSource)
 */
public interface ServiceModeSource {

  /**
   * A short, stable name for logs and metrics, e.g. {@code "power"}.
   *
   * @return the name
   */
  String name();

  /**
   * Called once by the client. Keep the sink and call it whenever your proposal changes; the
   * initial proposal of every source is {@link ServiceMode#NORMAL}.
   *
   * @param sink where to send proposals; thread-safe, cheap, never throws
   */
  void bind(ModeSink sink);

  /** Where a source sends its proposals. */
  @FunctionalInterface
  interface ModeSink {
    /**
     * Proposes a mode.
     *
     * @param mode the mode this source wants
     * @param reason a short human-readable reason, e.g. {@code "runtime 14 min < 20 min"}
     */
    void propose(ServiceMode mode, String reason);
  }
}
