package dev.microevent.commerce.internal;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Subscription;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.core.spi.ModuleRuntime;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plane steers in the commerce clients over one core client. A core client accepts one
 * owner per config section, while any number of commerce clients may run over it (and close and
 * open again), so the {@value #MODULE} module that owns the {@code cache} and {@code probes}
 * sections ({@link SteeredSection}) is installed once per core client, by the first commerce
 * client built over it, and hands each accepted section to every commerce client open over it:
 * at once to one that opens later. Thread-safe.
 */
final class PlaneSteering {
  private static final Logger log = LoggerFactory.getLogger(PlaneSteering.class);
  /** The module's name on the core client. */
  static final String MODULE = "commerce";
  /**
   * One per open core client, by its runtime: removed when the core client closes (and weak, so a
   * core client dropped unclosed with no commerce client open over it is not kept either).
   */
  private static final Map<ModuleRuntime, PlaneSteering> BY_CORE = new WeakHashMap<>();

  private final List<Steered> steered = new CopyOnWriteArrayList<>();
  private SteeredSection.@Nullable Value cache;
  private SteeredSection.@Nullable Value probes;

  /** A commerce client's parts the sections steer. */
  interface Steered {
    /**
     * The {@code cache} section in force.
     *
     * @param value the section, or null for the builder's settings
     */
    void cache(SteeredSection.@Nullable Value value);

    /**
     * The {@code probes} section in force.
     *
     * @param value the section, or null for the builder's settings
     */
    void probes(SteeredSection.@Nullable Value value);
  }

  private PlaneSteering() {}

  /**
   * The steering of a core client's commerce clients; installs its module on the first call.
   *
   * @param core the core client
   * @return the steering
   * @throws IllegalStateException if another module owns one of the sections or the name {@value
   *     #MODULE}, or the core client is closed
   */
  static PlaneSteering of(MicroEventClient core) {
    ModuleRuntime runtime = core.runtime();
    synchronized (BY_CORE) {
      PlaneSteering s = BY_CORE.get(runtime);
      if (s == null) {
        s = new PlaneSteering();
        try {
          runtime.install(s.module());
        } catch (IllegalArgumentException owned) {
          throw new IllegalStateException("cannot steer the commerce client from the plane: " + owned.getMessage(),
              owned);
        }
        BY_CORE.put(runtime, s);
      }
      return s;
    }
  }

  private MicroEventModule module() {
    return new MicroEventModule() {
      @Override
      public String name() {
        return MODULE;
      }

      @Override
      public void install(ModuleContext context) {
        context.addConfigSection(SteeredSection.CACHE.owned(v -> applied(v, true)));
        context.addConfigSection(SteeredSection.PROBES.owned(v -> applied(v, false)));
        ModuleRuntime runtime = context.runtime();
        context.onClose(() -> {
          synchronized (BY_CORE) {
            BY_CORE.remove(runtime);
          }
          steered.clear();
        });
      }
    };
  }

  private synchronized void applied(SteeredSection.@Nullable Value value, boolean isCache) {
    if (isCache) {
      cache = value;
    } else {
      probes = value;
    }
    for (Steered s : steered) {
      hand(s, value, isCache ? Steered::cache : Steered::probes);
    }
  }

  /**
   * Steers a commerce client's parts from now on, starting with the sections in force.
   *
   * @param client its parts
   * @return closing it ends the steering (when the commerce client closes)
   */
  synchronized Subscription attach(Steered client) {
    steered.add(client);
    hand(client, cache, Steered::cache);
    hand(client, probes, Steered::probes);
    return () -> steered.remove(client);
  }

  private static void hand(Steered client, SteeredSection.@Nullable Value value,
      BiConsumer<Steered, SteeredSection.@Nullable Value> to) {
    try {
      to.accept(client, value);
    } catch (RuntimeException e) {
      // one commerce client failing to take a section does not keep it from the others
      log.warn("a commerce client could not take the plane's section {}; it keeps its settings", value, e);
    }
  }
}
