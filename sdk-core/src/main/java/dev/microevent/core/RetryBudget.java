package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps retries at a share of recent traffic, as Finagle and Linkerd do: every first attempt
 * deposits {@code ratio} of a token, every retry withdraws one, deposits expire after {@code
 * ttl}, and {@code minRetriesPerSecond} are always allowed so low-volume intents can still retry.
 * With the defaults (0.2, 10/s, 10 s) a plane in trouble sees at most about 20 % extra load.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}.
 */
public final class RetryBudget {
  private final double ratio;
  private final int minRetriesPerSecond;
  private final Duration ttl;

  private RetryBudget(Builder b) {
    if (!(b.ratio >= 0 && b.ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be within 0..1, got " + b.ratio);
    }
    if (b.minRetriesPerSecond < 0) {
      throw new IllegalArgumentException("minRetriesPerSecond must be >= 0, got " + b.minRetriesPerSecond);
    }
    if (b.ttl.compareTo(Duration.ofSeconds(1)) < 0 || b.ttl.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("ttl must be 1..60 s, got " + b.ttl);
    }
    this.ratio = b.ratio;
    this.minRetriesPerSecond = b.minRetriesPerSecond;
    this.ttl = b.ttl;
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
   * 20 % of recent traffic plus 10 retries per second, over 10 s.
   *
   * @return the default budget
   */
  public static RetryBudget defaults() {
    return builder().build();
  }

  /**
   * A builder holding this budget's values, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Retries allowed per first attempt.
   *
   * @return 0 to 1; default 0.2
   */
  public double ratio() {
    return ratio;
  }

  /**
   * Retries always allowed per second, whatever the traffic.
   *
   * @return 0 or more; default 10
   */
  public int minRetriesPerSecond() {
    return minRetriesPerSecond;
  }

  /**
   * How long deposits count.
   *
   * @return 1 to 60 s; default 10 s
   */
  public Duration ttl() {
    return ttl;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof RetryBudget b
        && Double.compare(ratio, b.ratio) == 0
        && minRetriesPerSecond == b.minRetriesPerSecond
        && ttl.equals(b.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ratio, minRetriesPerSecond, ttl);
  }

  @Override
  public String toString() {
    return "RetryBudget[ratio=" + ratio + ", minRetriesPerSecond=" + minRetriesPerSecond + ", ttl=" + ttl + "]";
  }

  /** Builds a {@link RetryBudget}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private double ratio = 0.2;
    private int minRetriesPerSecond = 10;
    private Duration ttl = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(RetryBudget b) {
      ratio = b.ratio;
      minRetriesPerSecond = b.minRetriesPerSecond;
      ttl = b.ttl;
    }

    /**
     * Retries allowed per first attempt; default 0.2, so a plane in trouble sees at most about
     * 20 % extra load. 0 leaves only {@link #minRetriesPerSecond(int)}.
     *
     * @param ratio 0 to 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder ratio(double ratio) {
      this.ratio = ratio;
      return this;
    }

    /**
     * Retries always allowed per second, so low-volume intents can still retry; default 10.
     *
     * @param minRetriesPerSecond 0 or more, checked by {@link #build()}
     * @return this builder
     */
    public Builder minRetriesPerSecond(int minRetriesPerSecond) {
      this.minRetriesPerSecond = minRetriesPerSecond;
      return this;
    }

    /**
     * How long deposits count; default 10 s. Longer lets a burst of traffic pay for retries later.
     *
     * @param ttl 1 to 60 s, checked by {@link #build()}
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * Checks the values and builds the budget.
     *
     * @return the budget
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public RetryBudget build() {
      return new RetryBudget(this);
    }
  }
}
