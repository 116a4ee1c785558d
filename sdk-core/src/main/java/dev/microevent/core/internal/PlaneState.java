package dev.microevent.core.internal;

import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.PlaneStatus.Health;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the client knows about one plane; all state changes are synchronized on this object. */
final class PlaneState {
  /** Result of one active check. */
  enum CheckResult {
    /** 2xx with a SERVING or DEGRADED heartbeat. */
    PASS,
    /** Timeout, connection failure or unreadable answer: counts toward the threshold. */
    FAIL,
    /** Error status or DRAINING: unhealthy at once. */
    FAIL_NOW
  }

  private final Plane plane;
  /** Active checks in a row: the health. */
  private final ThresholdHealth checks;
  private @Nullable String advertisedStatus;
  private double advertisedLoad = Double.NaN;
  private @Nullable Instant lastCheckAt;
  /** Whether the latest word from the plane (an active check or a real exchange) was an answer. */
  private boolean answering = true;
  /** When (on the client's ticker) a call may next try the plane while it is not answering. */
  private long nextProbeNanos;

  private int passiveFailures;
  private @Nullable Instant ejectedUntil;
  private int timesEjected;
  private int passesWhileEjected;
  private @Nullable Instant lastEjectionEnd;

  /**
   * A plane's state, healthy until checks say otherwise.
   *
   * @param plane the plane
   * @param config its active checks' thresholds
   * @param nowNanos the ticker's reading now
   */
  PlaneState(Plane plane, HealthCheckConfig config, long nowNanos) {
    this.plane = plane;
    this.checks = new ThresholdHealth(config.unhealthyThreshold(), config.healthyThreshold());
    this.nextProbeNanos = nowNanos;
  }

  private Health health() {
    return checks.healthy() ? Health.HEALTHY : Health.UNHEALTHY;
  }

  Plane plane() {
    return plane;
  }

  /** Healthy and not ejected at {@code now}. */
  synchronized boolean routable(Instant now) {
    expireEjection(now);
    return checks.healthy() && ejectedUntil == null;
  }

  /** {@link #routable(Instant)}, reading the clock only when an ejection may have ended: no instant per call. */
  synchronized boolean routable(Clock clock) {
    if (ejectedUntil != null) {
      expireEjection(clock.instant());
    }
    return checks.healthy() && ejectedUntil == null;
  }

  synchronized boolean ejected(Instant now) {
    expireEjection(now);
    return ejectedUntil != null;
  }

  synchronized boolean healthy() {
    return checks.healthy();
  }

  /**
   * Whether the latest word from the plane, an active check or a real exchange, was an answer
   * rather than a failure: an unhealthy or ejected plane may well be answering again. True until
   * anything is known.
   */
  synchronized boolean answering() {
    return answering;
  }

  /**
   * Whether a call may try the plane on the strength of its latest word: yes when that was an
   * answer; when it was a failure, one call per {@code probeEveryNanos} may try anyway, to learn
   * whether it answers again.
   *
   * @param claim take the probe turn (false: only ask)
   */
  synchronized boolean mayTry(long nowNanos, long probeEveryNanos, boolean claim) {
    if (answering) {
      return true;
    }
    if (nowNanos - nextProbeNanos < 0) {
      return false;
    }
    if (claim) {
      nextProbeNanos = nowNanos + probeEveryNanos;
    }
    return true;
  }

  synchronized double advertisedLoad() {
    return advertisedLoad;
  }

  synchronized PlaneStatus snapshot(Instant now) {
    expireEjection(now);
    return new PlaneStatus(plane, health(), ejectedUntil, advertisedStatus, advertisedLoad, lastCheckAt);
  }

  /**
   * Records an active check.
   *
   * @return the new health if it changed, else null
   */
  synchronized @Nullable Health recordCheck(
      CheckResult result, @Nullable String status, double load, Instant now, HealthCheckConfig cfg) {
    lastCheckAt = now;
    if (status != null) {
      advertisedStatus = status;
      advertisedLoad = load;
    }
    expireEjection(now);
    answering = result == CheckResult.PASS;
    boolean changed;
    if (result == CheckResult.PASS) {
      if (ejectedUntil != null && ++passesWhileEjected >= cfg.healthyThreshold()) {
        // Like Envoy's successful_active_health_check_uneject_host: enough passing checks in a
        // row since the ejection end it early.
        ejectedUntil = null;
        lastEjectionEnd = now;
        passiveFailures = 0;
      }
      changed = checks.pass();
    } else {
      passesWhileEjected = 0;
      changed = result == CheckResult.FAIL_NOW ? checks.failNow() : checks.fail();
    }
    return changed ? health() : null;
  }

  /**
   * Records a passive (real traffic) outcome.
   *
   * @return true when the consecutive-failure threshold is reached by this failure
   */
  synchronized boolean recordPassive(boolean failure, int threshold) {
    answering = !failure;
    if (!failure) {
      passiveFailures = 0;
      return false;
    }
    passiveFailures++;
    return passiveFailures >= threshold && ejectedUntil == null;
  }

  /** Consecutive passive failures so far. */
  synchronized int passiveFailures() {
    return passiveFailures;
  }

  /**
   * Ejects the plane.
   *
   * @return the ejection time applied
   */
  synchronized Duration eject(Instant now, Duration base, Duration max, Duration jitter) {
    if (lastEjectionEnd != null && Duration.between(lastEjectionEnd, now).compareTo(max) > 0) {
      timesEjected = 0;
    }
    timesEjected++;
    Duration time = base.multipliedBy(timesEjected);
    if (time.compareTo(max) > 0) {
      time = max;
    }
    time = time.plus(jitter);
    ejectedUntil = now.plus(time);
    passiveFailures = 0;
    passesWhileEjected = 0;
    return time;
  }

  private void expireEjection(Instant now) {
    Instant until = ejectedUntil;
    if (until != null && !now.isBefore(until)) {
      ejectedUntil = null;
      lastEjectionEnd = until;
      passiveFailures = 0;
    }
  }
}
