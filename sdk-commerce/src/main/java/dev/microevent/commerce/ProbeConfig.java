package dev.microevent.commerce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the synthetic checkout probe. Immutable and thread-safe; build one with {@link
 * #builder()} (which starts from {@link #defaults()}) and derive variants with {@link
 * #toBuilder()}.
 *
 * @see CommerceClient.Builder#probe(ProbeConfig)
 */
public final class ProbeConfig {
  private final Duration interval;
  private final double jitter;
  private final Sku sku;

  private ProbeConfig(Builder b) {
    if (b.interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("interval must be >= 100 ms, got " + b.interval);
    }
    if (!(b.jitter >= 0 && b.jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be within 0..0.5, got " + b.jitter);
    }
    this.interval = b.interval;
    this.jitter = b.jitter;
    this.sku = b.sku;
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
   * Every 30 s, 20 % jitter, SKU {@code PROBE-1}.
   *
   * @return the default probe settings
   */
  public static ProbeConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding these settings, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Time between runs.
   *
   * @return at least 100 ms; default 30 s (the field rule)
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Share of the interval each run is moved by at random.
   *
   * @return 0 to 0.5; default 0.2
   */
  public double jitter() {
    return jitter;
  }

  /**
   * The probe product the backend keeps for synthetic orders.
   *
   * @return the product; default {@code PROBE-1}
   */
  public Sku sku() {
    return sku;
  }

  /**
   * A copy with another interval; shorthand for {@code toBuilder().interval(interval).build()}.
   *
   * @param interval at least 100 ms
   * @return the copy
   */
  public ProbeConfig withInterval(Duration interval) {
    return toBuilder().interval(interval).build();
  }

  /**
   * A copy with another jitter; shorthand for {@code toBuilder().jitter(jitter).build()}.
   *
   * @param jitter 0..0.5
   * @return the copy
   */
  public ProbeConfig withJitter(double jitter) {
    return toBuilder().jitter(jitter).build();
  }

  /**
   * A copy with another probe product; shorthand for {@code toBuilder().sku(sku).build()}.
   *
   * @param sku the product
   * @return the copy
   */
  public ProbeConfig withSku(Sku sku) {
    return toBuilder().sku(sku).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof ProbeConfig c
        && interval.equals(c.interval)
        && Double.compare(jitter, c.jitter) == 0
        && sku.equals(c.sku);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, jitter, sku);
  }

  @Override
  public String toString() {
    return "ProbeConfig[interval=" + interval + ", jitter=" + jitter + ", sku=" + sku + "]";
  }

  /** Builds a {@link ProbeConfig}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Duration interval = Duration.ofSeconds(30);
    private double jitter = 0.2;
    private Sku sku = Sku.of("PROBE-1");

    private Builder() {}

    private Builder(ProbeConfig c) {
      interval = c.interval;
      jitter = c.jitter;
      sku = c.sku;
    }

    /**
     * Time between runs; default 30 s (the field rule). Shorten it in compressed-time demos.
     *
     * @param interval at least 100 ms, checked by {@link #build()}
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Share of the interval each run is moved by at random, so many devices do not probe in
     * lock-step; default 0.2.
     *
     * @param jitter 0 to 0.5, checked by {@link #build()}
     * @return this builder
     */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * The probe product the backend keeps for synthetic orders; default {@code PROBE-1}.
     *
     * @param sku the product
     * @return this builder
     */
    public Builder sku(Sku sku) {
      this.sku = Objects.requireNonNull(sku, "sku");
      return this;
    }

    /**
     * Checks the values and builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException if the interval is below 100 ms or the jitter outside
     *     0..0.5
     */
    public ProbeConfig build() {
      return new ProbeConfig(this);
    }
  }
}
