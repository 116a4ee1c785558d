package dev.microevent.power;

import dev.microevent.power.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an apcupsd network information server (NIS) is.
 *
 * <pre>{@code
 * ApcupsdSource ups = PowerSource.apcupsd(ApcupsdConfig.builder("foh-ups").host("10.0.0.7").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not.
 */
public final class ApcupsdConfig {
  /** apcupsd's NIS port. */
  public static final int DEFAULT_PORT = 3551;

  private final String id;
  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Clock clock;
  private final @Nullable BatterySpec battery;

  private ApcupsdConfig(Builder b) {
    this.id = b.id;
    this.host = b.host;
    this.port = b.port;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.clock = b.clock;
    this.battery = b.battery;
  }

  /**
   * A builder.
   *
   * @param id the source id, {@code [a-z0-9][a-z0-9_.-]{0,47}}
   * @return the builder
   */
  public static Builder builder(String id) {
    return new Builder(Checks.sourceId(id));
  }

  /** {@return the source id} */
  public String id() {
    return id;
  }

  /** {@return the NIS host; default {@code 127.0.0.1}} */
  public String host() {
    return host;
  }

  /** {@return the NIS port; default {@value #DEFAULT_PORT}} */
  public int port() {
    return port;
  }

  /** {@return the connect timeout; default 2 s} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the most the whole status answer may take (a deadline, not a timeout per read); default 3 s} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the clock readings are stamped with} */
  public Clock clock() {
    return clock;
  }

  /** {@return the battery behind the UPS, if given} */
  public Optional<BatterySpec> battery() {
    return Optional.ofNullable(battery);
  }

  @Override
  public String toString() {
    return "ApcupsdConfig{id=" + id + ", " + host + ":" + port + "}";
  }

  /** Builds an {@link ApcupsdConfig}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readTimeout = Duration.ofSeconds(3);
    private Clock clock = Clock.systemUTC();
    private @Nullable BatterySpec battery;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * The NIS host; default {@code 127.0.0.1}.
     *
     * @param value host name or address
     * @return this builder
     */
    public Builder host(String value) {
      this.host = Checks.host(value);
      return this;
    }

    /**
     * The NIS port; default 3551.
     *
     * @param value 1..65535
     * @return this builder
     */
    public Builder port(int value) {
      this.port = Checks.port(value);
      return this;
    }

    /**
     * Connect timeout; default 2 s.
     *
     * @param value positive
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Checks.positive("connectTimeout", value);
      return this;
    }

    /**
     * The most the whole status answer may take; default 3 s. It is a deadline for the answer, not
     * a timeout per read, so a server that drips bytes cannot hold a poll longer.
     *
     * @param value positive
     * @return this builder
     */
    public Builder readTimeout(Duration value) {
      this.readTimeout = Checks.positive("readTimeout", value);
      return this;
    }

    /**
     * The clock readings are stamped with; default system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The battery behind the UPS.
     *
     * @param value the spec
     * @return this builder
     */
    public Builder battery(BatterySpec value) {
      this.battery = Objects.requireNonNull(value, "battery");
      return this;
    }

    /** {@return the config, built from what was set} */
    public ApcupsdConfig build() {
      return new ApcupsdConfig(this);
    }
  }
}
