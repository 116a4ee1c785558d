package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When an intent stops calling out for a while. The breaker judges logical calls (after retries
 * and failover), opens when at least {@code failureRatePercent} of at least {@code minimumCalls}
 * calls in {@code window} failed, stays open for {@code openDelay}, then lets exactly {@code
 * halfOpenProbes} calls through at once; that many successes close it, a failure re-opens it.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}.
 */
public final class CircuitBreakerConfig {
  private final int failureRatePercent;
  private final int minimumCalls;
  private final Duration window;
  private final Duration openDelay;
  private final int halfOpenProbes;

  private CircuitBreakerConfig(Builder b) {
    if (b.failureRatePercent < 1 || b.failureRatePercent > 100) {
      throw new IllegalArgumentException("failureRatePercent must be 1..100, got " + b.failureRatePercent);
    }
    if (b.minimumCalls < 1) {
      throw new IllegalArgumentException("minimumCalls must be >= 1, got " + b.minimumCalls);
    }
    if (!(b.window.compareTo(Duration.ZERO) > 0) || !(b.openDelay.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("window and openDelay must be positive");
    }
    if (b.halfOpenProbes < 1) {
      throw new IllegalArgumentException("halfOpenProbes must be >= 1, got " + b.halfOpenProbes);
    }
    this.failureRatePercent = b.failureRatePercent;
    this.minimumCalls = b.minimumCalls;
    this.window = b.window;
    this.openDelay = b.openDelay;
    this.halfOpenProbes = b.halfOpenProbes;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * 50 % of at least 20 calls in 30 s; open for 10 s; 3 probes.
   *
   * @return the default breaker
   */
  public static CircuitBreakerConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding this configuration's values, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Share of failed calls in the window, in percent, that opens the breaker.
   *
   * @return 1 to 100; default 50
   */
  public int failureRatePercent() {
    return failureRatePercent;
  }

  /**
   * Calls in the window before the failure rate is judged.
   *
   * @return 1 or more; default 20
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * The sliding window the failure rate is measured over.
   *
   * @return a positive duration; default 30 s
   */
  public Duration window() {
    return window;
  }

  /**
   * How long the breaker stays open before it lets probes through.
   *
   * @return a positive duration; default 10 s
   */
  public Duration openDelay() {
    return openDelay;
  }

  /**
   * Calls let through at once while half-open; that many successes close the breaker.
   *
   * @return 1 or more; default 3
   */
  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof CircuitBreakerConfig c
        && failureRatePercent == c.failureRatePercent
        && minimumCalls == c.minimumCalls
        && window.equals(c.window)
        && openDelay.equals(c.openDelay)
        && halfOpenProbes == c.halfOpenProbes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(failureRatePercent, minimumCalls, window, openDelay, halfOpenProbes);
  }

  @Override
  public String toString() {
    return "CircuitBreakerConfig[failureRatePercent=" + failureRatePercent + ", minimumCalls=" + minimumCalls
        + ", window=" + window + ", openDelay=" + openDelay + ", halfOpenProbes=" + halfOpenProbes + "]";
  }

  /** Builds a {@link CircuitBreakerConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int failureRatePercent = 50;
    private int minimumCalls = 20;
    private Duration window = Duration.ofSeconds(30);
    private Duration openDelay = Duration.ofSeconds(10);
    private int halfOpenProbes = 3;

    private Builder() {}

    private Builder(CircuitBreakerConfig c) {
      failureRatePercent = c.failureRatePercent;
      minimumCalls = c.minimumCalls;
      window = c.window;
      openDelay = c.openDelay;
      halfOpenProbes = c.halfOpenProbes;
    }

    /**
     * Share of failed calls in the window, in percent, that opens the breaker; default 50. Lower
     * stops calling a struggling backend sooner.
     *
     * @param failureRatePercent 1 to 100, checked by {@link #build()}
     * @return this builder
     */
    public Builder failureRatePercent(int failureRatePercent) {
      this.failureRatePercent = failureRatePercent;
      return this;
    }

    /**
     * Calls in the window before the failure rate is judged; default 20. Keeps a quiet intent
     * from opening on one or two failures.
     *
     * @param minimumCalls 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder minimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
      return this;
    }

    /**
     * The sliding window the failure rate is measured over; default 30 s.
     *
     * @param window a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * How long the breaker stays open before it lets probes through; default 10 s.
     *
     * @param openDelay a positive duration, checked by {@link #build()}
     * @return this builder
     */
    public Builder openDelay(Duration openDelay) {
      this.openDelay = Objects.requireNonNull(openDelay, "openDelay");
      return this;
    }

    /**
     * Calls let through at once while half-open; default 3. That many successes close the
     * breaker, one failure re-opens it.
     *
     * @param halfOpenProbes 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder halfOpenProbes(int halfOpenProbes) {
      this.halfOpenProbes = halfOpenProbes;
      return this;
    }

    /**
     * Checks the values and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public CircuitBreakerConfig build() {
      return new CircuitBreakerConfig(this);
    }
  }
}
