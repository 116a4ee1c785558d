package dev.microevent.power;

import dev.microevent.power.internal.ApcupsdNisSource;
import dev.microevent.power.internal.DefaultNutSource;
import dev.microevent.power.internal.SimulatedSource;
import dev.microevent.power.internal.VeDirectStreamSource;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Where power readings come from: a UPS through NUT's {@code upsd}, a Victron charger or battery
 * monitor over VE.Direct, an apcupsd NIS server, or a simulation. The {@link PowerClient} polls
 * every source it is given and decides from the readings; apps rarely call {@link #read()}
 * themselves.
 *
 * <pre>{@code
 * NutSource ups = PowerSource.nut(NutConfig.builder().host("10.0.0.5").upsName("stage").build());
 * PowerSource solar = PowerSource.veDirect(VeDirectConfig.builder("mppt", () -> serial.open()).build());
 * }</pre>
 *
 * <p>Implementations are thread-safe. Sources that hold sockets or threads close them in {@link
 * #close()}, which is idempotent; the client closes the sources it was given when it closes.
 */
public interface PowerSource extends AutoCloseable {

  /** {@return a short stable id, used in readings, alerts and as a metric tag} */
  String id();

  /** {@return the battery behind this source, when known; the budget uses it where the device gives no runtime} */
  default Optional<BatterySpec> battery() {
    return Optional.empty();
  }

  /**
   * Reads the source now. Sources that reconnect do so here, not more often than their backoff.
   *
   * @return the reading
   * @throws PowerSourceException if no usable reading can be had now; {@link
   *     PowerSourceException#isStale()} when the values are unknown (never zero)
   * @throws NutErrorException if a NUT server answered the read with an error (an {@link
   *     dev.microevent.core.SdkServiceException}; {@link NutErrorException#isStale()} likewise);
   *     the power client counts the source as stale for either
   */
  PowerReading read();

  /** Releases sockets and threads this source created. Idempotent; never throws. */
  @Override
  default void close() {}

  /**
   * A UPS behind NUT's {@code upsd} (RFC 9271).
   *
   * @param config where and how
   * @return the source; connects on the first read
   */
  static NutSource nut(NutConfig config) {
    return new DefaultNutSource(Objects.requireNonNull(config, "config"));
  }

  /**
   * A Victron charger or battery monitor speaking the VE.Direct text protocol.
   *
   * @param config the stream and limits
   * @return the source; its reader thread starts at once
   */
  static VeDirectSource veDirect(VeDirectConfig config) {
    return new VeDirectStreamSource(Objects.requireNonNull(config, "config"));
  }

  /**
   * A UPS behind apcupsd's network information server (NIS).
   *
   * @param config where
   * @return the source; connects on every read
   */
  static ApcupsdSource apcupsd(ApcupsdConfig config) {
    return new ApcupsdNisSource(Objects.requireNonNull(config, "config"));
  }

  /**
   * A simulated battery, driven by a clock: the embedded default for demos and tests.
   *
   * @param id the source id
   * @param profile what it simulates
   * @param clock the clock the simulation follows (a {@link dev.microevent.core.time.VirtualTime}
   *     clock in tests)
   * @return the source
   */
  static PowerSource simulated(String id, SimulatedProfile profile, Clock clock) {
    return new SimulatedSource(id, profile, clock, null);
  }
}
