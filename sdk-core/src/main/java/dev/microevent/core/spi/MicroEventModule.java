package dev.microevent.core.spi;

/**
 * An SDK module (or an extension) that plugs into the core client in one step: it registers its
 * transport binder, listeners, mode sources and close hooks through the {@link ModuleContext}.
 * Installed on the builder ({@link dev.microevent.core.MicroEventClient.Builder#install}), so it
 * is in place before the first call, or later by a module client through {@link
 * ModuleRuntime#install}. For SDK modules and extensions; apps do not need it.
 *
 * <pre>{@code
 * final class AuditModule implements MicroEventModule {
 *   public String name() { return "audit"; }
 *   public void install(ModuleContext context) {
 *     AuditLog log = new AuditLog(context.runtime().clock());
 *     context.addCallListener(log);
 *     context.onClose(log);
 *   }
 * }
 * }</pre>
 */
public interface MicroEventModule {

  /**
   * A short, stable name for logs, unique per client: {@code "slices"}, {@code "power"}.
   *
   * @return the name
   */
  String name();

  /**
   * Registers the module with the client. Called once, on the thread that builds the client (or
   * calls {@link ModuleRuntime#install}). If it throws, the client's build fails and leaves
   * nothing behind.
   *
   * @param context where to register
   */
  void install(ModuleContext context);
}
