package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Backpressure on the central plane while the edge is down. A whole venue failing over at once
 * must not take the central plane down too, so failed-over calls are capped both in flight
 * ({@code maxConcurrent}) and per second ({@code maxPerSecond}). CRITICAL calls come first: a
 * share of both caps ({@code criticalReserve}) is kept for them. NON_ESSENTIAL intents never fail
 * over.
 *
 * <p>A call the caps refuse does not fail if an edge plane can still take it: it goes to one whose
 * latest word (a health check or a real exchange) was an answer, even one marked unhealthy or
 * ejected (panic routing; an edge plane whose latest word was a failure gets one such call every
 * 100 ms, to learn when it answers again). A CRITICAL call with no such edge plane waits for
 * whichever comes first, the next slot or an edge plane answering again, as long as its deadline
 * leaves time for one attempt and at least {@code criticalWait} (never beyond the deadline); no new
 * DEGRADED call is admitted while a CRITICAL one waits. Other calls never wait.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}.
 */
public final class FailoverPolicy {
  private final int maxConcurrent;
  private final int maxPerSecond;
  private final double criticalReserve;
  private final Duration criticalWait;

  private FailoverPolicy(Builder b) {
    if (b.maxConcurrent < 1 || b.maxPerSecond < 1) {
      throw new IllegalArgumentException("caps must be >= 1");
    }
    if (!(b.criticalReserve >= 0 && b.criticalReserve <= 1)) {
      throw new IllegalArgumentException("criticalReserve must be within 0..1, got " + b.criticalReserve);
    }
    if (b.criticalWait.isNegative()) {
      throw new IllegalArgumentException("criticalWait must be >= 0, got " + b.criticalWait);
    }
    this.maxConcurrent = b.maxConcurrent;
    this.maxPerSecond = b.maxPerSecond;
    this.criticalReserve = b.criticalReserve;
    this.criticalWait = b.criticalWait;
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
   * 16 in flight, 50 per second, a quarter reserved for critical intents, which wait at least
   * 500 ms.
   *
   * @return the default policy
   */
  public static FailoverPolicy defaults() {
    return builder().build();
  }

  /**
   * A builder holding this policy's values, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Failed-over calls in flight at once.
   *
   * @return 1 or more; default 16
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * Failed-over calls started per second.
   *
   * @return 1 or more; default 50
   */
  public int maxPerSecond() {
    return maxPerSecond;
  }

  /**
   * Share of both caps only CRITICAL intents may use.
   *
   * @return 0 to 1; default 0.25
   */
  public double criticalReserve() {
    return criticalReserve;
  }

  /**
   * Least time a CRITICAL call waits for a route when the caps are reached, even if its deadline
   * leaves less than an attempt after it (never beyond the deadline).
   *
   * @return 0 or more; default 500 ms
   */
  public Duration criticalWait() {
    return criticalWait;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof FailoverPolicy p
        && maxConcurrent == p.maxConcurrent
        && maxPerSecond == p.maxPerSecond
        && Double.compare(criticalReserve, p.criticalReserve) == 0
        && criticalWait.equals(p.criticalWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxConcurrent, maxPerSecond, criticalReserve, criticalWait);
  }

  @Override
  public String toString() {
    return "FailoverPolicy[maxConcurrent=" + maxConcurrent + ", maxPerSecond=" + maxPerSecond
        + ", criticalReserve=" + criticalReserve + ", criticalWait=" + criticalWait + "]";
  }

  /** Builds a {@link FailoverPolicy}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int maxConcurrent = 16;
    private int maxPerSecond = 50;
    private double criticalReserve = 0.25;
    private Duration criticalWait = Duration.ofMillis(500);

    private Builder() {}

    private Builder(FailoverPolicy p) {
      maxConcurrent = p.maxConcurrent;
      maxPerSecond = p.maxPerSecond;
      criticalReserve = p.criticalReserve;
      criticalWait = p.criticalWait;
    }

    /**
     * Failed-over calls in flight at once; default 16. Size it to what the central plane can
     * take from one venue while the edge is down.
     *
     * @param maxConcurrent 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxConcurrent(int maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * Failed-over calls started per second; default 50.
     *
     * @param maxPerSecond 1 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxPerSecond(int maxPerSecond) {
      this.maxPerSecond = maxPerSecond;
      return this;
    }

    /**
     * Share of both caps only CRITICAL intents may use; default 0.25. Raise it when payments and
     * gate scans must get through a venue-wide failover whatever else is waiting.
     *
     * @param criticalReserve 0 to 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder criticalReserve(double criticalReserve) {
      this.criticalReserve = criticalReserve;
      return this;
    }

    /**
     * Least time a CRITICAL call waits for a route when the caps are reached, even if its
     * deadline leaves less than an attempt after it (never beyond the deadline); default 500 ms.
     * 0 makes it wait only while its deadline leaves time for an attempt.
     *
     * @param criticalWait 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder criticalWait(Duration criticalWait) {
      this.criticalWait = Objects.requireNonNull(criticalWait, "criticalWait");
      return this;
    }

    /**
     * Checks the values and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public FailoverPolicy build() {
      return new FailoverPolicy(this);
    }
  }
}
