package dev.microevent.core.spi;

import dev.microevent.core.ClientClosedException;
import dev.microevent.core.Intent;
import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What an SDK module may use of the core client it attaches to: one runtime per client, shared by
 * every module, so four module clients still mean one scheduler, one I/O pool, one connection pool
 * and one meter registry. Reached through {@link dev.microevent.core.MicroEventClient#runtime()},
 * so a wrapped or fake client that delegates that method works with every module. For SDK modules
 * and extensions; apps do not need it.
 *
 * <p>Thread-safe.
 */
public interface ModuleRuntime {

  /**
   * The monotonic time every duration is measured with (deadlines, waits, token refills).
   *
   * @return the client's ticker
   */
  Ticker ticker();

  /**
   * The intents this client knows by name, as the plane's config document names them: the
   * built-ins, then those the builder gave a policy or an SLO. A module's {@link ConfigSection}
   * resolves intent names here, so it accepts and refuses the same names as the core's sections.
   *
   * @return name to intent, in that order; unmodifiable
   */
  Map<String, Intent> intents();

  /**
   * The time of day, for timestamps and calendar decisions.
   *
   * @return the client's clock
   */
  Clock clock();

  /**
   * Keeps time for periodic and delayed work. It only keeps time: blocking work goes to {@link
   * #ioExecutor()}.
   *
   * @return the client's scheduler (the app's, when it injected one)
   */
  ScheduledExecutorService scheduler();

  /**
   * Where blocking background I/O runs: probes, refreshes, operator calls.
   *
   * @return the client's I/O executor
   */
  Executor ioExecutor();

  /**
   * Meters, named {@code microevent.*} with bounded tags; no-ops when the app gave no registry.
   *
   * @return the client's meters
   */
  Meters meters();

  /**
   * The SDK's JSON mapper with its limits.
   *
   * @return the codec
   */
  JsonCodec json();

  /**
   * Core's service-call path for HTTP remotes that are not planes (an operator's CAMARA API, an
   * OAuth server): the same transport, body limits, outcome classification, timing and meters
   * as the client's own calls.
   *
   * @return the remote calls
   */
  RemoteCalls remote();

  /**
   * Core's WebSocket path for modules whose remote speaks WebSocket (a Matter controller): text
   * sessions on the client's shared connection pool and dispatcher, cancelled when the client
   * closes.
   *
   * @return the WebSockets
   */
  WebSockets webSockets();

  /**
   * Installs a module after the client was built, as {@link
   * dev.microevent.core.MicroEventClient.Builder#install} does while it builds: what it registers
   * takes effect for calls that start afterwards.
   *
   * @param module the module
   * @throws IllegalStateException if a module of that name is installed already, or the module
   *     sets a transport binder when one is set
   * @throws ClientClosedException if the client was closed
   */
  void install(MicroEventModule module);

  /**
   * The client's one instance of a module's shared state, made on first use: for a module whose
   * clients may be built several times over one core client and must share what they register on
   * it once (sdk-commerce's plane steering owns its config sections once per core client, for
   * every commerce client over it). Kept by this runtime, not in a static registry, so two core
   * clients never share it and it goes when the client closes (it is dropped then; close what
   * it holds with {@link #onClose}).
   *
   * <pre>{@code
   * Steering s = core.runtime().attachment(Steering.class, Steering::new);
   * }</pre>
   *
   * @param <T> the attachment's type
   * @param type the attachment's type, its key; use a type of your own module
   * @param ifAbsent makes it, at most once per client and type; must be quick, must not call this
   *     runtime and must not return null
   * @return the attachment of that type, the same for every call on this client
   * @throws ClientClosedException if the client was closed
   */
  <T> T attachment(Class<T> type, Supplier<? extends T> ifAbsent);

  /**
   * Closes something when the client closes: hooks run in reverse order of registration, before
   * the client releases its threads and connections. A hook that throws is logged and skipped.
   * Registered after the client closed, it runs at once.
   *
   * @param hook what to close
   */
  void onClose(AutoCloseable hook);
}
