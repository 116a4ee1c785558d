package dev.microevent.power;

import dev.microevent.power.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a NUT {@code upsd} is and how to talk to it.
 *
 * <pre>{@code
 * NutConfig config = NutConfig.builder()
 *     .host("127.0.0.1").port(3493).upsName("stage")
 *     .credentials("admin", password)      // only needed for INSTCMD / SET
 *     .battery(BatterySpec.of(Chemistry.LEAD_ACID_AGM, 24, 9))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the password. The builder is not
 * thread-safe.
 */
public final class NutConfig {
  /** NUT's IANA port. */
  public static final int DEFAULT_PORT = 3493;

  private final String id;
  private final String host;
  private final int port;
  private final String upsName;
  private final @Nullable String username;
  private final @Nullable String password;
  private final boolean login;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration maxReconnectBackoff;
  private final Clock clock;
  private final @Nullable BatterySpec battery;

  private NutConfig(Builder b, String upsName) {
    this.upsName = upsName;
    this.id = b.id != null ? b.id : Checks.sourceIdFrom(upsName);
    this.host = b.host;
    this.port = b.port;
    this.username = b.username;
    this.password = b.password;
    this.login = b.login;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxReconnectBackoff = b.maxReconnectBackoff;
    this.clock = b.clock;
    this.battery = b.battery;
  }

  /** {@return a builder; give at least {@link Builder#upsName(String)}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the source id; default derived from the UPS name} */
  public String id() {
    return id;
  }

  /** {@return upsd's host; default {@code 127.0.0.1}} */
  public String host() {
    return host;
  }

  /** {@return upsd's port; default {@value #DEFAULT_PORT}} */
  public int port() {
    return port;
  }

  /** {@return the UPS name in upsd's {@code ups.conf}} */
  public String upsName() {
    return upsName;
  }

  /** {@return the upsd user, if credentials were given} */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** {@return the password, for the SDK's own use} */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** {@return whether to send {@code LOGIN} (registers this client with upsd, needs {@code upsmon} rights)} */
  public boolean login() {
    return login;
  }

  /** {@return the connect timeout; default 2 s} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the most one answer may take (a deadline, not a timeout per read); default 3 s} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the longest wait between reconnect attempts; default 15 s (it starts at 0.5 s and doubles)} */
  public Duration maxReconnectBackoff() {
    return maxReconnectBackoff;
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
    return "NutConfig{id=" + id + ", " + upsName + "@" + host + ":" + port
        + (username == null ? "" : ", user=" + username + ", password=****") + (login ? ", login" : "") + "}";
  }

  /** Builds a {@link NutConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private @Nullable String upsName;
    private @Nullable String username;
    private @Nullable String password;
    private boolean login;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readTimeout = Duration.ofSeconds(3);
    private Duration maxReconnectBackoff = Duration.ofSeconds(15);
    private Clock clock = Clock.systemUTC();
    private @Nullable BatterySpec battery;

    private Builder() {}

    /**
     * The source id; default derived from the UPS name.
     *
     * @param value {@code [a-z0-9][a-z0-9_.-]{0,47}}
     * @return this builder
     */
    public Builder id(String value) {
      this.id = Checks.sourceId(value);
      return this;
    }

    /**
     * upsd's host name or address; default {@code 127.0.0.1}.
     *
     * @param value the host
     * @return this builder
     */
    public Builder host(String value) {
      this.host = Checks.host(value);
      return this;
    }

    /**
     * upsd's port; default 3493.
     *
     * @param value 1..65535
     * @return this builder
     */
    public Builder port(int value) {
      this.port = Checks.port(value);
      return this;
    }

    /**
     * The UPS name in {@code ups.conf}.
     *
     * @param value a NUT name (no spaces or quotes)
     * @return this builder
     */
    public Builder upsName(String value) {
      this.upsName = Checks.nutName("upsName", value);
      return this;
    }

    /**
     * Credentials from {@code upsd.users}; needed for INSTCMD, SET VAR and LOGIN only.
     *
     * @param user the user
     * @param secret the password; never logged
     * @return this builder
     */
    public Builder credentials(String user, String secret) {
      this.username = Checks.nutArgument("username", user);
      this.password = Checks.nutArgument("password", secret);
      return this;
    }

    /**
     * Whether to send {@code LOGIN} after authenticating, so upsd counts this client (as upsmon
     * does); default {@code false}. Needs {@code upsmon primary|secondary} rights.
     *
     * @param value whether to
     * @return this builder
     */
    public Builder login(boolean value) {
      this.login = value;
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
     * The most one answer (a line, or a whole LIST block) may take; default 3 s. It is a deadline
     * for the answer, not a timeout per read, so a server that drips bytes cannot hold a poll
     * longer.
     *
     * @param value positive
     * @return this builder
     */
    public Builder readTimeout(Duration value) {
      this.readTimeout = Checks.positive("readTimeout", value);
      return this;
    }

    /**
     * Longest wait between reconnect attempts; default 15 s.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxReconnectBackoff(Duration value) {
      this.maxReconnectBackoff = Checks.positive("maxReconnectBackoff", value);
      return this;
    }

    /**
     * The clock readings are stamped with and backoff is timed by; default system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The battery behind the UPS, for estimates when the UPS gives no runtime.
     *
     * @param value the spec
     * @return this builder
     */
    public Builder battery(BatterySpec value) {
      this.battery = Objects.requireNonNull(value, "battery");
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws IllegalStateException if no UPS name was given
     */
    public NutConfig build() {
      String ups = upsName;
      if (ups == null) {
        throw new IllegalStateException("give the UPS name: upsName(\"...\") as in upsd's ups.conf");
      }
      return new NutConfig(this, ups);
    }
  }
}
