package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently one logical call is retried. Delays grow exponentially from
 * {@code initialBackoff} to {@code maxBackoff}, each moved randomly by up to {@code jitter} of
 * itself (0.5: anywhere from half to one and a half times the delay). Retries also need a token
 * from the intent's {@link RetryBudget}, so a failing plane never sees a retry storm. A retry goes
 * to the next healthy plane when the previous one failed. A plane that answered with a {@code
 * Retry-After} (503, 429) is not asked again before then: the retry waits for it when it has to go
 * to that plane, and is not made when that would pass the deadline (the call fails at once with
 * the plane's answer); a retry to another plane goes at once.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} (which starts from {@link
 * #defaults()}) and derive variants with {@link #toBuilder()}:
 *
 * <pre>{@code
 * RetryConfig patient = RetryConfig.builder().maxAttempts(5).maxBackoff(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class RetryConfig {
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;

  private RetryConfig(Builder b) {
    if (b.maxAttempts < 1 || b.maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be 1..10, got " + b.maxAttempts);
    }
    if (b.initialBackoff.isNegative() || b.initialBackoff.compareTo(b.maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, got " + b.initialBackoff + " and " + b.maxBackoff);
    }
    if (!(b.jitter >= 0 && b.jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + b.jitter);
    }
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
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
   * Three attempts, 50 ms growing to 1 s, 50 % jitter.
   *
   * @return the default retries
   */
  public static RetryConfig defaults() {
    return builder().build();
  }

  /**
   * No retries: one attempt only.
   *
   * @return a configuration with one attempt and no backoff
   */
  public static RetryConfig none() {
    return builder().maxAttempts(1).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).jitter(0).build();
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
   * Attempts in total including the first; 1 means no retries.
   *
   * @return 1 to 10; default 3
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Delay before the first retry.
   *
   * @return 0 up to {@link #maxBackoff()}; default 50 ms
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Cap on any delay between attempts.
   *
   * @return at least {@link #initialBackoff()}; default 1 s
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Share of each delay that is randomized.
   *
   * @return 0 to 1; default 0.5
   */
  public double jitter() {
    return jitter;
  }

  /**
   * A copy with another attempt count; shorthand for {@code toBuilder().maxAttempts(maxAttempts)
   * .build()}.
   *
   * @param maxAttempts attempts in total, 1..10
   * @return the copy
   */
  public RetryConfig withMaxAttempts(int maxAttempts) {
    return toBuilder().maxAttempts(maxAttempts).build();
  }

  /**
   * A copy with other backoff bounds; shorthand for {@code toBuilder().initialBackoff(initial)
   * .maxBackoff(max).build()}.
   *
   * @param initial delay before the first retry
   * @param max cap on any delay
   * @return the copy
   */
  public RetryConfig withBackoff(Duration initial, Duration max) {
    return toBuilder().initialBackoff(initial).maxBackoff(max).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof RetryConfig c
        && maxAttempts == c.maxAttempts
        && initialBackoff.equals(c.initialBackoff)
        && maxBackoff.equals(c.maxBackoff)
        && Double.compare(jitter, c.jitter) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff, jitter);
  }

  @Override
  public String toString() {
    return "RetryConfig[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + ", jitter=" + jitter + "]";
  }

  /** Builds a {@link RetryConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(1);
    private double jitter = 0.5;

    private Builder() {}

    private Builder(RetryConfig c) {
      maxAttempts = c.maxAttempts;
      initialBackoff = c.initialBackoff;
      maxBackoff = c.maxBackoff;
      jitter = c.jitter;
    }

    /**
     * Attempts in total including the first; default 3. 1 disables retries; more rides out
     * longer blips but spends more of the deadline.
     *
     * @param maxAttempts 1 to 10, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Delay before the first retry; default 50 ms. Later delays double from it.
     *
     * @param initialBackoff 0 up to the max backoff, checked by {@link #build()}
     * @return this builder
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Cap on any delay between attempts; default 1 s.
     *
     * @param maxBackoff at least the initial backoff, checked by {@link #build()}
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Share of each delay that is randomized; default 0.5 (anywhere from half to one and a half
     * times the delay). Keeps many clients from retrying in step; 0 makes delays exact.
     *
     * @param jitter 0 to 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Checks the values and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range (see each setter)
     */
    public RetryConfig build() {
      return new RetryConfig(this);
    }
  }
}
