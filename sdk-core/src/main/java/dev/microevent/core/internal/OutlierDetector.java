package dev.microevent.core.internal;

import dev.microevent.core.OutlierDetectionConfig;
import dev.microevent.core.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive outlier detection on real traffic: consecutive server errors or local failures eject an
 * edge plane for a growing time, never more than the configured share of edge planes at once
 * (but one may always be ejected). The central plane is never ejected: it is the last resort.
 */
final class OutlierDetector {
  private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

  private final OutlierDetectionConfig config;
  private final List<PlaneState> edges;
  private final Clock clock;
  private final ClientMeters meters;
  private final Random random;

  OutlierDetector(OutlierDetectionConfig config, List<PlaneState> edges, Clock clock, ClientMeters meters,
      Random random) {
    this.random = random;
    this.config = config;
    this.edges = edges;
    this.clock = clock;
    this.meters = meters;
  }

  void record(PlaneState state, Outcome outcome) {
    if (!state.plane().isEdge()) {
      return;
    }
    if (!state.recordPassive(Outcomes.isRemoteFailure(outcome), config.consecutiveFailures())) {
      return;
    }
    Instant now = clock.instant();
    synchronized (this) {
      if (state.ejected(now)) {
        return; // another thread's failure ejected it a moment ago
      }
      long ejected = edges.stream().filter(s -> s.ejected(now)).count();
      long cap = Math.max(1, (long) Math.floor(config.maxEjectedShare() * edges.size()));
      if (ejected >= cap) {
        // Every further failure of the streak lands here too: warn once per streak, not per call.
        if (state.passiveFailures() == config.consecutiveFailures()) {
          log.warn("plane {} crossed the failure threshold but {} of {} edge planes are already ejected (cap {});"
              + " keeping it", state.plane().id(), ejected, edges.size(), cap);
        }
        meters.count("microevent.plane.ejections.skipped", "plane", state.plane().id());
        return;
      }
      long jitterMillis = config.baseEjectionTime().toMillis() / 10;
      Duration jitter = Duration.ofMillis(jitterMillis == 0 ? 0 : (long) (random.nextDouble() * (jitterMillis + 1)));
      Duration time = state.eject(now, config.baseEjectionTime(), config.maxEjectionTime(), jitter);
      log.warn("ejected plane {} for {} ms after {} consecutive failures",
          state.plane().id(), time.toMillis(), config.consecutiveFailures());
      meters.count("microevent.plane.ejections", "plane", state.plane().id());
    }
  }
}
