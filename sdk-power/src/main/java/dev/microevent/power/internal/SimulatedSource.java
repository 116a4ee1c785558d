package dev.microevent.power.internal;

import dev.microevent.power.BatterySpec;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSource;
import dev.microevent.power.SimulatedProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A simulated battery: integrates draw and solar over simulated time (the clock times the
 * profile's time scale) in steps of at most a simulated minute. Deterministic for a given
 * sequence of reads. Thread-safe.
 */
public final class SimulatedSource implements PowerSource {
  private static final double MAX_STEP_SECONDS = 60;
  private static final int MAX_STEPS_PER_READ = 5000;
  private static final double SECONDS_PER_DAY = 86_400;

  private final String id;
  private final SimulatedProfile profile;
  private final Clock clock;
  private final @Nullable DoubleSupplier draw;
  /** The simulated day's UTC time of day at the start, in seconds: stated by the profile or the clock's. */
  private final double startOfDay;
  private double simSeconds;
  private Instant last;
  private double charge;

  /**
   * A simulation.
   *
   * @param id the source id
   * @param profile what it simulates
   * @param clock the clock it follows
   * @param draw the draw, when the client drives it (the loads its mode keeps running); null =
   *     the profile's draw
   */
  public SimulatedSource(String id, SimulatedProfile profile, Clock clock, @Nullable DoubleSupplier draw) {
    this.id = Checks.sourceId(id);
    this.profile = Objects.requireNonNull(profile, "profile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.draw = draw;
    this.last = clock.instant();
    LocalTime stated = profile.startTime();
    this.startOfDay = (stated != null ? stated : LocalTime.ofInstant(last, ZoneOffset.UTC)).toNanoOfDay() / 1e9;
    this.charge = profile.startChargePercent();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<BatterySpec> battery() {
    return Optional.of(profile.battery());
  }

  @Override
  public synchronized PowerReading read() {
    Instant now = clock.instant();
    double load = currentDraw();
    if (now.isAfter(last)) {
      double dt = Duration.between(last, now).toNanos() / 1e9 * profile.timeScale();
      advance(dt, load);
      last = now;
    }
    PowerReading.Builder b = PowerReading.builder(id, now).present(present(simSeconds)).loadWatts(load);
    if (present(simSeconds)) {
      b.chargePercent(charge);
    }
    if (profile.kind() == SimulatedProfile.Kind.SOLAR_DAY) {
      b.solarWatts(solarAt(simSeconds));
    }
    return b.build();
  }

  private double currentDraw() {
    DoubleSupplier d = draw;
    double w = d == null ? profile.loadWatts() : d.getAsDouble();
    return Double.isFinite(w) && w >= 0 ? w : profile.loadWatts();
  }

  private void advance(double seconds, double load) {
    double step = Math.max(MAX_STEP_SECONDS, seconds / MAX_STEPS_PER_READ);
    double done = 0;
    while (done < seconds) {
      double dt = Math.min(step, seconds - done);
      double t = simSeconds + done;
      if (profile.kind() == SimulatedProfile.Kind.HOT_SWAP) {
        double insertAt = (profile.pulledAfter().toNanos() + profile.swapTime().toNanos()) / 1e9;
        if (t < insertAt && t + dt >= insertAt) {
          charge = profile.insertedChargePercent();
        }
      }
      if (profile.kind() != SimulatedProfile.Kind.STEADY && present(t)) {
        BatterySpec spec = profile.battery();
        double solar = profile.kind() == SimulatedProfile.Kind.SOLAR_DAY ? solarAt(t + dt / 2) : 0;
        double netWh = (solar - load / spec.efficiency()) * dt / 3600.0;
        charge = Math.max(0, Math.min(100, charge + netWh / spec.wattHours() * 100));
      }
      done += dt;
    }
    simSeconds += seconds;
  }

  private boolean present(double t) {
    if (profile.kind() != SimulatedProfile.Kind.HOT_SWAP) {
      return true;
    }
    double pull = profile.pulledAfter().toNanos() / 1e9;
    return t < pull || t >= pull + profile.swapTime().toNanos() / 1e9;
  }

  private double solarAt(double t) {
    double tod = (startOfDay + t) % SECONDS_PER_DAY;
    double rise = profile.sunrise().toSecondOfDay();
    double set = profile.sunset().toSecondOfDay();
    if (tod <= rise || tod >= set) {
      return 0;
    }
    return profile.peakSolarWatts() * Math.sin(Math.PI * (tod - rise) / (set - rise));
  }

  @Override
  public String toString() {
    return "SimulatedSource{" + id + ", " + profile + "}";
  }
}
