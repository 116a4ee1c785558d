package dev.microevent.power.internal;

import dev.microevent.core.MicroEventClient;
import dev.microevent.power.DegradationPolicy;
import dev.microevent.power.PowerListener;
import dev.microevent.power.PowerLoad;
import dev.microevent.power.PowerSource;
import dev.microevent.power.SimulatedProfile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What the power client builder collected.
 *
 * @param core the shared core client, if given
 * @param clock the clock
 * @param scheduler the injected scheduler, or null for an owned one
 * @param registry the registry, or null for no metrics
 * @param sources the sources given
 * @param simulated simulations to create on the clock
 * @param loads the loads
 * @param listeners initial listeners
 * @param policy the policy
 * @param pollInterval polling period
 * @param staleAfter reading age limit
 * @param modeSourceName name of the proposals
 */
public record PowerSettings(
    @Nullable MicroEventClient core,
    Clock clock,
    @Nullable ScheduledExecutorService scheduler,
    @Nullable MeterRegistry registry,
    List<PowerSource> sources,
    List<Simulated> simulated,
    List<PowerLoad> loads,
    List<PowerListener> listeners,
    DegradationPolicy policy,
    Duration pollInterval,
    Duration staleAfter,
    String modeSourceName) {

  /**
   * A simulation to create when the client is built.
   *
   * @param id the source id
   * @param profile the profile
   */
  public record Simulated(String id, SimulatedProfile profile) {}
}
