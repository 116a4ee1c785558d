package dev.microevent.slices.camara;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to ask for when creating a Quality-on-Demand session (CAMARA {@code CreateSession}).
 *
 * <pre>{@code
 * QosSessionRequest req = QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.7"), QosProfileName.of("QOS_L"))
 *     .device(Device.phoneNumber("+4915112345678"))
 *     .applicationServerPorts(PortsSpec.ports(443))
 *     .duration(Duration.ofHours(2))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class QosSessionRequest {
  /** Longest duration the wire format can carry (int32 seconds). */
  public static final Duration MAX_DURATION = Duration.ofSeconds(Integer.MAX_VALUE);

  private final @Nullable Device device;
  private final ApplicationServer applicationServer;
  private final @Nullable PortsSpec devicePorts;
  private final @Nullable PortsSpec applicationServerPorts;
  private final QosProfileName qosProfile;
  private final Duration duration;
  private final @Nullable NotificationSink sink;

  private QosSessionRequest(Builder b) {
    this.device = b.device;
    this.applicationServer = b.applicationServer;
    this.devicePorts = b.devicePorts;
    this.applicationServerPorts = b.applicationServerPorts;
    this.qosProfile = b.qosProfile;
    this.duration = b.duration;
    this.sink = b.sink;
  }

  /**
   * A builder.
   *
   * @param applicationServer the far end of the flows
   * @param qosProfile the operator's profile name
   * @return a new builder with a one-hour duration; not thread-safe
   */
  public static Builder builder(ApplicationServer applicationServer, QosProfileName qosProfile) {
    return new Builder(applicationServer, qosProfile);
  }

  /** {@return a builder holding this request's values} */
  public Builder toBuilder() {
    Builder b = new Builder(applicationServer, qosProfile).duration(duration);
    b.device = device;
    b.devicePorts = devicePorts;
    b.applicationServerPorts = applicationServerPorts;
    b.sink = sink;
    return b;
  }

  /**
   * A copy asking for another duration.
   *
   * @param duration whole seconds, at least 1 s
   * @return the copy
   */
  public QosSessionRequest withDuration(Duration duration) {
    return toBuilder().duration(duration).build();
  }

  /** {@return the device, absent with three-legged tokens} */
  public Optional<Device> device() {
    return Optional.ofNullable(device);
  }

  /** {@return the far end of the flows} */
  public ApplicationServer applicationServer() {
    return applicationServer;
  }

  /** {@return the device ports the session applies to; absent means all} */
  public Optional<PortsSpec> devicePorts() {
    return Optional.ofNullable(devicePorts);
  }

  /** {@return the server ports the session applies to; absent means all} */
  public Optional<PortsSpec> applicationServerPorts() {
    return Optional.ofNullable(applicationServerPorts);
  }

  /** {@return the QoS profile} */
  public QosProfileName qosProfile() {
    return qosProfile;
  }

  /** {@return the requested duration, whole seconds} */
  public Duration duration() {
    return duration;
  }

  /** {@return where status notifications go, if anywhere} */
  public Optional<NotificationSink> sink() {
    return Optional.ofNullable(sink);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QosSessionRequest r && Objects.equals(r.device, device)
        && r.applicationServer.equals(applicationServer) && Objects.equals(r.devicePorts, devicePorts)
        && Objects.equals(r.applicationServerPorts, applicationServerPorts) && r.qosProfile.equals(qosProfile)
        && r.duration.equals(duration) && Objects.equals(r.sink, sink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(device, applicationServer, devicePorts, applicationServerPorts, qosProfile, duration, sink);
  }

  @Override
  public String toString() {
    return "QosSessionRequest{" + qosProfile + " for " + duration.toSeconds() + " s to " + applicationServer
        + (device != null ? ", " + device : "") + "}";
  }

  /** Builds a {@link QosSessionRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Device device;
    private final ApplicationServer applicationServer;
    private @Nullable PortsSpec devicePorts;
    private @Nullable PortsSpec applicationServerPorts;
    private final QosProfileName qosProfile;
    private Duration duration = Duration.ofHours(1);
    private @Nullable NotificationSink sink;

    private Builder(ApplicationServer applicationServer, QosProfileName qosProfile) {
      this.applicationServer = Objects.requireNonNull(applicationServer, "applicationServer");
      this.qosProfile = Objects.requireNonNull(qosProfile, "qosProfile");
    }

    /**
     * The device; required with two-legged tokens, forbidden with three-legged ones.
     *
     * @param device the device
     * @return this builder
     */
    public Builder device(Device device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    /**
     * The device ports to boost; default all.
     *
     * @param ports the ports
     * @return this builder
     */
    public Builder devicePorts(PortsSpec ports) {
      this.devicePorts = Objects.requireNonNull(ports, "ports");
      return this;
    }

    /**
     * The server ports to boost; default all.
     *
     * @param ports the ports
     * @return this builder
     */
    public Builder applicationServerPorts(PortsSpec ports) {
      this.applicationServerPorts = Objects.requireNonNull(ports, "ports");
      return this;
    }

    /**
     * The duration; default one hour. The profile's {@code maxDuration} caps it (including
     * extensions); the operator may grant less.
     *
     * @param duration whole seconds, 1 s .. {@link #MAX_DURATION}
     * @return this builder
     */
    public Builder duration(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_DURATION) > 0
          || !duration.equals(duration.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
        throw new IllegalArgumentException("QoS session duration must be whole seconds within 1 s.."
            + MAX_DURATION.toSeconds() + " s, got " + duration);
      }
      this.duration = duration;
      return this;
    }

    /**
     * Where status notifications go; default none (poll with get()).
     *
     * @param sink the sink and its token
     * @return this builder
     */
    public Builder sink(NotificationSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public QosSessionRequest build() {
      return new QosSessionRequest(this);
    }
  }
}
