package dev.microevent.slices.camara;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The device a QoS session or query is about (CAMARA {@code Device}): any of an E.164 phone
 * number, an IPv4 address pair or public address and port, or an IPv6 address. Several
 * identifiers must name the same device. With a three-legged token the device comes from the
 * token: send none.
 *
 * <pre>{@code
 * Device phone = Device.phoneNumber("+4915112345678");
 * Device natted = Device.builder().ipv4("203.0.113.7", 59765).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks the identifiers (personal data).
 */
public final class Device {
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{4,14}$");
  private static final Pattern IPV4 =
      Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

  private final @Nullable String phoneNumber;
  private final @Nullable String ipv4Public;
  private final @Nullable String ipv4Private;
  private final @Nullable Integer ipv4PublicPort;
  private final @Nullable String ipv6Address;

  private Device(Builder b) {
    this.phoneNumber = b.phoneNumber;
    this.ipv4Public = b.ipv4Public;
    this.ipv4Private = b.ipv4Private;
    this.ipv4PublicPort = b.ipv4PublicPort;
    this.ipv6Address = b.ipv6Address;
  }

  /**
   * A device by phone number.
   *
   * @param e164 e.g. {@code +4915112345678}
   * @return the device
   */
  public static Device phoneNumber(String e164) {
    return builder().phoneNumber(e164).build();
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the phone number, if given} */
  public Optional<String> phoneNumber() {
    return Optional.ofNullable(phoneNumber);
  }

  /** {@return the public IPv4 address, if given} */
  public Optional<String> ipv4PublicAddress() {
    return Optional.ofNullable(ipv4Public);
  }

  /** {@return the private IPv4 address, if given} */
  public Optional<String> ipv4PrivateAddress() {
    return Optional.ofNullable(ipv4Private);
  }

  /** {@return the public IPv4 port, if given} */
  public Optional<Integer> ipv4PublicPort() {
    return Optional.ofNullable(ipv4PublicPort);
  }

  /** {@return the IPv6 address, if given} */
  public Optional<String> ipv6Address() {
    return Optional.ofNullable(ipv6Address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device d && Objects.equals(d.phoneNumber, phoneNumber)
        && Objects.equals(d.ipv4Public, ipv4Public) && Objects.equals(d.ipv4Private, ipv4Private)
        && Objects.equals(d.ipv4PublicPort, ipv4PublicPort) && Objects.equals(d.ipv6Address, ipv6Address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phoneNumber, ipv4Public, ipv4Private, ipv4PublicPort, ipv6Address);
  }

  @Override
  public String toString() {
    return "Device{" + (phoneNumber != null ? "phoneNumber=***" + phoneNumber.substring(phoneNumber.length() - 2) : "")
        + (ipv4Public != null ? " ipv4=***" : "") + (ipv6Address != null ? " ipv6=***" : "") + "}";
  }

  /** Builds a {@link Device}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String phoneNumber;
    private @Nullable String ipv4Public;
    private @Nullable String ipv4Private;
    private @Nullable Integer ipv4PublicPort;
    private @Nullable String ipv6Address;

    private Builder() {}

    /**
     * The phone number (MSISDN) in E.164 form with a leading {@code +}.
     *
     * @param e164 the number
     * @return this builder
     */
    public Builder phoneNumber(String e164) {
      Objects.requireNonNull(e164, "e164");
      if (!E164.matcher(e164).matches()) {
        throw new IllegalArgumentException("phone number must be E.164 with a leading '+' (5 to 15 digits)");
      }
      this.phoneNumber = e164;
      return this;
    }

    /**
     * The device's public (observed) and private IPv4 address; the same twice when there is no NAT.
     *
     * @param publicAddress dotted quad
     * @param privateAddress dotted quad
     * @return this builder
     */
    public Builder ipv4(String publicAddress, String privateAddress) {
      this.ipv4Public = ipv4Literal(publicAddress);
      this.ipv4Private = ipv4Literal(privateAddress);
      this.ipv4PublicPort = null;
      return this;
    }

    /**
     * The device's public (observed) IPv4 address and port.
     *
     * @param publicAddress dotted quad
     * @param publicPort 0..65535
     * @return this builder
     */
    public Builder ipv4(String publicAddress, int publicPort) {
      if (publicPort < 0 || publicPort > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + publicPort);
      }
      this.ipv4Public = ipv4Literal(publicAddress);
      this.ipv4Private = null;
      this.ipv4PublicPort = publicPort;
      return this;
    }

    /**
     * The device's IPv6 address (or any address of its /64).
     *
     * @param address textual IPv6
     * @return this builder
     */
    public Builder ipv6(String address) {
      Objects.requireNonNull(address, "address");
      if (!IPV6.matcher(address).matches() || !address.contains(":")) {
        throw new IllegalArgumentException("not an IPv6 address literal");
      }
      this.ipv6Address = address;
      return this;
    }

    private static String ipv4Literal(String s) {
      Objects.requireNonNull(s, "address");
      if (!IPV4.matcher(s).matches()) {
        throw new IllegalArgumentException("not an IPv4 address literal (dotted quad, no mask)");
      }
      return s;
    }

    /**
     * Builds the device.
     *
     * @return the device
     * @throws IllegalStateException if no identifier was given
     */
    public Device build() {
      if (phoneNumber == null && ipv4Public == null && ipv6Address == null) {
        throw new IllegalStateException("give at least one device identifier");
      }
      return new Device(this);
    }
  }
}
