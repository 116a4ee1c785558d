package dev.microevent.core.internal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.TypeRef;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge-first client, a thin facade: it builds the {@link CoreRuntime} (what the client and its
 * modules share), the planes and their health, the config sync, budgets and oracle, and the {@link
 * CallPipeline} every call goes through, installs the modules, and hands each method to the part
 * that does it. Everything it starts is a close hook of the runtime, so closing (or a build that
 * fails half-way) releases all of it, modules' parts first.
 */
public final class DefaultMicroEventClient implements MicroEventClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultMicroEventClient.class);

  private final ClientSettings settings;
  private final CoreRuntime runtime;
  private final Clock clock;
  private final ModeController modes;
  private final List<PlaneState> edgeStates;
  private final List<PlaneState> allStates;
  private final BudgetKeeper budgets;
  private final ConfigSyncer configSync;
  private final OracleEngine oracle;
  private final CallPipeline pipeline;
  /** The SDK's default policy of each intent the app did not configure, built once. */
  private final ConcurrentMap<Intent, IntentPolicy> defaultPolicies = new ConcurrentHashMap<>();

  /**
   * Builds and starts a client; use {@link MicroEventClient#builder()}.
   *
   * @param settings what the builder collected
   */
  public DefaultMicroEventClient(ClientSettings settings) {
    this.settings = settings;
    this.runtime = new CoreRuntime(settings);
    try {
      this.clock = runtime.clock();
      ClientMeters meters = runtime.clientMeters();
      long now = runtime.ticker().read();
      List<PlaneState> edges = new ArrayList<>();
      for (Plane p : settings.edgePlanes()) {
        edges.add(new PlaneState(p, settings.healthCheck(), now));
      }
      this.edgeStates = List.copyOf(edges);
      Plane central = settings.centralPlane();
      PlaneState centralState = central == null ? null : new PlaneState(central, settings.healthCheck(), now);
      List<PlaneState> all = new ArrayList<>(edgeStates);
      all.sort((a, b) -> Integer.compare(a.plane().priority(), b.plane().priority()));
      if (centralState != null) {
        all.add(centralState);
      }
      this.allStates = List.copyOf(all);
      this.modes = new ModeController(clock, meters, settings.modeListeners());
      runtime.attach(modes);
      FailoverGate gate = new FailoverGate(settings.failover(), runtime.ticker(), runtime.waiter());
      Router router = new Router(edgeStates, centralState, gate, clock, runtime.ticker(), meters);
      OutlierDetector outliers = new OutlierDetector(settings.outlierDetection(), edgeStates, clock, meters,
          runtime.jitter());
      this.budgets = new BudgetKeeper(clock, meters, settings.budgetListeners());
      ActiveConfig defaults = new ActiveConfig("local", null, ConfigSnapshot.Source.DEFAULTS, null, Map.of(),
          settings.slos(), settings.detector(), Map.of(), Map.of(), ActiveConfig.OracleSettings.DEFAULTS, Map.of(),
          null, Map.of(), Map.of());
      this.configSync = new ConfigSyncer(defaults, this::configParser, this::configPlanes, runtime.transport(), clock,
          meters, settings.configFile(), this::configApplied, settings.planeKeys());
      runtime.configSections().attach(configSync::active);
      budgets.configure(settings.slos());
      AnomalyDetector anomalies = new AnomalyDetector(() -> configSync.active().detector(), clock, meters,
          settings.anomalyListeners());
      this.pipeline = new CallPipeline(runtime, modes, router, outliers, anomalies, budgets, configSync::active,
          this::policy, settings.idempotencyKeys(), settings.failover());
      this.oracle = new OracleEngine(this, () -> configSync.active().oracle(), settings.localModel(), runtime.ticker(),
          settings.oracleCacheSize(), meters);
      for (PlaneState s : allStates) {
        meters.planeGauges(s.plane(), () -> s.routable(clock.instant()) ? 1 : 0, s::advertisedLoad);
      }
      meters.gauge("microevent.routing.failover.inflight", gate::inFlight);
      // Close hooks run last registered first: the modules' parts, then these, then the runtime's own.
      runtime.onClose(pipeline);
      runtime.onClose(budgets);
      budgets.start(runtime.scheduler(), Duration.ofSeconds(30));
      runtime.onClose(configSync);
      if (settings.healthChecksEnabled()) {
        HealthMonitor health = new HealthMonitor(allStates, settings.healthCheck(),
            () -> configSync.active().healthIntervalOr(settings.healthCheck().interval()), runtime.transport(),
            runtime.scheduler(), runtime.ioExecutor(), clock, runtime.jitter(), meters, settings.instanceId(), modes,
            pipeline::lastError);
        runtime.onClose(health);
        health.start();
      }
      for (ServiceModeSource source : settings.modeSources()) {
        modes.bind(source);
      }
      for (MicroEventModule module : settings.modules()) {
        runtime.install(module);
      }
      // After the builder's modules: the saved and the first pulled document are checked with
      // their sections, in the same pass as the core's.
      configSync.loadFile();
      configSync.start(runtime.scheduler(), runtime.ioExecutor(), settings.configSyncInterval());
    } catch (RuntimeException e) {
      // All or nothing: a refused build leaves no gauges, timers, threads or sockets behind.
      runtime.close();
      throw e;
    }
    Plane central = settings.centralPlane();
    log.debug("microevent client {} started: {} edge plane(s), central {}", settings.instanceId(),
        edgeStates.size(), central == null ? "none" : central.baseUri());
  }

  // ---------------------------------------------------------------- calls

  @Override
  public EdgeResponse call(Intent intent, EdgeRequest request) {
    return pipeline.call(intent, request);
  }

  @Override
  public <T> T get(Intent intent, String path, Class<T> type) {
    return Json.read(call(intent, EdgeRequest.get(path)).body(), type);
  }

  @Override
  public <T> T get(Intent intent, String path, TypeRef<T> type) {
    return Json.read(call(intent, EdgeRequest.get(path)).body(), type);
  }

  @Override
  public <T> T post(Intent intent, String path, Object body, Class<T> type) {
    EdgeRequest request = EdgeRequest.builder("POST", path)
        .header("accept", "application/json")
        .body(Json.write(body), "application/json")
        .build();
    return Json.read(call(intent, request).body(), type);
  }

  // ---------------------------------------------------------------- config

  private ConfigParser configParser() {
    Set<String> edgeIds = new LinkedHashSet<>();
    edgeStates.forEach(s -> edgeIds.add(s.plane().id()));
    return new ConfigParser(runtime.intents(), edgeIds, this::localPolicy, settings.detector(), settings.slos(),
        runtime.configSections().registered());
  }

  private List<Plane> configPlanes() {
    Instant now = clock.instant();
    List<Plane> ordered = new ArrayList<>();
    allStates.stream().filter(s -> s.plane().isEdge() && s.routable(now)).forEach(s -> ordered.add(s.plane()));
    allStates.stream().filter(s -> !ordered.contains(s.plane())).forEach(s -> ordered.add(s.plane()));
    return ordered;
  }

  private void configApplied(ActiveConfig config) {
    // Executors are not dropped here: the pipeline replaces one whose policy the new document
    // changed, and keeps the breaker and retry budget of every other intent.
    budgets.configure(config.slos());
    runtime.configSections().applied(config);
  }

  // ---------------------------------------------------------------- state

  @Override
  public ServiceModes modes() {
    return modes;
  }

  @Override
  public List<PlaneStatus> planes() {
    Instant now = clock.instant();
    List<PlaneStatus> out = new ArrayList<>(allStates.size());
    for (PlaneState s : allStates) {
      out.add(s.snapshot(now));
    }
    return List.copyOf(out);
  }

  @Override
  public IntentPolicy policy(Intent intent) {
    IntentPolicy remote = configSync.active().policies().get(intent);
    return remote != null ? remote : localPolicy(intent);
  }

  private IntentPolicy localPolicy(Intent intent) {
    IntentPolicy p = settings.policies().get(intent);
    return p != null ? p : defaultPolicies.computeIfAbsent(intent, IntentPolicy::defaultsFor);
  }

  @Override
  public ErrorBudgets errorBudgets() {
    return budgets;
  }

  @Override
  public ConfigSync config() {
    return configSync;
  }

  @Override
  public HybridOracle oracle() {
    return oracle;
  }

  @Override
  public ModuleRuntime runtime() {
    return runtime;
  }

  /**
   * Stops health checks and config sync, closes the modules' parts and releases the connections
   * and threads the client created. Idempotent.
   */
  @Override
  public void close() {
    if (runtime.isClosed()) {
      return;
    }
    runtime.close();
    log.debug("microevent client {} closed", settings.instanceId());
  }

  @Override
  public String toString() {
    return "MicroEventClient{" + settings.instanceId() + (runtime.isClosed() ? ", closed" : "") + "}";
  }
}
