package dev.microevent.slices.camara;

/**
 * The CAMARA Network Slice Booking 0.1.0 API: reserve a slice for a time window and an area.
 * Thread-safe.
 *
 * <pre>{@code
 * SliceBooking b = slices.sliceBooking().book(request);
 * // ... event ...
 * slices.sliceBooking().delete(b.id());
 * }</pre>
 */
public interface SliceBookingClient {

  /**
   * Books a slice ({@code POST /sessions}).
   *
   * @param request the window, area and QoS
   * @return the booking
   * @throws CamaraUnprocessableException with code {@code NETWORK_SLICE_BOOKING.RESOURCES_NOT_APPLICABLE}
   *     when the operator cannot provide it
   */
  SliceBooking book(SliceBookingRequest request);

  /**
   * Reads a booking ({@code GET /sessions/{id}}).
   *
   * @param id the booking
   * @return it
   * @throws CamaraNotFoundException if it does not exist (any more)
   */
  SliceBooking get(SliceBookingId id);

  /**
   * Cancels a booking ({@code DELETE /sessions/{id}}); idempotent on the operator's side.
   *
   * @param id the booking
   */
  void delete(SliceBookingId id);
}
