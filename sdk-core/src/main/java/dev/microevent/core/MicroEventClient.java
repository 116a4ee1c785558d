package dev.microevent.core;

import dev.microevent.core.anomaly.AnomalyListener;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.budget.BudgetAlertListener;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.internal.ClientSettings;
import dev.microevent.core.internal.ClockTicker;
import dev.microevent.core.internal.DefaultMicroEventClient;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.oracle.LocalModel;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.SteeringKey;
import dev.microevent.core.spi.TransportBinder;
import dev.microevent.core.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The edge-first client: every remote interaction of the app at a micro-event goes through it.
 * Each call names its {@link Intent}; the client checks the {@link ServiceMode}, applies the
 * intent's {@link IntentPolicy}, sends the call to the best healthy edge plane and fails over to
 * the central plane (under backpressure) when the edge cannot serve it.
 *
 * <pre>{@code
 * try (MicroEventClient client = MicroEventClient.builder()
 *     .addEdgePlane(Plane.edge("venue-hub", URI.create("http://10.0.0.2:8080"), 0))
 *     .centralPlane(Plane.central(URI.create("https://api.example.com")))
 *     .meterRegistry(registry)
 *     .build()) {
 *   Catalog catalog = client.get(Intent.READ, "/v1/catalog", Catalog.class);
 * }
 * }</pre>
 *
 * <p>Clients are thread-safe and heavy (connection pools, health checks, a scheduler): build one
 * per app and share it, including with the other SDK modules' clients, which take it in their
 * builders. Close it when the app stops.
 */
public interface MicroEventClient extends AutoCloseable {

  /**
   * A builder for a client.
   *
   * @return a new builder; not thread-safe
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Makes one logical call.
   *
   * @param intent what the call is for
   * @param request what to send
   * @return the 2xx answer (or 304 to a conditional request)
   * @throws ClientClosedException if the client was closed (no I/O done)
   * @throws ShedException if the current service mode does not admit the intent (no I/O done)
   * @throws CallRejectedException if the intent's breaker, bulkhead or rate limit refused it
   * @throws NoRouteException if no plane could take the call
   * @throws DeadlineExceededException if the deadline passed (the exchange is cancelled)
   * @throws ConnectionFailedException if the last attempt failed on the wire
   * @throws ResponseTooLargeException if a plane answered with a body longer than the client
   *     reads (not retried, not held against the plane)
   * @throws HttpServiceException if the plane answered with an error status
   */
  EdgeResponse call(Intent intent, EdgeRequest request);

  /**
   * GETs a JSON document.
   *
   * @param intent what the call is for
   * @param path absolute path with optional query
   * @param type the type to read the body as; a primitive type ({@code int.class}) reads as its
   *     box ({@code Integer})
   * @param <T> the result type
   * @return the mapped body
   * @throws ResponseMappingException if the body is not valid JSON of that type, or exceeds the
   *     mapper's limits (size, nesting, token count, string, name and number lengths)
   * @throws ClientClosedException if the client was closed (no I/O done)
   * @see #call(Intent, EdgeRequest) for the other exceptions
   */
  <T> T get(Intent intent, String path, Class<T> type);

  /**
   * GETs a JSON document of a generic type.
   *
   * @param intent what the call is for
   * @param path absolute path with optional query
   * @param type the type to read the body as, e.g. {@code new TypeRef<List<Item>>() {}}
   * @param <T> the result type
   * @return the mapped body
   * @throws ResponseMappingException if the body is not valid JSON of that type
   * @throws ClientClosedException if the client was closed (no I/O done)
   * @see #get(Intent, String, Class)
   */
  <T> T get(Intent intent, String path, TypeRef<T> type);

  /**
   * POSTs a JSON document and reads a JSON answer.
   *
   * @param intent what the call is for; keyed intents carry one {@code Idempotency-Key}
   * @param path absolute path
   * @param body the object to send as JSON
   * @param type the type to read the answer as; a primitive type reads as its box
   * @param <T> the result type
   * @return the mapped answer
   * @throws ResponseMappingException if the answer is not valid JSON of that type
   * @throws ClientClosedException if the client was closed (no I/O done)
   * @see #call(Intent, EdgeRequest) for the other exceptions
   */
  <T> T post(Intent intent, String path, Object body, Class<T> type);



  /**
   * The error budgets: one per intent with an SLO, plus any a module tracks.
   *
   * @return the budgets of this client
   */
  ErrorBudgets errorBudgets();

