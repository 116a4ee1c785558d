package dev.microevent.matter.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The client's {@code microevent.matter.*} meters; records nothing without a registry. Tag values
 * come from fixed sets (command and event names this SDK knows, outcomes, kinds): never ids.
 */
final class MatterMeters {
  static final String COMMANDS = "microevent.matter.commands";
  static final String EVENTS = "microevent.matter.events";
  static final String UNKNOWN = "microevent.matter.unknown";
  static final String MALFORMED = "microevent.matter.malformed";
  static final String DROPPED = "microevent.matter.events.dropped";
  static final String LISTENER_ERRORS = "microevent.matter.listener.errors";
  static final String RECONNECTS = "microevent.matter.reconnects";
  static final String RESYNCS = "microevent.matter.resyncs";
  static final String QUEUED = "microevent.matter.events.queued";
  static final String PENDING = "microevent.matter.commands.pending";
  static final String AUTOMATION_ACTIONS = "microevent.matter.automation.actions";
  static final String ALERTS = "microevent.matter.alerts";

  private final @Nullable MeterRegistry registry;
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  MatterMeters(@Nullable MeterRegistry registry) {
    this.registry = registry;
  }

  void count(String name, String... tags) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    counters.computeIfAbsent(List.of(name, String.join("\u0000", tags)),
        k -> Counter.builder(name).tags(tags).register(r)).increment();
  }

  void gauge(String name, Supplier<Number> value) {
    MeterRegistry r = registry;
    if (r != null) {
      gauges.add(Gauge.builder(name, value).strongReference(true).register(r));
    }
  }

  /** Removes the gauges: they hold the closed client. */
  void close() {
    MeterRegistry r = registry;
    if (r != null) {
      gauges.forEach(r::remove);
      gauges.clear();
    }
  }
}
