package dev.microevent.core;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place calls can go: a regional edge plane (close, preferred) or the central plane (far, the
 * last resort). Edge planes are tried by ascending {@link #priority()}; the central plane is used
 * only when no edge plane is healthy, under the client's failover backpressure.
 *
 * <pre>{@code
 * Plane.edge("fra-hub", URI.create("http://10.0.0.2:8080"), 0);
 * Plane.central(URI.create("https://api.example.com"));
 * }</pre>
 *
 * @param id short token naming the plane in metrics and logs
 * @param baseUri absolute http(s) URI that request paths are resolved against
 * @param kind edge or central
 * @param priority lower is preferred; only meaningful among edge planes
 */
public record Plane(String id, URI baseUri, Kind kind, int priority) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  /**
   * Validates every component.
   *
   * @param id short token naming the plane in metrics and logs
   * @param baseUri absolute http(s) URI that request paths are resolved against
   * @param kind edge or central
   * @param priority lower is preferred; only meaningful among edge planes
   * @throws IllegalArgumentException if the id is no valid metric tag, the base URI is not an
   *     absolute http(s) URI with a host, or the priority is negative
   */
  public Plane {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(kind, "kind");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "plane id must match " + ID.pattern() + " (it is a metric tag), got '" + id + "'");
    }
    String scheme = baseUri.getScheme();
    if (!baseUri.isAbsolute()
        || baseUri.getHost() == null
        || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException(
          "plane " + id + " needs an absolute http(s) base URI, got '" + baseUri + "'");
    }
    if (priority < 0) {
      throw new IllegalArgumentException("plane " + id + " priority must be >= 0, got " + priority);
    }
  }

  /**
   * A regional edge plane.
   *
   * @param id short token, e.g. {@code "fra-hub"}
   * @param baseUri where it listens
   * @param priority 0 is tried first
   * @return the plane
   */
  public static Plane edge(String id, URI baseUri, int priority) {
    return new Plane(id, baseUri, Kind.EDGE, priority);
  }

  /**
   * The central plane, with id {@code "central"}.
   *
   * @param baseUri where it listens
   * @return the plane
   */
  public static Plane central(URI baseUri) {
    return new Plane("central", baseUri, Kind.CENTRAL, Integer.MAX_VALUE);
  }

  /** {@return whether this is an edge plane} */
  public boolean isEdge() {
    return kind == Kind.EDGE;
  }

  /** Where a plane sits. */
  public enum Kind {
    /** A regional edge plane near the venue. */
    EDGE,
    /** The central cloud plane. */
    CENTRAL
  }
}
