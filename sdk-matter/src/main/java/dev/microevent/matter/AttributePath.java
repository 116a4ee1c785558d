package dev.microevent.matter;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An attribute path as the Matter Server writes it: {@code "<endpoint>/<cluster>/<attribute>"} in
 * decimal, e.g. {@code "1/6/0"} (OnOff of endpoint 1). For reads, any part may be a wildcard
 * ({@code "1/6/*"}, or {@code *} as the endpoint for every endpoint); writes need a
 * {@linkplain #isConcrete() concrete} path.
 *
 * <pre>{@code
 * AttributePath.onOff(1)                      // "1/6/0"
 * AttributePath.of(0, 40, 9)                  // BasicInformation.SoftwareVersion
 * AttributePath.anyEndpoint(6, 0)            // OnOff on every endpoint
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AttributePath {
  /** The OnOff cluster (0x0006). */
  public static final long ON_OFF_CLUSTER = 6;
  /** The LevelControl cluster (0x0008). */
  public static final long LEVEL_CONTROL_CLUSTER = 8;
  /** The Descriptor cluster (0x001D). */
  public static final long DESCRIPTOR_CLUSTER = 0x1D;
  /** The BasicInformation cluster (0x0028), on endpoint 0. */
  public static final long BASIC_INFORMATION_CLUSTER = 0x28;
  /** The BridgedDeviceBasicInformation cluster (0x0039), on each bridged endpoint. */
  public static final long BRIDGED_DEVICE_BASIC_INFORMATION_CLUSTER = 0x39;

  private static final int WILDCARD = -1;
  private static final int MAX_ENDPOINT = 0xFFFE;
  private static final long MAX_ID = 0xFFFF_FFFFL;

  private final int endpoint;
  private final long cluster;
  private final long attribute;

  private AttributePath(int endpoint, long cluster, long attribute) {
    this.endpoint = endpoint;
    this.cluster = cluster;
    this.attribute = attribute;
  }

  /**
   * A concrete path.
   *
   * @param endpoint 0..65534
   * @param cluster 0..0xFFFFFFFF
   * @param attribute 0..0xFFFFFFFF
   * @return the path
   * @throws IllegalArgumentException if a part is out of range
   */
  public static AttributePath of(int endpoint, long cluster, long attribute) {
    if (endpoint < 0 || endpoint > MAX_ENDPOINT) {
      throw new IllegalArgumentException("endpoint must be 0..65534, got " + endpoint);
    }
    return new AttributePath(endpoint, id("cluster", cluster), id("attribute", attribute));
  }

  /**
   * The OnOff attribute of an endpoint ({@code "<endpoint>/6/0"}).
   *
   * @param endpoint the endpoint
   * @return the path
   */
  public static AttributePath onOff(int endpoint) {
    return of(endpoint, ON_OFF_CLUSTER, 0);
  }

  /**
   * The CurrentLevel attribute of an endpoint ({@code "<endpoint>/8/0"}).
   *
   * @param endpoint the endpoint
   * @return the path
   */
  public static AttributePath currentLevel(int endpoint) {
    return of(endpoint, LEVEL_CONTROL_CLUSTER, 0);
  }

  /**
   * An attribute of a cluster on every endpoint ({@code *} as the endpoint), for reads.
   *
   * @param cluster the cluster
   * @param attribute the attribute
   * @return the path
   */
  public static AttributePath anyEndpoint(long cluster, long attribute) {
    return new AttributePath(WILDCARD, id("cluster", cluster), id("attribute", attribute));
  }

  /**
   * Every attribute of a cluster on an endpoint ({@code "<endpoint>/<cluster>/*"}), for reads.
   *
   * @param endpoint the endpoint
   * @param cluster the cluster
   * @return the path
   */
  public static AttributePath anyAttribute(int endpoint, long cluster) {
    AttributePath p = of(endpoint, cluster, 0);
    return new AttributePath(p.endpoint, p.cluster, WILDCARD);
  }

  private static long id(String what, long value) {
    if (value < 0 || value > MAX_ID) {
      throw new IllegalArgumentException(what + " id must be 0..0xFFFFFFFF, got " + value);
    }
    return value;
  }

  /**
   * Reads a path in the server's text form; {@code *} (any non-numeric part, as the server reads
   * it) is a wildcard.
   *
   * @param text e.g. {@code "1/6/0"}
   * @return the path
   * @throws IllegalArgumentException if it is not three parts or a number is out of range
   */
  public static AttributePath parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
        "an attribute path is <endpoint>/<cluster>/<attribute> in decimal, e.g. 1/6/0, got '"
            + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'"));
  }

  /**
   * Reads a path in the server's text form, without throwing.
   *
   * @param text e.g. {@code "1/6/0"}
   * @return the path, or empty if the text is not one
   */
  public static Optional<AttributePath> tryParse(String text) {
    int a = text.indexOf('/');
    int b = a < 0 ? -1 : text.indexOf('/', a + 1);
    if (a < 0 || b < 0 || text.indexOf('/', b + 1) >= 0 || text.length() > 40) {
      return Optional.empty();
    }
    long e = part(text, 0, a, MAX_ENDPOINT);
    long c = part(text, a + 1, b, MAX_ID);
    long t = part(text, b + 1, text.length(), MAX_ID);
    if (e == Long.MIN_VALUE || c == Long.MIN_VALUE || t == Long.MIN_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new AttributePath((int) e, c, t));
  }

  /** A part's value, WILDCARD for a non-numeric part, Long.MIN_VALUE when invalid. */
  private static long part(String text, int from, int to, long max) {
    if (from == to) {
      return Long.MIN_VALUE;
    }
    boolean digits = true;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') {
        digits = false;
        break;
      }
    }
    if (!digits) {
      return WILDCARD;
    }
    if (to - from > 10) {
      return Long.MIN_VALUE;
    }
    long v = Long.parseLong(text, from, to, 10);
    return v > max ? Long.MIN_VALUE : v;
  }

  /** {@return the endpoint, empty for a wildcard} */
  public OptionalInt endpoint() {
    return endpoint == WILDCARD ? OptionalInt.empty() : OptionalInt.of(endpoint);
  }

  /** {@return the cluster id, empty for a wildcard} */
  public OptionalLong cluster() {
    return cluster == WILDCARD ? OptionalLong.empty() : OptionalLong.of(cluster);
  }

  /** {@return the attribute id, empty for a wildcard} */
  public OptionalLong attribute() {
    return attribute == WILDCARD ? OptionalLong.empty() : OptionalLong.of(attribute);
  }

  /** {@return whether no part is a wildcard (writes need that)} */
  public boolean isConcrete() {
    return endpoint != WILDCARD && cluster != WILDCARD && attribute != WILDCARD;
  }

  /**
   * Whether a concrete path lies under this one (wildcards match any value).
   *
   * @param concrete a path
   * @return {@code true} if every part matches
   */
  public boolean matches(AttributePath concrete) {
    return (endpoint == WILDCARD || endpoint == concrete.endpoint)
        && (cluster == WILDCARD || cluster == concrete.cluster)
        && (attribute == WILDCARD || attribute == concrete.attribute);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributePath p && endpoint == p.endpoint && cluster == p.cluster && attribute == p.attribute;
  }

  @Override
  public int hashCode() {
    return (31 * endpoint + Long.hashCode(cluster)) * 31 + Long.hashCode(attribute);
  }

  /** The server's text form, e.g. {@code "1/6/0"}; {@code *} for a wildcard. */
  @Override
  public String toString() {
    return (endpoint == WILDCARD ? "*" : Integer.toString(endpoint)) + '/'
        + (cluster == WILDCARD ? "*" : Long.toString(cluster)) + '/'
        + (attribute == WILDCARD ? "*" : Long.toString(attribute));
  }
}
