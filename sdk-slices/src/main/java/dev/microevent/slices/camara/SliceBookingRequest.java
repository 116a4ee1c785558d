package dev.microevent.slices.camara;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A network slice to book for a time window and an area (CAMARA NSB {@code CreateSession}).
 *
 * <pre>{@code
 * SliceBookingRequest req = new SliceBookingRequest(doorsOpen, doorsClose,
 *     ServiceArea.circle(new GeoPoint(52.52, 13.40), 300),
 *     new SliceQosRequirements(20, new DataRate(50, DataRate.Unit.MBPS), null, null, Duration.ofMillis(20)));
 * }</pre>
 *
 * @param start when the slice must be ready
 * @param end when it may end, or {@code null} for open-ended
 * @param area where it must serve
 * @param qos what it must deliver
 */
public record SliceBookingRequest(Instant start, @Nullable Instant end, ServiceArea area, SliceQosRequirements qos) {
  /**
   * Validates the window.
   *
   * @param start when the slice must be ready
   * @param end when it may end, or {@code null} for open-ended
   * @param area where it must serve
   * @param qos what it must deliver
   * @throws IllegalArgumentException if {@code end} is not after {@code start}
   */
  public SliceBookingRequest {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(qos, "qos");
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException("booking end " + end + " must be after its start " + start);
    }
  }
}
