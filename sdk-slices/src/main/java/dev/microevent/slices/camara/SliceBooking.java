package dev.microevent.slices.camara;

import java.util.Objects;

/**
 * A booked network slice, as the operator reports it.
 *
 * @param id the booking's id
 * @param booked what was booked
 */
public record SliceBooking(SliceBookingId id, SliceBookingRequest booked) {
  /**
   * Checks for nulls.
   *
   * @param id the booking's id
   * @param booked what was booked
   */
  public SliceBooking {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(booked, "booked");
  }
}
