package dev.microevent.slices.camara;

import java.util.List;
import java.util.Objects;

/** Where a booked slice must serve: a circle or a simple polygon. */
public sealed interface ServiceArea permits ServiceArea.Circle, ServiceArea.Polygon {

  /**
   * A circle around a point.
   *
   * @param center the centre
   * @param radiusMeters at least 1 m
   * @return the area
   */
  static ServiceArea circle(GeoPoint center, double radiusMeters) {
    return new Circle(center, radiusMeters);
  }

  /**
   * A circular area.
   *
   * @param center the centre
   * @param radiusMeters at least 1 m
   */
  record Circle(GeoPoint center, double radiusMeters) implements ServiceArea {
    /**
     * Validates the radius.
     *
     * @param center the centre
     * @param radiusMeters at least 1 m
     * @throws IllegalArgumentException if {@code radiusMeters} is below 1
     */
    public Circle {
      Objects.requireNonNull(center, "center");
      if (!(radiusMeters >= 1)) {
        throw new IllegalArgumentException("radius must be at least 1 m, got " + radiusMeters);
      }
    }
  }

  /**
   * A simple polygon, 3..15 points.
   *
   * @param boundary its corners in order
   */
  record Polygon(List<GeoPoint> boundary) implements ServiceArea {
    /**
     * Validates and copies.
     *
     * @param boundary its corners in order
     * @throws IllegalArgumentException if {@code boundary} has fewer than 3 or more than 15 points
     */
    public Polygon {
      boundary = List.copyOf(boundary);
      if (boundary.size() < 3 || boundary.size() > 15) {
        throw new IllegalArgumentException("polygon needs 3..15 points, got " + boundary.size());
      }
    }
  }
}
