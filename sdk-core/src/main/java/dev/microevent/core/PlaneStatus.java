package dev.microevent.core;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of what the client knows about one plane.
 *
 * @param plane the plane
 * @param health the verdict of active health checks
 * @param ejectedUntil when passive outlier detection lets it back in, or {@code null} if not
 *     ejected
 * @param advertisedStatus the status the plane reported in its last heartbeat ({@code SERVING},
 *     {@code DEGRADED}, {@code DRAINING}), or {@code null} before the first answer
 * @param advertisedLoad the load the plane reported, 0..1, or {@code NaN} when unknown
 * @param lastCheckAt when the last health check finished, or {@code null} before the first
 */
public record PlaneStatus(
    Plane plane,
    Health health,
    @Nullable Instant ejectedUntil,
    @Nullable String advertisedStatus,
    double advertisedLoad,
    @Nullable Instant lastCheckAt) {

  /** {@return when the plane is ejected until, if it is} */
  public Optional<Instant> ejection() {
    return Optional.ofNullable(ejectedUntil);
  }

  /** {@return whether new calls may go to this plane now: healthy and not ejected} */
  public boolean routable() {
    return health == Health.HEALTHY && ejectedUntil == null;
  }

  /** The verdict of active health checks. */
  public enum Health {
    /** Passing (or not yet checked: planes start healthy so the first calls need not wait). */
    HEALTHY,
    /** Failing, or draining; calls avoid it until it passes enough checks in a row. */
    UNHEALTHY
  }
}
