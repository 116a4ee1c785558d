package dev.microevent.power.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.ServiceMode;
import dev.microevent.power.PowerAlert;
import dev.microevent.power.PowerStatus;
import dev.microevent.power.SourceState;
import dev.microevent.power.SourceStatus;
import dev.microevent.power.VeDirectSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The power meters, {@code microevent.power.*}, base units (ratio, seconds, watts), tags bounded
 * by the configured sources and the fixed enums. Gauges read the latest status; with no registry
 * nothing is registered or recorded. {@link #close()} removes the gauges and function counters,
 * which read this client's state, so a closed client neither reports its last values forever nor
 * hides a later client's behind them; the plain counters stay, as counts do.
 */
final class PowerMeters {
  private final @Nullable MeterRegistry registry;
  private final List<Meter> owned = new ArrayList<>();

  PowerMeters(@Nullable MeterRegistry registry, Supplier<PowerStatus> status, List<String> sourceIds,
      List<VeDirectSource> veDirect) {
    this.registry = registry;
    if (registry == null) {
      return;
    }
    gauge("microevent.power.charge", "ratio", "State of charge of the fresh sources, 0..1 (NaN unknown)",
        status, s -> s.estimate().chargePercent().orElse(Double.NaN) / 100.0);
    gauge("microevent.power.solar", "watts", "Solar input", status, s -> s.estimate().solarWatts());
    gauge("microevent.power.mode.level", null, "Mode power proposes: 0 normal, 1 reduced, 2 critical_only",
        status, s -> PolicyEngine.level(s.mode()));
    for (ServiceMode m : ServiceMode.values()) {
      owned.add(Gauge.builder("microevent.power.runtime", status, s -> s.get().estimate().runtimeIn(m).seconds())
          .description("Runtime left with the loads this mode runs (NaN unknown, +Inf covered)")
          .baseUnit("seconds").tag("mode", tag(m.name())).strongReference(true).register(registry));
    }
    for (Criticality c : Criticality.values()) {
      owned.add(Gauge.builder("microevent.power.draw", status, s -> s.get().estimate().drawWatts(c))
          .description("Draw of one power role").baseUnit("watts").tag("role", tag(c.name()))
          .strongReference(true).register(registry));
    }
    for (String id : sourceIds) {
      owned.add(Gauge.builder("microevent.power.source.stale", status, s -> staleness(s.get(), id))
          .description("1 while the source's data is stale or unknown, else 0").tag("source", id)
          .strongReference(true).register(registry));
    }
    for (VeDirectSource v : veDirect) {
      owned.add(FunctionCounter.builder("microevent.power.vedirect.rejected", v, VeDirectSource::rejectedBlocks)
          .description("VE.Direct blocks rejected (checksum, truncation, garbage)").tag("source", v.id())
          .register(registry));
    }
  }

  private void gauge(String name, @Nullable String unit, String description, Supplier<PowerStatus> status,
      ToDoubleFunction<PowerStatus> value) {
    MeterRegistry r = Objects.requireNonNull(registry, "registry");
    owned.add(Gauge.builder(name, status, s -> value.applyAsDouble(s.get())).description(description).baseUnit(unit)
        .strongReference(true).register(r));
  }

  /** Removes the meters that read this client's state; the caller calls it once. */
  void close() {
    MeterRegistry r = registry;
    if (r != null) {
      for (Meter m : owned) {
        r.remove(m);
      }
      owned.clear();
    }
  }

  private static double staleness(PowerStatus status, String id) {
    for (SourceStatus s : status.sources()) {
      if (s.id().equals(id)) {
        return s.state() == SourceState.STALE || s.state() == SourceState.UNKNOWN ? 1 : 0;
      }
    }
    return Double.NaN;
  }

  private static String tag(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }

  void modeChanged(ServiceMode to) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("microevent.power.mode.changes").description("Mode changes power proposed")
          .tag("to", tag(to.name())).register(r).increment();
    }
  }

  void alert(PowerAlert alert) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("microevent.power.alerts").description("Power alerts raised")
          .tag("kind", tag(alert.kind().name())).register(r).increment();
    }
  }
}
