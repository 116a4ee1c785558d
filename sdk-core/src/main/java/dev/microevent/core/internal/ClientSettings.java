package dev.microevent.core.internal;

import dev.microevent.core.CallListener;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.OutlierDetectionConfig;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceModeListener;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.anomaly.AnomalyListener;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.budget.BudgetAlertListener;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.oracle.LocalModel;
import java.nio.file.Path;
import java.time.Duration;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.SteeringKey;
import dev.microevent.core.spi.TransportBinder;
import dev.microevent.core.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything the builder collected, immutable. {@code transportBinder} is null when the app gave
 * none (a module may then set one); {@code ticker} is the one the builder chose.
 */
public record ClientSettings(
    List<Plane> edgePlanes,
    @Nullable Plane centralPlane,
    Map<Intent, IntentPolicy> policies,
    @Nullable MeterRegistry meterRegistry,
    Clock clock,
    Ticker ticker,
    @Nullable ScheduledExecutorService scheduler,
    @Nullable Executor ioExecutor,
    HealthCheckConfig healthCheck,
    boolean healthChecksEnabled,
    OutlierDetectionConfig outlierDetection,
    FailoverPolicy failover,
    @Nullable TransportBinder transportBinder,
    List<ServiceModeSource> modeSources,
    List<ServiceModeListener> modeListeners,
    List<CallListener> callListeners,
    String instanceId,
    Supplier<String> idempotencyKeys,
    @Nullable Random random,
    Map<Intent, Slo> slos,
    List<BudgetAlertListener> budgetListeners,
    DetectorConfig detector,
    List<AnomalyListener> anomalyListeners,
    @Nullable Path configFile,
    Duration configSyncInterval,
    List<SteeringKey> planeKeys,
    LocalModel localModel,
    int oracleCacheSize,
    List<MicroEventModule> modules,
    int maxIdleConnections,
    Duration connectionKeepAlive) {}
