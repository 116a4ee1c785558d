package dev.microevent.slices.camara;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The far end of the flows a QoS session boosts: an IPv4 and/or IPv6 address or prefix.
 *
 * @param ipv4Address e.g. {@code 198.51.100.7} or {@code 198.51.100.0/24}, or {@code null}
 * @param ipv6Address e.g. {@code 2001:db8::1} or {@code 2001:db8::/64}, or {@code null}
 */
public record ApplicationServer(@Nullable String ipv4Address, @Nullable String ipv6Address) {
  private static final Pattern V4 = Pattern.compile(
      "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/([0-9]|[12]\\d|3[0-2]))?$");
  private static final Pattern V6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/(\\d|[1-9]\\d|1[01]\\d|12[0-8]))?$");

  /**
   * Validates that at least one well-formed address is given.
   *
   * @param ipv4Address e.g. {@code 198.51.100.7} or {@code 198.51.100.0/24}, or {@code null}
   * @param ipv6Address e.g. {@code 2001:db8::1} or {@code 2001:db8::/64}, or {@code null}
   * @throws IllegalArgumentException if neither address is given, or a given one is not an address
   *     or prefix of its family
   */
  public ApplicationServer {
    if (ipv4Address == null && ipv6Address == null) {
      throw new IllegalArgumentException("application server needs an IPv4 or IPv6 address");
    }
    if (ipv4Address != null && !V4.matcher(ipv4Address).matches()) {
      throw new IllegalArgumentException("not an IPv4 address or prefix: '" + ipv4Address + "'");
    }
    if (ipv6Address != null && !V6.matcher(ipv6Address).matches()) {
      throw new IllegalArgumentException("not an IPv6 address or prefix: '" + ipv6Address + "'");
    }
  }

  /**
   * An IPv4 application server.
   *
   * @param address address or prefix
   * @return the server
   */
  public static ApplicationServer ipv4(String address) {
    return new ApplicationServer(Objects.requireNonNull(address, "address"), null);
  }

  /**
   * An IPv6 application server.
   *
   * @param address address or prefix
   * @return the server
   */
  public static ApplicationServer ipv6(String address) {
    return new ApplicationServer(null, Objects.requireNonNull(address, "address"));
  }
}
