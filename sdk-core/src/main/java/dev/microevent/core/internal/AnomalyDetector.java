package dev.microevent.core.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.Outcome;
import dev.microevent.core.anomaly.Anomaly;
import dev.microevent.core.anomaly.AnomalyListener;
import dev.microevent.core.anomaly.DetectorConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EWMA baselines per route (plane id): latency mean and variance with a z-score test, and an
 * error rate with a threshold. O(1) memory per route; parameters come from the live config.
 */
final class AnomalyDetector {
  private static final Logger log = LoggerFactory.getLogger(AnomalyDetector.class);

  private final Supplier<DetectorConfig> config;
  private final Clock clock;
  private final ClientMeters meters;
  private final List<AnomalyListener> listeners;
  private final ConcurrentMap<String, Baseline> routes = new ConcurrentHashMap<>();

  AnomalyDetector(Supplier<DetectorConfig> config, Clock clock, ClientMeters meters, List<AnomalyListener> listeners) {
    this.config = config;
    this.clock = clock;
    this.meters = meters;
    this.listeners = listeners;
  }

  void record(AttemptEvent e) {
    record(e.plane().id(), e.outcome(), e.duration().toNanos());
  }

  /** One attempt on a route (a plane's id): what {@link #record(AttemptEvent)} reads of its event. */
  void record(String route, Outcome outcome, long tookNanos) {
    if (outcome == Outcome.CLIENT_ERROR || outcome == Outcome.CANCELLED) {
      return;
    }
    Baseline b = routes.computeIfAbsent(route, r -> new Baseline());
    boolean failed = Outcomes.isRemoteFailure(outcome);
    double millis = tookNanos / 1e6;
    DetectorConfig c = config.get();
    Anomaly found = b.observe(route, millis, failed, c, clock);
    if (found != null) {
      meters.count("microevent.anomalies", "route", route, "kind",
          found.kind().name().toLowerCase(java.util.Locale.ROOT));
      log.info("anomaly on {}: {} observed {} expected {} (score {})", route, found.kind(),
          String.format(java.util.Locale.ROOT, "%.1f", found.observed()),
          String.format(java.util.Locale.ROOT, "%.1f", found.expected()),
          String.format(java.util.Locale.ROOT, "%.1f", found.score()));
      for (AnomalyListener l : listeners) {
        try {
          l.onAnomaly(found);
        } catch (RuntimeException ex) {
          log.warn("anomaly listener {} threw; skipped", l, ex);
        }
      }
    }
  }

  /** Per-route state. */
  private static final class Baseline {
    private long samples;
    private double mean;
    private double variance;
    private double errorRate;
    private Instant lastLatencyReport = Instant.MIN;
    private Instant lastErrorReport = Instant.MIN;

    /** The clock is read only when a threshold is crossed: an ordinary attempt makes no instant. */
    synchronized @Nullable Anomaly observe(String route, double millis, boolean failed, DetectorConfig c,
        Clock clock) {
      Anomaly found = null;
      samples++;
      if (!failed) {
        if (samples > c.minSamples() && variance > 0) {
          double z = (millis - mean) / Math.sqrt(variance);
          if (z > c.zThreshold()) {
            Instant now = clock.instant();
            if (!lastLatencyReport.plus(c.cooldown()).isAfter(now)) {
              lastLatencyReport = now;
              found = new Anomaly(route, Anomaly.Kind.LATENCY, millis, mean, z, now);
            }
          }
        }
        if (samples == 1) {
          mean = millis;
        } else {
          double diff = millis - mean;
          double incr = c.alpha() * diff;
          mean += incr;
          variance = (1 - c.alpha()) * (variance + diff * incr);
        }
      }
      errorRate = c.alpha() * (failed ? 1 : 0) + (1 - c.alpha()) * errorRate;
      if (found == null && samples > c.minSamples() && errorRate > c.errorRateThreshold()) {
        Instant now = clock.instant();
        if (!lastErrorReport.plus(c.cooldown()).isAfter(now)) {
          lastErrorReport = now;
          found = new Anomaly(route, Anomaly.Kind.ERROR_RATE, errorRate, c.errorRateThreshold(),
              errorRate / c.errorRateThreshold(), now);
        }
      }
      return found;
    }
  }
}
