package dev.microevent.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff: the delay before retry {@code n} doubles from {@code initial} up to {@code
 * max}, then a {@link Jitter} spreads it; no delay is ever above {@code max} or below the floor
 * ({@code 0}, or {@code initial} with {@link #atLeastInitial()}). Without jitter the delays never
 * go backwards. Randomness is injected per call, so a seeded generator gives a reproducible run.
 * Immutable and thread-safe. For the client and the SDK's modules (retries, reconnects, session
 * renewals), not for apps.
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final Jitter jitter;
  private final long floorNanos;

  private Backoff(long initialNanos, long maxNanos, Jitter jitter, long floorNanos) {
    this.initialNanos = initialNanos;
    this.maxNanos = maxNanos;
    this.jitter = jitter;
    this.floorNanos = floorNanos;
  }

  /**
   * Doubling delays from {@code initial} to {@code max}, no jitter.
   *
   * @param initial the delay before the first retry, {@code >= 0}
   * @param max the cap on every delay, {@code >= initial}
   * @return the backoff
   * @throws IllegalArgumentException if {@code initial} is negative or above {@code max}
   */
  public static Backoff exponential(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.compareTo(max) > 0) {
      throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
    }
    return new Backoff(nanos(initial), nanos(max), Jitter.none(), 0);
  }

  /**
   * Doubling delays from {@code initial}, capped at {@code max}, no jitter; an {@code initial}
   * above {@code max} starts at {@code max} (for caps an app configures, such as a reconnect
   * backoff, which may be shorter than the first delay).
   *
   * @param initial the delay before the first retry, {@code >= 0}
   * @param max the cap on every delay, {@code >= 0}
   * @return the backoff
   * @throws IllegalArgumentException if either is negative
   */
  public static Backoff upTo(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    return exponential(initial.compareTo(max) > 0 ? max : initial, max);
  }

  /**
   * The same backoff with another jitter.
   *
   * @param jitter how each delay is spread
   * @return the copy
   */
  public Backoff withJitter(Jitter jitter) {
    return new Backoff(initialNanos, maxNanos, Objects.requireNonNull(jitter, "jitter"), floorNanos);
  }

  /**
   * The same backoff, never below {@code initial} whatever the jitter draws (so the first retry
   * comes after exactly {@code initial} with {@link Jitter#equal()}).
   *
   * @return the copy
   */
  public Backoff atLeastInitial() {
    return new Backoff(initialNanos, maxNanos, jitter, initialNanos);
  }

  /**
   * The delay before a retry, jittered.
   *
   * @param retry 1 for the first retry (values below 1 count as 1)
   * @param random where the jitter comes from
   * @return the delay, within {@code [floor, max]}
   */
  public Duration delay(int retry, RandomGenerator random) {
    return Duration.ofNanos(delayNanos(retry, random));
  }

  /**
   * {@link #delay} in nanoseconds.
   *
   * @param retry 1 for the first retry
   * @param random where the jitter comes from
   * @return the delay in nanoseconds
   */
  public long delayNanos(int retry, RandomGenerator random) {
    long ceiling = ceilingNanos(retry);
    long jittered = ceiling == 0 ? 0 : jitter.spread(ceiling, random);
    return Math.max(floorNanos, Math.min(maxNanos, Math.max(0, jittered)));
  }

  /**
   * The delay before a retry without jitter: {@code initial x 2^(retry - 1)}, capped at {@code max}.
   *
   * @param retry 1 for the first retry
   * @return the delay in nanoseconds; never smaller than the one before
   */
  public long ceilingNanos(int retry) {
    int doublings = Math.max(retry, 1) - 1;
    if (initialNanos == 0) {
      return 0;
    }
    if (doublings >= 63 || initialNanos > (maxNanos >> doublings)) {
      return maxNanos; // initial x 2^doublings would pass the cap (or overflow)
    }
    return initialNanos << doublings;
  }

  /** A duration in nanoseconds, {@link Long#MAX_VALUE} for one too long to count (292 years and more). */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "Backoff{" + Duration.ofNanos(initialNanos) + ".." + Duration.ofNanos(maxNanos) + ", " + jitter + "}";
  }

  /** How a delay is spread at random; each implementation is immutable and thread-safe. */
  public interface Jitter {

    /**
     * Spreads a delay.
     *
     * @param nanos the delay without jitter, {@code > 0}
     * @param random where the randomness comes from
     * @return the spread delay (the backoff clamps it to its bounds)
     */
    long spread(long nanos, RandomGenerator random);

    /**
     * No jitter: the delay as computed.
     *
     * @return the jitter
     */
    static Jitter none() {
      return Kind.NONE;
    }

    /**
     * Full jitter (AWS architecture blog): anywhere in {@code [0, delay]}.
     *
     * @return the jitter
     */
    static Jitter full() {
      return Kind.FULL;
    }

    /**
     * Equal jitter: half the delay, plus anywhere up to the other half.
     *
     * @return the jitter
     */
    static Jitter equal() {
      return Kind.EQUAL;
    }

    /**
     * Moves the delay by up to {@code share} of itself either way (0.5: anywhere from half to one
     * and a half times the delay), as {@link dev.microevent.core.RetryConfig#jitter()}.
     *
     * @param share 0 to 1
     * @return the jitter
     */
    static Jitter proportional(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("share must be within 0..1, got " + share);
      }
      return share == 0 ? Kind.NONE : new Proportional(share);
    }
  }

  private enum Kind implements Jitter {
    NONE {
      @Override
      public long spread(long nanos, RandomGenerator random) {
        return nanos;
      }
    },
    FULL {
      @Override
      public long spread(long nanos, RandomGenerator random) {
        return (long) (random.nextDouble() * nanos);
      }
    },
    EQUAL {
      @Override
      public long spread(long nanos, RandomGenerator random) {
        long half = nanos / 2;
        return half + (long) (random.nextDouble() * (nanos - half));
      }
    }
  }

  private record Proportional(double share) implements Jitter {
    @Override
    public long spread(long nanos, RandomGenerator random) {
      double moved = nanos * (1 + share * (2 * random.nextDouble() - 1));
      return moved >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) moved;
    }
  }
}
