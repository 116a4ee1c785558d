package dev.microevent.power;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.Subscription;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.power.internal.Checks;
import dev.microevent.power.internal.DefaultPowerClient;
import dev.microevent.power.internal.PowerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Power as a first-class resource: polls the power sources, keeps the power budget (charge, draw
 * per role, runtime per mode), and proposes the {@link ServiceMode} the budget calls for, so
 * non-essential work pauses when the battery falls and resumes when solar brings it back.
 *
 * <pre>{@code
 * try (MicroEventClient client = MicroEventClient.builder().centralPlane(central).build();
 *      PowerClient power = PowerClient.builder()
 *          .client(client)                      // shares its clock, scheduler and meters; proposes its mode
 *          .simulated("bank", SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LIFEPO4, 24, 50),
 *              45, 300, 900, LocalTime.of(6, 0), LocalTime.of(20, 0)).withTimeScale(600))
 *          .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 80))
 *          .addLoad(PowerLoad.of("stream", Criticality.DEGRADED, 120))
 *          .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 100))
 *          .build()) {
 *   power.pauseWhileShed(Criticality.NON_ESSENTIAL, analytics::pause, analytics::resume);
 *   ...
 * }
 * }</pre>
 *
 * <p>Without a {@link MicroEventClient}, add {@link #modeSource()} to one with {@code
 * MicroEventClient.builder().addModeSource(power.modeSource())}.
 *
 * <p>Thread-safe. It owns the sources it was given and closes them on {@link #close()}; an
 * injected scheduler, registry or client stays the app's.
 */
public interface PowerClient extends AutoCloseable {

  /** {@return a builder; not thread-safe} */
  static Builder builder() {
    return new Builder();
  }

  /** {@return the latest snapshot: mode, reason, budget and sources} */
  PowerStatus status();

  /** {@return the mode power proposes now} */
  ServiceMode mode();

  /**
   * Polls every source and re-evaluates now, without waiting for the next round. Rounds run one at
   * a time: this waits for a round in progress. Blocks for the sources' I/O (bounded by their
   * timeouts).
   *
   * @return the new snapshot; after {@link #close()}, the last one
   */
  PowerStatus refresh();

  /**
   * This client as a core mode source named as configured (default {@code "power"}). Bind it to
   * any number of {@link MicroEventClient}s; each hears the current proposal at once and every
   * change after.
   *
   * @return the source
   */
  ServiceModeSource modeSource();

  /**
   * A source by id.
   *
   * @param id the source id
   * @return the source, if this client has it
   */
  Optional<PowerSource> source(String id);

  /**
   * Adds hooks.
   *
   * @param listener told about mode changes, alerts and new snapshots
   * @return closing it removes the listener
   */
  Subscription addListener(PowerListener listener);

  /**
   * Pauses the app's own work of a role while the mode sheds that role, and resumes it after:
   * {@code pauseWhileShed(NON_ESSENTIAL, analytics::pause, analytics::resume)}. Follows the mode
   * the {@link MicroEventClient} applies when one was given (it may be more severe than power's),
   * else power's own proposal. If the role is shed already, {@code pause} runs at once.
   *
   * @param role the role of the work
   * @param pause called once when the role becomes shed; fast, must not throw
   * @param resume called once when it is admitted again; fast, must not throw
   * @return closing it removes the hook (without calling resume)
   */
  Subscription pauseWhileShed(Criticality role, Runnable pause, Runnable resume);

  /**
   * Stops polling, closes the sources (which ends a round blocked on a slow source at once; that
   * round decides nothing), waits for that round to unwind, withdraws power's proposal (from the
   * {@link MicroEventClient} and from every bound {@link #modeSource()}), resumes work that {@link
   * #pauseWhileShed} paused on power's account and removes its gauges. Idempotent.
   */
  @Override
  void close();

  /** Builds a {@link PowerClient}. Not thread-safe. Give at least one source. */
  final class Builder {
    private @Nullable MicroEventClient microEventClient;
    private @Nullable Clock clock;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable MeterRegistry meterRegistry;
    private final List<PowerSource> sources = new ArrayList<>();
    private final List<PowerSettings.Simulated> simulated = new ArrayList<>();
    private final List<PowerLoad> loads = new ArrayList<>();
    private final List<PowerListener> listeners = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private DegradationPolicy policy = DegradationPolicy.defaults();
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration staleAfter = Duration.ofSeconds(10);
    private String modeSourceName = "power";

    private Builder() {}

    /**
     * Shares a core client's clock, scheduler and meter registry (unless set here), and proposes
     * power's mode to its {@link MicroEventClient#modes()} directly: no {@code addModeSource}
     * needed. The app keeps owning the client.
     *
     * @param client the shared client; any client works, a wrapper that delegates {@link
     *     MicroEventClient#runtime()} too
     * @return this builder
     */
    public Builder client(MicroEventClient client) {
      this.microEventClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The clock for staleness, the policy's delays and simulations; default the core client's,
     * else system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Where polling runs; default the core client's, else one daemon thread this client owns.
     * Polling does blocking socket I/O bounded by the sources' timeouts.
     *
     * @param value the scheduler; the app keeps owning it
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * Records {@code microevent.power.*} meters here; default the core client's registry, else
     * none (nothing recorded).
     *
     * @param value the registry; the app keeps owning it
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "registry");
      return this;
    }

    /**
     * Adds a source; the client closes it when it closes.
     *
     * @param source a NUT, VE.Direct, apcupsd or own source
     * @return this builder
     */
    public Builder addSource(PowerSource source) {
      Objects.requireNonNull(source, "source");
      claim(source.id());
      sources.add(source);
      return this;
    }

    /**
     * Adds a simulated battery on the client's clock. When loads are configured, its draw is the
     * draw of the loads the current mode runs, so shedding really stretches its runtime.
     *
     * @param id the source id
     * @param profile what it simulates
     * @return this builder
     */
    public Builder simulated(String id, SimulatedProfile profile) {
      claim(Checks.sourceId(id));
      simulated.add(new PowerSettings.Simulated(id, Objects.requireNonNull(profile, "profile")));
      return this;
    }

    private void claim(String id) {
      if (!ids.add(id)) {
        throw new IllegalArgumentException("source id '" + id + "' is already used; give each source its own id");
      }
    }

    /**
     * Adds a load to the budget.
     *
     * @param load its name, role and draw
     * @return this builder
     */
    public Builder addLoad(PowerLoad load) {
      Objects.requireNonNull(load, "load");
      for (PowerLoad l : loads) {
        if (l.name().equals(load.name())) {
          throw new IllegalArgumentException("load '" + load.name() + "' is already on the budget");
        }
      }
      loads.add(load);
      return this;
    }

    /**
     * The degradation policy; default {@link DegradationPolicy#defaults()}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder policy(DegradationPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /**
     * How often sources are polled; default 2 s.
     *
     * @param value positive
     * @return this builder
     */
    public Builder pollInterval(Duration value) {
      this.pollInterval = Checks.positive("pollInterval", value);
      return this;
    }

    /**
     * Readings older than this are stale; default 10 s. A reading's age is this client's clock
     * minus the time the source stamped it with, so give the sources ({@link NutConfig.Builder#clock},
     * {@link VeDirectConfig.Builder#clock}, {@link ApcupsdConfig.Builder#clock}) the same clock as
     * this client.
     *
     * @param value positive
     * @return this builder
     */
    public Builder staleAfter(Duration value) {
      this.staleAfter = Checks.positive("staleAfter", value);
      return this;
    }

    /**
     * The name power proposes modes under; default {@code "power"}.
     *
     * @param value a short stable name
     * @return this builder
     */
    public Builder modeSourceName(String value) {
      this.modeSourceName = Checks.sourceId(value);
      return this;
    }

    /**
     * Adds hooks from the start (they hear the first round).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(PowerListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the client and starts polling (the first round runs at once on the scheduler).
     *
     * @return the client; close it when done
     * @throws IllegalStateException if no source was given
     */
    public PowerClient build() {
      if (sources.isEmpty() && simulated.isEmpty()) {
        throw new IllegalStateException("give at least one source: addSource(...) or simulated(...)");
      }
      MicroEventClient core = microEventClient;
      ModuleRuntime rt = core == null ? null : core.runtime();
      Clock c = clock != null ? clock : rt != null ? rt.clock() : Clock.systemUTC();
      ScheduledExecutorService s = scheduler != null ? scheduler : rt != null ? rt.scheduler() : null;
      MeterRegistry r = meterRegistry != null ? meterRegistry : rt != null ? rt.meters().meterRegistry().orElse(null)
          : null;
      return new DefaultPowerClient(new PowerSettings(core, c, s, r, List.copyOf(sources), List.copyOf(simulated),
          List.copyOf(loads), List.copyOf(listeners), policy, pollInterval, staleAfter, modeSourceName));
    }
  }
}
