package dev.microevent.core.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.Intent;
import dev.microevent.core.ModeChange;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.spi.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The client's meters, all named {@code microevent.*} with bounded tags (intent, plane,
 * binding, outcome, status class, mode). With no registry every method is a no-op. Meters are
 * cached: a call's and an attempt's timers are found through tables built once, without
 * allocating. Timers publish no client-side percentiles by default (they cost on every record and
 * do not aggregate across instances); turn on percentiles or histograms for {@code
 * microevent.client.calls} with a Micrometer {@code MeterFilter}.
 */
public final class ClientMeters implements Meters {
  private final @Nullable MeterRegistry registry;
  private final ConcurrentMap<Object, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Object, Counter> counters = new ConcurrentHashMap<>();
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  ClientMeters(@Nullable MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean enabled() {
    return registry != null;
  }

  /**
   * The registry, if any; {@link #meterRegistry()} for the same as an optional.
   *
   * @return the registry, or {@code null} when metrics are off; {@link #meterRegistry()} gives the
   *     same as an optional
   */
  public @Nullable MeterRegistry registry() {
    return registry;
  }

  @Override
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(registry);
  }

  /**
   * HTTP status class tag value: {@code 2xx}..{@code 5xx}, or {@code none}.
   *
   * @param status an HTTP status or 0
   * @return the class
   */
  public static String statusClass(int status) {
    return Meters.statusClass(status);
  }

  /** Status classes in the order of {@link #statusIndex}. */
  private static final int STATUS_CLASSES = 6;

  /**
   * Call timers by intent, then plane, then outcome; one slot per status class. Tags are bounded
   * (intents and planes are configured), so the tables stay small and are built once: a call that
   * finds its timer allocates nothing.
   */
  private final ConcurrentMap<String, ConcurrentMap<String, Map<Outcome, AtomicReferenceArray<Timer>>>> callTimers =
      new ConcurrentHashMap<>();
  /** Attempt timers by intent, plane, binding, then outcome; one slot per (status class, route). */
  private final ConcurrentMap<String,
      ConcurrentMap<String, ConcurrentMap<String, Map<Outcome, AtomicReferenceArray<Timer>>>>> attemptTimers =
      new ConcurrentHashMap<>();

  private record CounterKey(String name, Tags tags) {}

  /** The slot of {@link #statusClass(int)}'s value, 0..5. */
  private static int statusIndex(int status) {
    int c = status / 100;
    return c >= 1 && c <= 5 ? c - 1 : 5;
  }

  /** A slot table per outcome, filled now and read-only after. */
  private static Map<Outcome, AtomicReferenceArray<Timer>> byOutcome(int slots) {
    Map<Outcome, AtomicReferenceArray<Timer>> table = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      table.put(o, new AtomicReferenceArray<>(slots));
    }
    return table;
  }

  private static <V> V level(ConcurrentMap<String, V> map, String key, Function<String, V> create) {
    V v = map.get(key);
    return v != null ? v : map.computeIfAbsent(key, create);
  }

  /** Registers the timer of an empty slot (on a race the registry returns the same timer to both). */
  private static Timer fill(AtomicReferenceArray<Timer> slots, int slot, Supplier<Timer> register) {
    Timer t = register.get();
    slots.set(slot, t);
    return t;
  }

  void call(CallEvent e) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String plane = e.planeId() == null ? "none" : e.planeId();
    AtomicReferenceArray<Timer> slots = Objects.requireNonNull(level(level(callTimers, e.intent().name(),
        k -> new ConcurrentHashMap<>()), plane, k -> byOutcome(STATUS_CLASSES)).get(e.outcome()));
    int slot = statusIndex(e.statusCode());
    Timer timer = slots.get(slot);
    if (timer == null) {
      timer = fill(slots, slot, () ->
          Timer.builder("microevent.client.calls")
              .description("Logical calls through the edge-first client, retries included")
              .tags("intent", e.intent().name(), "criticality", criticalityTag(e.intent()),
                  "plane", plane, "outcome", e.outcome().tag(), "status", statusClass(e.statusCode()))
              .register(r));
    }
    timer.record(e.duration().toNanos(), TimeUnit.NANOSECONDS);
  }

  void attempt(AttemptEvent e) {
    attempt(e.intent(), e.plane().id(), e.binding(), e.failover(), e.outcome(), e.statusCode(),
        e.duration().toNanos());
  }

  /** One attempt: what {@link #attempt(AttemptEvent)} reads of its event, without one having to be made. */
  void attempt(Intent intent, String plane, String binding, boolean failover, Outcome outcome, int status,
      long tookNanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    AtomicReferenceArray<Timer> slots = Objects.requireNonNull(level(level(level(attemptTimers, intent.name(),
        k -> new ConcurrentHashMap<>()), plane, k -> new ConcurrentHashMap<>()), binding,
        k -> byOutcome(STATUS_CLASSES * 2)).get(outcome));
    int slot = statusIndex(status) * 2 + (failover ? 1 : 0);
    Timer timer = slots.get(slot);
    if (timer == null) {
      timer = fill(slots, slot, () ->
          Timer.builder("microevent.client.attempts")
              .description("HTTP exchanges, one per attempt")
              .tags("intent", intent.name(), "plane", plane, "binding", binding,
                  "outcome", outcome.tag(), "status", statusClass(status),
                  "route", failover ? "failover" : "primary")
              .register(r));
    }
    timer.record(tookNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void count(String name, String... tags) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Tags t = Tags.of(tags);
    counters.computeIfAbsent(new CounterKey(name, t), k -> Counter.builder(name).tags(t).register(r)).increment();
  }

  @Override
  public void time(String name, Duration duration, String... tags) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Tags t = Tags.of(tags);
    timers.computeIfAbsent(new CounterKey(name, t), k -> Timer.builder(name).tags(t).register(r))
        .record(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
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

  private record RemoteKey(String source, String outcome, String status) {}

  /** One exchange of {@link dev.microevent.core.spi.RemoteCalls}. */
  void remote(String source, String outcome, int status, long nanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    RemoteKey key = new RemoteKey(source, outcome, statusClass(status));
    timers.computeIfAbsent(key, k -> Timer.builder("microevent.remote.calls")
        .description("Exchanges with remotes that are not planes (CAMARA, OAuth), through the client's transport")
        .tags("source", source, "outcome", outcome, "status", key.status())
        .register(r)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Phase timers by plane, then phase (every exchange records at least its time to first byte). */
  private final ConcurrentMap<String, ConcurrentMap<String, Timer>> phaseTimers = new ConcurrentHashMap<>();

  void phase(String plane, String phase, long nanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    ConcurrentMap<String, Timer> byPhase = level(phaseTimers, plane, k -> new ConcurrentHashMap<>());
    Timer timer = byPhase.get(phase);
    if (timer == null) {
      timer = byPhase.computeIfAbsent(phase, k -> Timer.builder("microevent.client.phases")
          .description("Client-side phases of an exchange: dns, connect, tls, ttfb")
          .tags("plane", plane, "phase", phase)
          .register(r));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
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
