package dev.microevent.slices.camara;

/**
 * A point on the map.
 *
 * @param latitude -90..90
 * @param longitude -180..180
 */
public record GeoPoint(double latitude, double longitude) {
  /**
   * Validates the ranges.
   *
   * @param latitude -90..90
   * @param longitude -180..180
   * @throws IllegalArgumentException if {@code latitude} is outside -90..90 or {@code longitude}
   *     outside -180..180
   */
  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("latitude must be -90..90 and longitude -180..180, got "
          + latitude + ", " + longitude);
    }
  }
}
