package dev.microevent.core.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.Intent;
import dev.microevent.core.ModeChange;
import dev.microevent.core.Plane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The client's meters, all named {@code microevent.*} with bounded tags (intent, plane,
 * binding, outcome, status class, mode). With no registry every method is a no-op. Meters are
 * cached so the hot path does one map lookup. Timers publish no client-side percentiles by
 * default (they cost on every record and do not aggregate across instances); turn on percentiles
 * or histograms for {@code microevent.client.calls} with a Micrometer {@code MeterFilter}.
 */
public final class ClientMeters {
  private final @Nullable MeterRegistry registry;
  private final ConcurrentMap<Object, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Object, Counter> counters = new ConcurrentHashMap<>();
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  ClientMeters(@Nullable MeterRegistry registry) {
    this.registry = registry;
  }

  /** Whether anything is recorded. */
  public boolean enabled() {
    return registry != null;
  }

  /** The registry, if any. */
  public @Nullable MeterRegistry registry() {
    return registry;
  }

  /**
   * HTTP status class tag value: {@code 2xx}..{@code 5xx}, or {@code none}.
   *
   * @param status an HTTP status or 0
   * @return the class
   */
  public static String statusClass(int status) {
    return switch (status / 100) {
      case 1 -> "1xx";
      case 2 -> "2xx";
      case 3 -> "3xx";
      case 4 -> "4xx";
      case 5 -> "5xx";
      default -> "none";
    };
  }

  private record CallKey(String intent, String plane, String outcome, String status) {}

  private record AttemptKey(String intent, String plane, String binding, String outcome, String status, boolean failover) {}

  private record CounterKey(String name, Tags tags) {}

  void call(CallEvent e) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String plane = e.planeId() == null ? "none" : e.planeId();
    String status = statusClass(e.statusCode());
    CallKey key = new CallKey(e.intent().name(), plane, e.outcome().tag(), status);
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("microevent.client.calls")
                    .description("Logical calls through the edge-first client, retries included")
                    .tags("intent", key.intent(), "criticality", criticalityTag(e.intent()),
                        "plane", key.plane(), "outcome", key.outcome(), "status", key.status())
                    .register(r))
        .record(e.duration().toNanos(), TimeUnit.NANOSECONDS);
  }

  void attempt(AttemptEvent e) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    AttemptKey key = new AttemptKey(e.intent().name(), e.plane().id(), e.binding(), e.outcome().tag(),
        statusClass(e.statusCode()), e.failover());
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("microevent.client.attempts")
                    .description("HTTP exchanges, one per attempt")
                    .tags("intent", key.intent(), "plane", key.plane(), "binding", key.binding(),
                        "outcome", key.outcome(), "status", key.status(),
                        "route", key.failover() ? "failover" : "primary")
                    .register(r))
        .record(e.duration().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Increments a counter.
   *
   * @param name meter name, {@code microevent.*}
   * @param tags bounded tags, as key-value pairs
   */
  public void count(String name, String... tags) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Tags t = Tags.of(tags);
    counters.computeIfAbsent(new CounterKey(name, t), k -> Counter.builder(name).tags(t).register(r)).increment();
  }

  /**
   * Registers a gauge; the supplier must be cheap and thread-safe. The gauge is removed when the
   * client closes.
   *
   * @param name meter name
   * @param value the value source, held strongly
   * @param tags bounded tags
   */
  public void gauge(String name, Supplier<Number> value, String... tags) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    gauges.add(Gauge.builder(name, value).tags(tags).strongReference(true).register(r));
  }

  /**
   * Removes every gauge registered through these meters (the client's and the SDK modules'):
   * they hold the closed client's state, and while registered a later client's gauge of the same
   * name and tags would not be (the registry keeps the first). Counters and timers stay: they are
   * cumulative and hold nothing of the client.
   */
  void close() {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    for (Meter g : gauges) {
      r.remove(g);
    }
    gauges.clear();
  }

  private record PhaseKey(String plane, String phase) {}

  void phase(String plane, String phase, long nanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    timers.computeIfAbsent(new PhaseKey(plane, phase), k -> Timer.builder("microevent.client.phases")
        .description("Client-side phases of an exchange: dns, connect, tls, ttfb")
        .tags("plane", plane, "phase", phase)
        .register(r)).record(nanos, TimeUnit.NANOSECONDS);
  }

  private record ServerKey(String plane, String metric) {}

  void serverTiming(String plane, String metric, double millis) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    timers.computeIfAbsent(new ServerKey(plane, metric), k -> Timer.builder("microevent.client.server.timing")
        .description("Server-side phases reported in Server-Timing headers")
        .tags("plane", plane, "metric", metric)
        .register(r)).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  void modeGauge(Supplier<Number> level) {
    gauge("microevent.mode.level", level);
  }

  void modeChanged(ModeChange change) {
    count("microevent.mode.changes", "to", change.to().name().toLowerCase(java.util.Locale.ROOT),
        "source", change.source());
  }

  void planeGauges(Plane plane, Supplier<Number> healthy, Supplier<Number> load) {
    gauge("microevent.plane.healthy", healthy, "plane", plane.id());
    gauge("microevent.plane.load", load, "plane", plane.id());
  }

  static String criticalityTag(Intent intent) {
    return intent.criticality().name().toLowerCase(java.util.Locale.ROOT);
  }
}
