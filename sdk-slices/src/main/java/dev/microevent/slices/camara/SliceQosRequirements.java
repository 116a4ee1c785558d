package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a booked slice must deliver (CAMARA NSB {@code SliceQosProfile}); every field is optional.
 *
 * @param maxDevices devices that may use the slice at once, 1..20, or {@code null}
 * @param downstreamRatePerDevice per-device downstream rate, or {@code null}
 * @param upstreamRatePerDevice per-device upstream rate, or {@code null}
 * @param downstreamDelayBudget downlink latency bound, or {@code null}
 * @param upstreamDelayBudget uplink latency bound, or {@code null}
 */
public record SliceQosRequirements(
    @Nullable Integer maxDevices,
    @Nullable DataRate downstreamRatePerDevice,
    @Nullable DataRate upstreamRatePerDevice,
    @Nullable Duration downstreamDelayBudget,
    @Nullable Duration upstreamDelayBudget) {

  /** Validates the ranges. */
  public SliceQosRequirements {
    if (maxDevices != null && (maxDevices < 1 || maxDevices > 20)) {
      throw new IllegalArgumentException("max devices must be 1..20, got " + maxDevices);
    }
    checkPositive(downstreamDelayBudget, "downstream delay budget");
    checkPositive(upstreamDelayBudget, "upstream delay budget");
  }

  private static void checkPositive(@Nullable Duration d, String what) {
    if (d != null && (d.compareTo(Duration.ofMillis(1)) < 0 || d.toNanos() % 1_000_000 != 0)) {
      throw new IllegalArgumentException(what + " must be whole milliseconds, at least 1 ms, got " + d);
    }
  }
}