  /**
   * The edge plane's configuration as this client holds it.
   *
   * @return the config sync of this client
   */
  ConfigSync config();

  /**
   * The hybrid oracle for local-first decisions.
   *
   * @return the oracle of this client
   */
  HybridOracle oracle();

  /**
   * The service-mode switchboard.
   *
   * @return the modes of this client
   */
  ServiceModes modes();

  /**
   * What the client knows about each plane now, edge planes by priority, then the central plane.
   *
   * @return a snapshot
   */
  List<PlaneStatus> planes();

  /**
   * The intent policy in force.
   *
   * @param intent an intent
   * @return its configured policy, or its default
   */
  IntentPolicy policy(Intent intent);

  /**
   * The runtime this client shares with the SDK's modules: ticker, clock, scheduler, I/O pool,
   * meters, JSON, the remote-call path, module installation and close hooks. Apps do not need
   * it; a client that wraps another must delegate it, so every module works with the wrapper.
   *
   * @return the client's runtime
   */
  ModuleRuntime runtime();





  /**
   * Stops health checks and config sync and releases connections and threads the client created.
   * Background work in flight is abandoned quietly: no thread of the client ends with an exception.
   * Calls after this throw {@link ClientClosedException}. Idempotent.
   */
  @Override
  void close();

  /**
   * Builds a {@link MicroEventClient}. Not thread-safe. Every option has a sensible default
   * except the planes: give at least one.
   */
  final class Builder {
    /** SLOs of the built-in intents unless set otherwise. */
    private static final Map<Intent, Slo> DEFAULT_SLOS = Map.of(
        Intent.PAYMENT, Slo.percent(99.9), Intent.GATE_SCAN, Slo.percent(99.9), Intent.CONTROL, Slo.percent(99.5),
        Intent.READ, Slo.percent(99.5), Intent.STREAM_UPLINK, Slo.percent(99.0), Intent.TELEMETRY, Slo.percent(95.0));

    /** Idle connections kept per network binding unless {@link #connectionPool} says otherwise. */
    public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 16;

