package dev.microevent.power;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long the loads can keep running: a duration, {@linkplain #UNBOUNDED unbounded} (solar or
 * mains cover the draw), or {@linkplain #UNKNOWN unknown} (stale or missing data). Unknown is
 * never treated as zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class RuntimeLeft {
  /** Nothing is known: a source is stale or gives neither charge nor runtime. */
  public static final RuntimeLeft UNKNOWN = new RuntimeLeft(null, false);
  /** The draw is covered (net draw zero or negative): the batteries are not being emptied. */
  public static final RuntimeLeft UNBOUNDED = new RuntimeLeft(null, true);

  private final @Nullable Duration duration;
  private final boolean unbounded;

  private RuntimeLeft(@Nullable Duration duration, boolean unbounded) {
    this.duration = duration;
    this.unbounded = unbounded;
  }

  /**
   * A finite runtime.
   *
   * @param duration zero or more
   * @return the runtime
   */
  public static RuntimeLeft of(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("runtime cannot be negative, got " + duration);
    }
    return new RuntimeLeft(duration, false);
  }

  /** {@return whether anything is known} */
  public boolean isKnown() {
    return duration != null || unbounded;
  }

  /** {@return whether the draw is covered} */
  public boolean isUnbounded() {
    return unbounded;
  }

  /** {@return the finite runtime; empty when unknown or unbounded} */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /**
   * Whether this is known to be shorter than a limit (unknown is never shorter).
   *
   * @param limit the limit
   * @return {@code true} if finite and below it
   */
  public boolean isShorterThan(Duration limit) {
    return duration != null && duration.compareTo(limit) < 0;
  }

  /**
   * Whether this is known to last at least a limit (unknown never does).
   *
   * @param limit the limit
   * @return {@code true} if unbounded, or finite and at least it
   */
  public boolean isAtLeast(Duration limit) {
    return unbounded || (duration != null && duration.compareTo(limit) >= 0);
  }

  /** {@return the seconds, for gauges: NaN when unknown, positive infinity when unbounded} */
  public double seconds() {
    if (unbounded) {
      return Double.POSITIVE_INFINITY;
    }
    return duration == null ? Double.NaN : duration.toSeconds() + duration.toNanosPart() / 1e9; // never overflows
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuntimeLeft r && r.unbounded == unbounded && Objects.equals(r.duration, duration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(duration, unbounded);
  }

  @Override
  public String toString() {
    if (unbounded) {
      return "unbounded";
    }
    if (duration == null) {
      return "unknown";
    }
    long s = duration.toSeconds();
    return s >= 3600 ? String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
