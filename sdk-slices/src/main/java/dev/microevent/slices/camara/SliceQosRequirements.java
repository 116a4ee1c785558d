package dev.microevent.slices.camara;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
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

  /** The longest delay budget the wire carries: int32 milliseconds. */
  public static final Duration MAX_DELAY_BUDGET = Duration.ofMillis(Integer.MAX_VALUE);

  /**
   * Validates the ranges.
   *
   * @param maxDevices devices that may use the slice at once, 1..20, or {@code null}
   * @param downstreamRatePerDevice per-device downstream rate, or {@code null}
   * @param upstreamRatePerDevice per-device upstream rate, or {@code null}
   * @param downstreamDelayBudget downlink latency bound, or {@code null}
   * @param upstreamDelayBudget uplink latency bound, or {@code null}
   * @throws IllegalArgumentException if {@code maxDevices} is outside 1..20
   */
  public SliceQosRequirements {
    if (maxDevices != null && (maxDevices < 1 || maxDevices > 20)) {
      throw new IllegalArgumentException("max devices must be 1..20, got " + maxDevices);
    }
    checkPositive(downstreamDelayBudget, "downstream delay budget");
    checkPositive(upstreamDelayBudget, "upstream delay budget");
  }

  private static void checkPositive(@Nullable Duration d, String what) {
    if (d != null && (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(MAX_DELAY_BUDGET) > 0
        || !d.equals(d.truncatedTo(ChronoUnit.MILLIS)))) {
      throw new IllegalArgumentException(what + " must be whole milliseconds within 1 ms.."
          + MAX_DELAY_BUDGET.toMillis() + " ms (int32 on the wire), got " + d);
    }
  }
}