    private final List<Plane> edgePlanes = new ArrayList<>();
    private @Nullable Plane centralPlane;
    private final Map<Intent, IntentPolicy> policies = new LinkedHashMap<>();
    private @Nullable MeterRegistry meterRegistry;
    private Clock clock = Clock.systemUTC();
    private @Nullable Ticker ticker;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor ioExecutor;
    private HealthCheckConfig healthCheck = HealthCheckConfig.defaults();
    private boolean healthChecksEnabled = true;
    private OutlierDetectionConfig outlierDetection = OutlierDetectionConfig.defaults();
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private @Nullable TransportBinder transportBinder;
    private final List<MicroEventModule> modules = new ArrayList<>();
    private final List<ServiceModeSource> modeSources = new ArrayList<>();
    private final List<ServiceModeListener> modeListeners = new ArrayList<>();
    private final List<CallListener> callListeners = new ArrayList<>();
    private String instanceId = "sdk-" + UUID.randomUUID();
    private Supplier<String> idempotencyKeys = () -> UUID.randomUUID().toString();
    private @Nullable Random random;
    private final Map<Intent, Slo> slos = new LinkedHashMap<>(DEFAULT_SLOS);
    private final List<BudgetAlertListener> budgetListeners = new ArrayList<>();
    private DetectorConfig detector = DetectorConfig.defaults();
    private final List<AnomalyListener> anomalyListeners = new ArrayList<>();
    private @Nullable Path configFile;
    private Duration configSyncInterval = Duration.ofSeconds(30);
    private final List<SteeringKey> planeKeys = new ArrayList<>();
    private LocalModel localModel = LocalModel.NONE;
    private int oracleCacheSize = 10_000;
    // The connection pool (own block: sized by clients with many calls in flight, e.g. an edge plane).
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration connectionKeepAlive = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * Adds a regional edge plane.
     *
     * @param plane an edge plane ({@link Plane#edge})
     * @return this builder
     */
    public Builder addEdgePlane(Plane plane) {
      Objects.requireNonNull(plane, "plane");
      if (!plane.isEdge()) {
        throw new IllegalArgumentException("plane " + plane.id() + " is not an edge plane; use centralPlane()");
      }
      for (Plane p : edgePlanes) {
        if (p.id().equals(plane.id())) {
          throw new IllegalArgumentException("edge plane id " + plane.id() + " is already used");
        }
      }
      edgePlanes.add(plane);
      return this;
    }

    /**
     * Sets the central plane, the last resort when no edge plane is healthy.
     *
     * @param plane the central plane ({@link Plane#central})
     * @return this builder
     */
    public Builder centralPlane(Plane plane) {
      Objects.requireNonNull(plane, "plane");
      if (plane.isEdge()) {
        throw new IllegalArgumentException("plane " + plane.id() + " is an edge plane; use addEdgePlane()");
      }
      this.centralPlane = plane;
      return this;
    }

    /**
     * Sets one intent's policy; intents without one use {@link IntentPolicy#defaultsFor}.
     *
     * @param intent the intent
     * @param policy its policy
     * @return this builder
     */
    public Builder policy(Intent intent, IntentPolicy policy) {
      policies.put(Objects.requireNonNull(intent, "intent"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Records metrics ({@code microevent.*}) to this registry; default none (nothing recorded).
     * The app keeps owning the registry.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The clock for decisions (ejection times, budgets, mode changes); default system UTC. Inject
     * a {@link dev.microevent.core.time.VirtualTime} clock for deterministic tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The monotonic time every duration is measured with: deadlines, waits (retry backoff, {@code
     * Retry-After}, a critical call's wait for a failover slot), rate-limit and failover token
     * refills, breaker windows, timings. Default: the system's monotonic clock, or, when a {@link
     * #clock(Clock)} other than the system's was given, a ticker that follows that clock (so a test
     * that gives {@link dev.microevent.core.time.VirtualTime#clock()} gets all of it on virtual
     * time). Waits are timers on the {@link #scheduler(ScheduledExecutorService)}; a calling thread
     * waits at most the same span of real time, so a test that never advances virtual time is not
     * held forever.
     *
     * @param ticker the ticker, e.g. {@link dev.microevent.core.time.VirtualTime#ticker()}
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The scheduler for periodic work (health checks, breaker delays); default a small daemon
     * pool the client owns. An injected scheduler stays owned by the app: close() leaves it
     * running.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where blocking background I/O runs (health checks, config sync, the modules' probes,
     * refreshes and operator calls). Default: a pool of up to 16 daemon threads the client owns,
     * unless a {@link #scheduler(ScheduledExecutorService)} was injected, in which case the work
     * is handed to that scheduler (so a {@link dev.microevent.core.time.VirtualTime} test runs it
     * when it advances time, deterministically). An injected executor stays the app's.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder ioExecutor(Executor executor) {
      this.ioExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Active health-check settings; default {@link HealthCheckConfig#defaults()}.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder healthCheck(HealthCheckConfig config) {
      this.healthCheck = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Turns active health checks off (planes are then judged by passive outlier detection only).
     * Default on. Useful for planes that do not implement the heartbeat endpoint.
     *
     * @param enabled whether to run active checks
     * @return this builder
     */
    public Builder healthChecksEnabled(boolean enabled) {
      this.healthChecksEnabled = enabled;
      return this;
    }

    /**
     * Passive outlier detection settings; default {@link OutlierDetectionConfig#defaults()}.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder outlierDetection(OutlierDetectionConfig config) {
      this.outlierDetection = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Failover backpressure; default {@link FailoverPolicy#defaults()}.
     *
     * @param policy the caps
     * @return this builder
     */
    public Builder failover(FailoverPolicy policy) {
      this.failover = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How each intent's connections leave the device; default the device's default network for
     * everything. An installed module may set it instead (sdk-slices' steering), not both.
     *
     * @param binder the binder
     * @return this builder
     */
    public Builder transportBinder(TransportBinder binder) {
      this.transportBinder = Objects.requireNonNull(binder, "binder");
      return this;
    }

    /**
     * Adds a service-mode source (sdk-power's policy, an alert rule).
     *
     * @param source the source; bound when the client is built
     * @return this builder
     */
    public Builder addModeSource(ServiceModeSource source) {
      modeSources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Adds a graceful-degradation hook.
     *
     * @param listener told on every change of the applied mode
     * @return this builder
     */
    public Builder addModeListener(ServiceModeListener listener) {
      modeListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener for attempts and finished calls (error budgets, probes, audit).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addCallListener(CallListener listener) {
      callListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The id this client reports in heartbeats; default a random {@code sdk-<uuid>}.
     *
     * @param instanceId 1..64 printable characters, no personal data
     * @return this builder
     */
    public Builder instanceId(String instanceId) {
      Objects.requireNonNull(instanceId, "instanceId");
      if (instanceId.isEmpty() || instanceId.length() > 64) {
        throw new IllegalArgumentException("instanceId must be 1..64 characters");
      }
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Where generated idempotency keys come from; default random UUIDs. Inject a deterministic
     * supplier in tests.
     *
     * @param keys supplies a fresh key per logical call
     * @return this builder
     */
    public Builder idempotencyKeys(Supplier<String> keys) {
      this.idempotencyKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Where jitter (health-check intervals, ejection times) and trace and span ids come from;
     * default a new {@link Random} for jitter and the thread-local generator for ids (no
     * contention on the hot path). Inject a seeded one for reproducible runs.
     *
     * @param random a thread-safe random source
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets an intent's SLO, the objective its error budget is judged against. Built-in intents
     * have defaults (PAYMENT and GATE_SCAN 99.9 %, CONTROL and READ 99.5 %, STREAM_UPLINK 99 %,
     * TELEMETRY 95 %); the edge plane's config may override them.
     *
     * @param intent the intent
     * @param slo its objective
     * @return this builder
     */
    public Builder slo(Intent intent, Slo slo) {
      slos.put(Objects.requireNonNull(intent, "intent"), Objects.requireNonNull(slo, "slo"));
      return this;
    }

    /**
     * Adds an error-budget alert listener (fires and resolves of PAGE and TICKET levels).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addBudgetAlertListener(BudgetAlertListener listener) {
      budgetListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Anomaly detector parameters until the edge plane's config sets them; default {@link
     * DetectorConfig#defaults()}.
     *
     * @param config the parameters
     * @return this builder
     */
    public Builder detector(DetectorConfig config) {
      this.detector = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Adds an anomaly listener.
     *
     * @param listener told about latency and error-rate anomalies per plane
     * @return this builder
     */
    public Builder addAnomalyListener(AnomalyListener listener) {
      anomalyListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Where the last good config document is kept across restarts; default none (kept in memory
     * only). Choose a path on persistent storage the app owns.
     *
     * @param file the file; its folder is created when needed
     * @return this builder
     */
    public Builder configFile(Path file) {
      this.configFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * How often the config document is pulled; default 30 s; {@link Duration#ZERO} pulls only on
     * {@code client.config().syncNow()}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder configSyncInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("interval must be >= 0, got " + interval);
      }
      this.configSyncInterval = interval;
      return this;
    }

    /**
     * Pins an edge plane's signing key: config documents are then applied only when their {@code
     * Microevent-Signature} verifies over the exact bytes with a trusted key (a pinned one, or one
     * reached from it through the plane's signed key hand-over), and are not a replay of an older
     * document; anything else is refused ({@link dev.microevent.core.config.SyncResult#REJECTED})
     * and the last good document stays in force. Default none: config documents are not
     * authenticated (a device on the venue LAN could steer the client). Pin the key of the venue's
     * planes; during a planned rotation, the next one beside it.
     *
     * @param publicKey the Base64 of the raw 32-byte Ed25519 public key, or the line {@code plane
     *     keys new} prints ({@code <kid> <Base64>})
     * @return this builder
     * @throws IllegalArgumentException if the text is neither form of an Ed25519 public key
     */
    public Builder addPlaneKey(String publicKey) {
      Objects.requireNonNull(publicKey, "publicKey");
      planeKeys.add(SteeringKey.parse(publicKey).orElseThrow(() -> new IllegalArgumentException(
          "a plane key is the Base64 of a raw 32-byte Ed25519 public key, or 'plane keys new' output (<kid> <Base64>)")));
      return this;
    }

    /**
     * Pins an edge plane's signing key, as {@link #addPlaneKey(String)}.
     *
     * @param publicKey the raw 32-byte Ed25519 public key (copied)
     * @return this builder
     * @throws IllegalArgumentException if the bytes are not an Ed25519 public key
     */
    public Builder addPlaneKey(byte[] publicKey) {
      Objects.requireNonNull(publicKey, "publicKey");
      planeKeys.add(SteeringKey.decode(publicKey).orElseThrow(() -> new IllegalArgumentException(
          "a plane key is a raw 32-byte Ed25519 public key, got " + publicKey.length + " bytes that are not one")));
      return this;
    }

    /**
     * Replaces the pinned plane keys, as {@link #addPlaneKey(String)}; an empty list unpins.
     *
     * @param publicKeys the keys
     * @return this builder
     * @throws IllegalArgumentException if one is not an Ed25519 public key
     */
    public Builder planeKeys(Collection<String> publicKeys) {
      Objects.requireNonNull(publicKeys, "publicKeys");
      Builder checked = new Builder();
      publicKeys.forEach(checked::addPlaneKey);
      planeKeys.clear();
      planeKeys.addAll(checked.planeKeys);
      return this;
    }

    /**
     * The app's on-device model for the hybrid oracle; default none.
     *
     * @param model the model
     * @return this builder
     */
    public Builder localModel(LocalModel model) {
      this.localModel = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Most remote answers the oracle caches; default 10 000.
     *
     * @param entries at least 1
     * @return this builder
     */
    public Builder oracleCacheSize(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("oracleCacheSize must be >= 1, got " + entries);
      }
      this.oracleCacheSize = entries;
      return this;
    }

    // ------------------------------------------------------------------ connection pool

    /**
     * How many idle HTTP connections the client keeps open for reuse, per network binding (the
     * default network and each slice), and for how long. Size it to the calls the client has in
     * flight at once: beyond it, calls that finish together close their connections and the next
     * ones open new ones (a TCP handshake on the call's path, sockets in TIME_WAIT). An app makes a
     * few calls at once and keeps the default; an edge plane forwarding for a venue sizes it to
     * its in-flight limit. Default {@value #DEFAULT_MAX_IDLE_CONNECTIONS} connections, 5 minutes.
     *
     * @param maxIdleConnections 1 to 10,000
     * @param keepAlive how long an idle connection is kept, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder connectionPool(int maxIdleConnections, Duration keepAlive) {
      Objects.requireNonNull(keepAlive, "keepAlive");
      if (maxIdleConnections < 1 || maxIdleConnections > 10_000) {
        throw new IllegalArgumentException("maxIdleConnections must be within 1..10000, got " + maxIdleConnections);
      }
      if (keepAlive.isNegative() || keepAlive.isZero()) {
        throw new IllegalArgumentException("keepAlive must be positive, got " + keepAlive);
      }
      this.maxIdleConnections = maxIdleConnections;
      this.connectionKeepAlive = keepAlive;
      return this;
    }

    // ------------------------------------------------------------------ modules

    /**
     * Installs an SDK module (or an extension) while the client is built: it registers its
     * transport binder, listeners, mode sources and close hooks, so it is in place before the
     * first call. Modules install in the order given, after the builder's own listeners and
     * sources.
     *
     * @param module the module
     * @return this builder
     * @throws IllegalArgumentException if a module of that name was given already
     */
    public Builder install(MicroEventModule module) {
      Objects.requireNonNull(module, "module");
      for (MicroEventModule m : modules) {
        if (m.name().equals(module.name())) {
          throw new IllegalArgumentException("a module named '" + module.name() + "' is installed already");
        }
      }
      modules.add(module);
      return this;
    }

    /**
     * Builds and starts the client: binds mode sources, installs the modules and starts health
     * checks. If anything fails (a source that cannot bind, a module that cannot install), nothing
     * is left behind: no thread, timer, gauge or socket.
     *
     * @return the client; close it when done
     * @throws IllegalStateException if no plane was given
     */
    public MicroEventClient build() {
      if (edgePlanes.isEmpty() && centralPlane == null) {
        throw new IllegalStateException("give at least one plane: addEdgePlane(...) and/or centralPlane(...)");
      }
      return new DefaultMicroEventClient(
          new ClientSettings(
              List.copyOf(edgePlanes),
              centralPlane,
              Map.copyOf(policies),
              meterRegistry,
              clock,
              ticker != null ? ticker : tickerFollowing(clock),
              scheduler,
              ioExecutor,
              healthCheck,
              healthChecksEnabled,
              outlierDetection,
              failover,
              transportBinder,
              List.copyOf(modeSources),
              List.copyOf(modeListeners),
              List.copyOf(callListeners),
              instanceId,
              idempotencyKeys,
              random,
              Map.copyOf(slos),
              List.copyOf(budgetListeners),
              detector,
              List.copyOf(anomalyListeners),
              configFile,
              configSyncInterval,
              List.copyOf(planeKeys),
              localModel,
              oracleCacheSize,
              List.copyOf(modules),
              maxIdleConnections,
              connectionKeepAlive));
    }

    /** The system ticker for the system clock, else one that follows the clock given. */
    private static Ticker tickerFollowing(Clock clock) {
      return clock.getClass() == Clock.systemUTC().getClass() ? Ticker.system() : new ClockTicker(clock);
    }
  }
}
