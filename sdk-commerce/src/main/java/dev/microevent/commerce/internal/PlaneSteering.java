package dev.microevent.commerce.internal;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Subscription;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.core.spi.ModuleRuntime;
import java.util.List;
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
 * at once to one that opens later. Kept by the core client's runtime ({@link
 * ModuleRuntime#attachment}), so two core clients never share one and it goes with its core
 * client. Thread-safe.
 */
final class PlaneSteering {
  private static final Logger log = LoggerFactory.getLogger(PlaneSteering.class);
  /** The module's name on the core client. */
  static final String MODULE = "commerce";

  private final List<Steered> steered = new CopyOnWriteArrayList<>();
  /**
   * Held while the module installs. Installing registers the sections, which applies the running
   * document's sections at once (under the core's section lock, so {@link #applied} runs under
   * this one too); a document applied later takes the core's lock alone, never this one, so the
   * two are always taken in that order and cannot deadlock.
   */
  private final Object installing = new Object();
  private boolean installed; // guarded by installing
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
   *     #MODULE}
   * @throws dev.microevent.core.ClientClosedException if the core client is closed
   */
  static PlaneSteering of(MicroEventClient core) {
    ModuleRuntime runtime = core.runtime();
    PlaneSteering s = runtime.attachment(PlaneSteering.class, PlaneSteering::new);
    s.installOn(runtime);
    return s;
  }

  /** Installs the module the first time; one that failed to install is tried again by the next client. */
  private void installOn(ModuleRuntime runtime) {
    synchronized (installing) {
      if (installed) {
        return;
      }
      try {
        runtime.install(module());
      } catch (IllegalArgumentException owned) {
        throw new IllegalStateException("cannot steer the commerce client from the plane: " + owned.getMessage(),
            owned);
      }
      installed = true;
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
        context.onClose(steered::clear);
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
