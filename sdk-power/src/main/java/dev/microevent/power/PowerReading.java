package dev.microevent.power;

import dev.microevent.power.internal.NutWire;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One reading of a power source in SI units: state of charge, the device's own runtime
 * estimate, what the loads draw, solar input, status flags. A value the device did not give (or
 * gave as a known-bogus placeholder such as runtime 65535 s) is absent, never zero.
 *
 * <p>Immutable and thread-safe; build with {@link #builder(String, Instant)}.
 */
public final class PowerReading {
  private final String source;
  private final Instant observedAt;
  private final boolean present;
  private final Set<UpsFlag> flags;
  private final boolean lowBattery;
  private final @Nullable Double chargePercent;
  private final @Nullable Duration runtime;
  private final @Nullable Double loadWatts;
  private final @Nullable Double solarWatts;
  private final @Nullable Double batteryVolts;
  private final @Nullable String alarm;
  private final Map<String, String> values;

  private PowerReading(Builder b) {
    this.source = b.source;
    this.observedAt = b.observedAt;
    this.present = b.present;
    this.flags = Collections.unmodifiableSet(b.flags.isEmpty() ? EnumSet.noneOf(UpsFlag.class) : EnumSet.copyOf(b.flags));
    this.lowBattery = b.lowBattery || UpsFlag.lowBattery(b.flags);
    this.chargePercent = b.chargePercent;
    this.runtime = b.runtime;
    this.loadWatts = b.loadWatts;
    this.solarWatts = b.solarWatts;
    this.batteryVolts = b.batteryVolts;
    this.alarm = b.alarm;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
  }

  /**
   * A builder.
   *
   * @param source id of the source that read it
   * @param observedAt when, on the source's clock
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String source, Instant observedAt) {
    return new Builder(source, observedAt);
  }

  /** {@return the id of the source that read it} */
  public String source() {
    return source;
  }

  /** {@return when the source observed these values} */
  public Instant observedAt() {
    return observedAt;
  }

  /**
   * Whether the battery (pack) is there. {@code false} while a pack is pulled for a hot swap: its
   * energy is then gone from the budget.
   *
   * @return {@code true} unless the pack is pulled out
   */
  public boolean present() {
    return present;
  }

  /** {@return the UPS status flags ({@code OL}, {@code OB}, {@code LB}...); empty for non-UPS sources} */
  public Set<UpsFlag> flags() {
    return flags;
  }

  /** {@return whether mains power is known to be lost ({@code OB})} */
  public boolean onBattery() {
    return flags.contains(UpsFlag.OB) || flags.contains(UpsFlag.FSD);
  }

  /** {@return whether mains power is known to be there: {@code OL} and not {@link #onBattery()}} */
  public boolean onLine() {
    return flags.contains(UpsFlag.OL) && !onBattery();
  }

  /** {@return whether the device says its battery is low ({@code LB}, {@code FSD}, a low-SOC alarm)} */
  public boolean lowBattery() {
    return lowBattery;
  }

  /** {@return the state of charge, percent 0..100, if known} */
  public OptionalDouble chargePercent() {
    return chargePercent == null ? OptionalDouble.empty() : OptionalDouble.of(chargePercent);
  }

  /** {@return the device's own runtime estimate at its current load, if it gave a sane one} */
  public Optional<Duration> runtime() {
    return Optional.ofNullable(runtime);
  }

  /** {@return what the loads draw from this source, W, if measured} */
  public OptionalDouble loadWatts() {
    return loadWatts == null ? OptionalDouble.empty() : OptionalDouble.of(loadWatts);
  }

  /** {@return the solar (PV) input, W, if this source measures it} */
  public OptionalDouble solarWatts() {
    return solarWatts == null ? OptionalDouble.empty() : OptionalDouble.of(solarWatts);
  }

  /** {@return the battery voltage, V, if measured} */
  public OptionalDouble batteryVolts() {
    return batteryVolts == null ? OptionalDouble.empty() : OptionalDouble.of(batteryVolts);
  }

  /** {@return the device's alarm text ({@code ups.alarm}), if any} */
  public Optional<String> alarm() {
    return Optional.ofNullable(alarm);
  }

  /** {@return the raw values as the device sent them (variable or label to value), for display} */
  public Map<String, String> values() {
    return values;
  }

  @Override
  public String toString() {
    return "PowerReading{" + source + " at " + observedAt + (present ? "" : " ABSENT") + " flags=" + flags
        + (chargePercent == null ? "" : " charge=" + chargePercent + "%")
        + (runtime == null ? "" : " runtime=" + runtime)
        + (loadWatts == null ? "" : " load=" + loadWatts + "W")
        + (solarWatts == null ? "" : " solar=" + solarWatts + "W") + "}";
  }

  /** Builds a {@link PowerReading}. Not thread-safe. */
  public static final class Builder {
    private final String source;
    private final Instant observedAt;
    private boolean present = true;
    private final EnumSet<UpsFlag> flags = EnumSet.noneOf(UpsFlag.class);
    private boolean lowBattery;
    private @Nullable Double chargePercent;
    private @Nullable Duration runtime;
    private @Nullable Double loadWatts;
    private @Nullable Double solarWatts;
    private @Nullable Double batteryVolts;
    private @Nullable String alarm;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder(String source, Instant observedAt) {
      this.source = Objects.requireNonNull(source, "source");
      this.observedAt = Objects.requireNonNull(observedAt, "observedAt");
    }

    /**
     * Whether the pack is there; default {@code true}.
     *
     * @param value presence
     * @return this builder
     */
    public Builder present(boolean value) {
      this.present = value;
      return this;
    }

    /**
     * Adds status flags.
     *
     * @param value flags
     * @return this builder
     */
    public Builder flags(Set<UpsFlag> value) {
      flags.addAll(value);
      return this;
    }

    /**
     * Marks the battery low (a low-SOC alarm) even without an {@code LB} flag.
     *
     * @param value whether low
     * @return this builder
     */
    public Builder lowBattery(boolean value) {
      this.lowBattery = value;
      return this;
    }

    /**
     * State of charge.
     *
     * @param percent 0..100; values outside are clamped, non-finite ones ignored
     * @return this builder
     */
    public Builder chargePercent(double percent) {
      this.chargePercent = Double.isFinite(percent) ? Math.max(0, Math.min(100, percent)) : null;
      return this;
    }

    /**
     * The device's runtime estimate; zero or negative means "no estimate" and is ignored, and
     * more than 100 years (a placeholder, not an estimate) counts as 100 years.
     *
     * @param value the estimate
     * @return this builder
     */
    public Builder runtime(Duration value) {
      Objects.requireNonNull(value, "value");
      this.runtime = value.compareTo(Duration.ZERO) > 0 ? NutWire.capped(value) : null;
      return this;
    }

    /**
     * Load draw, W; negative or non-finite values are ignored.
     *
     * @param watts the draw
     * @return this builder
     */
    public Builder loadWatts(double watts) {
      this.loadWatts = Double.isFinite(watts) && watts >= 0 ? watts : null;
      return this;
    }

    /**
     * Solar input, W; negative or non-finite values are ignored.
     *
     * @param watts the input
     * @return this builder
     */
    public Builder solarWatts(double watts) {
      this.solarWatts = Double.isFinite(watts) && watts >= 0 ? watts : null;
      return this;
    }

    /**
     * Battery voltage, V; non-finite values are ignored.
     *
     * @param volts the voltage
     * @return this builder
     */
    public Builder batteryVolts(double volts) {
      this.batteryVolts = Double.isFinite(volts) ? volts : null;
      return this;
    }

    /**
     * The device's alarm text; blank means none.
     *
     * @param text the alarm
     * @return this builder
     */
    public Builder alarm(String text) {
      this.alarm = text.isBlank() ? null : text;
      return this;
    }

    /**
     * Raw values as sent, for display.
     *
     * @param raw name to value
     * @return this builder
     */
    public Builder values(Map<String, String> raw) {
      values.putAll(raw);
      return this;
    }

    /** {@return the reading, built from what was set} */
    public PowerReading build() {
      return new PowerReading(this);
    }
  }
}
