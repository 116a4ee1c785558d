package dev.microevent.commerce.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The commerce meters, all named {@code microevent.commerce.*} in base units with bounded tags.
 * With no registry every method does nothing. Gauges are removed on {@link #close()}. Public only
 * so the shield's internals ({@code commerce.shield.internal}) count on the client's meters.
 */
public final class CommerceMeters {
  private final @Nullable MeterRegistry registry;
  private final ConcurrentMap<Object, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<Object, Timer> timers = new ConcurrentHashMap<>();
  private final @Nullable DistributionSummary staleness;
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  private record Key(String name, Tags tags) {}

  CommerceMeters(@Nullable MeterRegistry registry) {
    this.registry = registry;
    this.staleness = registry == null ? null
        : DistributionSummary.builder("microevent.commerce.cache.staleness")
            .description("How stale copies answered locally were, beyond their freshness")
            .baseUnit("seconds")
            .register(registry);
  }

  /**
   * Counts one event.
   *
   * @param name the counter, {@code microevent.commerce.*}
   * @param tags bounded tag keys and values, alternating
   */
  public void count(String name, String... tags) {
    MeterRegistry r = registry;
    if (r != null) {
      Tags t = Tags.of(tags);
      counters.computeIfAbsent(new Key(name, t), k -> Counter.builder(name).tags(t).register(r)).increment();
    }
  }

  void time(String name, Duration took, String... tags) {
    MeterRegistry r = registry;
    if (r != null) {
      Tags t = Tags.of(tags);
      timers.computeIfAbsent(new Key(name, t), k -> Timer.builder(name).tags(t).register(r)).record(took);
    }
  }

  void gauge(String name, Supplier<Number> value) {
    MeterRegistry r = registry;
    if (r != null) {
      gauges.add(Gauge.builder(name, value).strongReference(true).register(r));
    }
  }

  /**
   * Removes the gauges: they hold this client's state, and while registered a later client's
   * gauges of the same name would not be (the registry keeps the first).
   */
  void close() {
    MeterRegistry r = registry;
    if (r != null) {
      gauges.forEach(r::remove);
      gauges.clear();
    }
  }

  void staleness(long nanos) {
    DistributionSummary s = staleness;
    if (s != null) {
      s.record(nanos / 1e9);
    }
  }
}
