package dev.microevent.power;

import dev.microevent.power.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a VE.Direct stream comes from and how long silence may last.
 *
 * <pre>{@code
 * VeDirectConfig config = VeDirectConfig.builder("mppt", () -> Files.newInputStream(Path.of("/dev/ttyUSB0")))
 *     .battery(BatterySpec.of(Chemistry.LIFEPO4, 12, 200))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not.
 */
public final class VeDirectConfig {
  private final String id;
  private final StreamOpener opener;
  private final Duration staleAfter;
  private final Duration maxReopenBackoff;
  private final Clock clock;
  private final @Nullable BatterySpec battery;

  private VeDirectConfig(Builder b) {
    this.id = b.id;
    this.opener = b.opener;
    this.staleAfter = b.staleAfter;
    this.maxReopenBackoff = b.maxReopenBackoff;
    this.clock = b.clock;
    this.battery = b.battery;
  }

  /**
   * A builder.
   *
   * @param id the source id, {@code [a-z0-9][a-z0-9_.-]{0,47}}
   * @param opener opens the stream (again after it ends or fails)
   * @return the builder
   */
  public static Builder builder(String id, StreamOpener opener) {
    return new Builder(Checks.sourceId(id), Objects.requireNonNull(opener, "opener"));
  }

  /** {@return the source id} */
  public String id() {
    return id;
  }

  /** {@return what opens the stream (a serial port, a file, a socket)} */
  public StreamOpener opener() {
    return opener;
  }

  /** {@return the age after which data is stale; default 3 s (devices send a block about every second)} */
  public Duration staleAfter() {
    return staleAfter;
  }

  /** {@return the longest wait before opening the stream again; default 10 s (it starts at 0.5 s)} */
  public Duration maxReopenBackoff() {
    return maxReopenBackoff;
  }

  /** {@return the clock blocks are stamped with} */
  public Clock clock() {
    return clock;
  }

  /** {@return the battery behind the device, if given} */
  public Optional<BatterySpec> battery() {
    return Optional.ofNullable(battery);
  }

  @Override
  public String toString() {
    return "VeDirectConfig{id=" + id + ", staleAfter=" + staleAfter + "}";
  }

  /** Opens a VE.Direct byte stream: a serial device, a file, a socket. */
  @FunctionalInterface
  public interface StreamOpener {
    /**
     * Opens the stream; the source closes it.
     *
     * @return the stream
     * @throws IOException if it cannot be opened now (the source tries again later)
     */
    InputStream open() throws IOException;
  }

  /** Builds a {@link VeDirectConfig}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final StreamOpener opener;
    private Duration staleAfter = Duration.ofSeconds(3);
    private Duration maxReopenBackoff = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private @Nullable BatterySpec battery;

    private Builder(String id, StreamOpener opener) {
      this.id = id;
      this.opener = opener;
    }

    /**
     * Data older than this is stale; default 3 s.
     *
     * @param value positive
     * @return this builder
     */
    public Builder staleAfter(Duration value) {
      this.staleAfter = Checks.positive("staleAfter", value);
      return this;
    }

    /**
     * Longest wait before opening the stream again; default 10 s.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxReopenBackoff(Duration value) {
      this.maxReopenBackoff = Checks.positive("maxReopenBackoff", value);
      return this;
    }

    /**
     * The clock blocks are stamped with; default system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The battery behind the device.
     *
     * @param value the spec
     * @return this builder
     */
    public Builder battery(BatterySpec value) {
      this.battery = Objects.requireNonNull(value, "battery");
      return this;
    }

    /** {@return the config, built from what was set} */
    public VeDirectConfig build() {
      return new VeDirectConfig(this);
    }
  }
}
