package dev.microevent.testkit.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The arrival rate over time of an open-model load: one or more steps of constant rate. Arrivals
 * are evenly spaced within a step by default, or Poisson (exponential gaps) with {@link
 * Builder#poisson(Random)}. The schedule is fixed before the run: a slow target never slows it.
 *
 * <pre>{@code
 * LoadProfile.constant(100, Duration.ofSeconds(10));
 * LoadProfile.builder()
 *     .step(50, Duration.ofSeconds(10))      // warm-up
 *     .step(200, Duration.ofSeconds(30))     // doors open
 *     .step(50, Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe (a Poisson profile's arrivals come from a copy of its seed, so every
 * iteration yields the same schedule).
 */
public final class LoadProfile {
  private final List<Step> steps;
  private final @Nullable Long poissonSeed;

  /**
   * One step of constant rate.
   *
   * @param ratePerSecond arrivals per second, 0 (a pause) or more
   * @param duration how long the step lasts, positive
   */
  public record Step(double ratePerSecond, Duration duration) {
    /**
     * Validates every component.
     *
     * @param ratePerSecond arrivals per second, 0 (a pause) or more
     * @param duration how long the step lasts, positive
     * @throws IllegalArgumentException if {@code ratePerSecond} is outside 0..1,000,000, or {@code
     *     duration} is not positive
     */
    public Step {
      Objects.requireNonNull(duration, "duration");
      if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond) || ratePerSecond > 1_000_000) {
        throw new IllegalArgumentException("rate must be within 0..1,000,000 per second, got " + ratePerSecond);
      }
      if (!(duration.compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException("step duration must be positive, got " + duration);
      }
    }
  }

  private LoadProfile(List<Step> steps, @Nullable Long poissonSeed) {
    this.steps = List.copyOf(steps);
    this.poissonSeed = poissonSeed;
  }

  /**
   * A constant rate.
   *
   * @param ratePerSecond arrivals per second
   * @param duration how long
   * @return the profile
   */
  public static LoadProfile constant(double ratePerSecond, Duration duration) {
    return builder().step(ratePerSecond, duration).build();
  }

  /**
   * A builder for stepped profiles.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the steps, in order} */
  public List<Step> steps() {
    return steps;
  }

  /** {@return the total duration} */
  public Duration duration() {
    Duration d = Duration.ZERO;
    for (Step s : steps) {
      d = d.plus(s.duration());
    }
    return d;
  }

  /** {@return the number of arrivals an evenly spaced schedule has (a Poisson one has about as many)} */
  public long expectedArrivals() {
    long n = 0;
    for (Step s : steps) {
      n += (long) Math.ceil(s.ratePerSecond() * s.duration().toNanos() / 1e9 - 1e-9);
    }
    return n;
  }

  /**
   * The arrival offsets from the start, in nanoseconds, ascending.
   *
   * @return a fresh iterator over the schedule
   */
  public PrimitiveIterator.OfLong arrivalOffsetsNanos() {
    Random random = poissonSeed == null ? null : new Random(poissonSeed);
    return new PrimitiveIterator.OfLong() {
      private int step;
      private long stepStart;
      private long k;
      private double poissonAt;
      private long next = -1;

      private void advance() {
        while (next < 0 && step < steps.size()) {
          Step s = steps.get(step);
          long len = s.duration().toNanos();
          long offset;
          if (s.ratePerSecond() == 0) {
            offset = len;
          } else if (random == null) {
            offset = (long) (k * 1e9 / s.ratePerSecond());
          } else {
            poissonAt += -Math.log(1 - random.nextDouble()) * 1e9 / s.ratePerSecond();
            offset = (long) poissonAt;
          }
          if (offset < len) {
            next = stepStart + offset;
            k++;
          } else {
            stepStart += len;
            step++;
            k = 0;
            poissonAt = 0;
          }
        }
      }

      @Override
      public boolean hasNext() {
        advance();
        return next >= 0;
      }

      @Override
      public long nextLong() {
        advance();
        if (next < 0) {
          throw new NoSuchElementException();
        }
        long n = next;
        next = -1;
        return n;
      }
    };
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(poissonSeed == null ? "LoadProfile[" : "LoadProfile(poisson)[");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      sb.append(i == 0 ? "" : ", ").append(s.ratePerSecond()).append("/s for ").append(s.duration().toMillis()).append(" ms");
    }
    return sb.append(']').toString();
  }

  /** Builds a {@link LoadProfile}. Not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private @Nullable Long poissonSeed;

    private Builder() {}

    /**
     * Adds a step.
     *
     * @param ratePerSecond arrivals per second, 0 or more
     * @param duration how long, positive
     * @return this builder
     */
    public Builder step(double ratePerSecond, Duration duration) {
      steps.add(new Step(ratePerSecond, duration));
      return this;
    }

    /**
     * Makes arrivals Poisson (exponential gaps, as independent users produce) instead of evenly
     * spaced; default evenly spaced.
     *
     * @param random seeds the schedule (one long is drawn from it)
     * @return this builder
     */
    public Builder poisson(Random random) {
      this.poissonSeed = Objects.requireNonNull(random, "random").nextLong();
      return this;
    }

    /**
     * Builds the profile.
     *
     * @return the immutable profile
     * @throws IllegalStateException if no step was added
     */
    public LoadProfile build() {
      if (steps.isEmpty()) {
        throw new IllegalStateException("add at least one step");
      }
      return new LoadProfile(steps, poissonSeed);
    }
  }
}
