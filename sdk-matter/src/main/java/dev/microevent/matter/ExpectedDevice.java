package dev.microevent.matter;

import dev.microevent.core.Criticality;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A device a room expects: its onboarding code, its role when things go wrong (the same {@link
 * Criticality} that decides which calls and power loads keep running) and, once commissioned,
 * its node id.
 *
 * <pre>{@code
 * ExpectedDevice.builder().id(DeviceId.of("stage-light")).name("Stage light")
 *     .pairingCode("MT:Y.K9042C00KA0648G00").role(Criticality.CRITICAL).build();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the pairing code (it holds the passcode). Immutable and
 * thread-safe; the builder is not thread-safe.
 */
public final class ExpectedDevice {
  /** The endpoint automation drives unless the manifest says otherwise. */
  public static final int DEFAULT_ENDPOINT = 1;
  /** The highest endpoint number. */
  public static final int MAX_ENDPOINT = 65534;

  private final DeviceId id;
  private final String name;
  private final String pairingCode;
  private final OnboardingPayload payload;
  private final Criticality role;
  private final @Nullable MatterNodeId nodeId;
  private final @Nullable FirmwareVersion firmware;
  private final int endpoint;

  private ExpectedDevice(Builder b, DeviceId id, String pairingCode, OnboardingPayload payload, Criticality role) {
    this.id = id;
    this.name = b.name == null ? id.value() : b.name;
    this.pairingCode = pairingCode;
    this.payload = payload;
    this.role = role;
    this.nodeId = b.nodeId;
    this.firmware = b.firmware;
    this.endpoint = b.endpoint;
  }

  /**
   * A new builder. Required: id, pairing code (or payload) and role.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this device's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.name = name;
    b.pairingCode = pairingCode;
    b.payload = payload;
    b.role = role;
    b.nodeId = nodeId;
    b.firmware = firmware;
    b.endpoint = endpoint;
    return b;
  }

  /**
   * The device's id, unique in its manifest.
   *
   * @return the id
   */
  public DeviceId id() {
    return id;
  }

  /**
   * A human-readable name (the id unless given).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The onboarding code as the manifest gives it (a QR code text or a manual pairing code). It
   * holds the passcode: keep it out of logs.
   *
   * @return the code
   */
  public String pairingCode() {
    return pairingCode;
  }

  /**
   * The onboarding payload the code carries.
   *
   * @return the payload
   */
  public OnboardingPayload payload() {
    return payload;
  }

  /**
   * What the device is for when things go wrong: {@code CRITICAL} devices must work for the room
   * to open, {@code DEGRADED} ones may be missing with reduced service, {@code NON_ESSENTIAL}
   * ones may be missing.
   *
   * @return the role
   */
  public Criticality role() {
    return role;
  }

  /**
   * The node id the controller gave the device when it was commissioned, if known.
   *
   * @return the node id
   */
  public Optional<MatterNodeId> nodeId() {
    return Optional.ofNullable(nodeId);
  }

  /**
   * The firmware the device should run, checked by the pre-flight; none by default.
   *
   * @return the expected version
   */
  public Optional<FirmwareVersion> firmware() {
    return Optional.ofNullable(firmware);
  }

  /**
   * The endpoint that room automation switches and dims (its OnOff and LevelControl clusters);
   * default 1, the first application endpoint.
   *
   * @return the endpoint, 0..65534
   */
  public int endpoint() {
    return endpoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpectedDevice d && id.equals(d.id) && name.equals(d.name) && pairingCode.equals(d.pairingCode)
        && role == d.role && Objects.equals(nodeId, d.nodeId) && Objects.equals(firmware, d.firmware)
        && endpoint == d.endpoint;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, pairingCode, role, nodeId, firmware, endpoint);
  }

  /** The device without its pairing code. */
  @Override
  public String toString() {
    return "ExpectedDevice[id=" + id + ", name=" + name + ", role=" + role + ", payload=" + payload
        + (nodeId == null ? "" : ", nodeId=" + nodeId) + (firmware == null ? "" : ", firmware=" + firmware)
        + (endpoint == DEFAULT_ENDPOINT ? "" : ", endpoint=" + endpoint) + "]";
  }

  /**
   * Builds an {@link ExpectedDevice}. Not thread-safe.
   *
   * @see ExpectedDevice#builder()
   */
  public static final class Builder {
    private @Nullable DeviceId id;
    private @Nullable String name;
    private @Nullable String pairingCode;
    private @Nullable OnboardingPayload payload;
    private @Nullable Criticality role;
    private @Nullable MatterNodeId nodeId;
    private @Nullable FirmwareVersion firmware;
    private int endpoint = DEFAULT_ENDPOINT;

    private Builder() {}

    /**
     * The device's id. Required.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(DeviceId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * A human-readable name, 1..128 characters without control characters. Default: the id.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Room.checkName(name, "device name");
      return this;
    }

    /**
     * The onboarding code, read with scanner rules ({@link OnboardingPayload#parse(String)}): a
     * QR code text with one payload or a manual pairing code. Required (or {@link
     * #payload(OnboardingPayload)}).
     *
     * @param code the code
     * @return this builder
     * @throws PayloadException if the code is malformed or invalid
     */
    public Builder pairingCode(String code) {
      String trimmed = Objects.requireNonNull(code, "code").strip();
      this.payload = OnboardingPayload.parse(trimmed);
      this.pairingCode = trimmed;
      return this;
    }

    /**
     * The onboarding payload; the device's code becomes its QR code when it has discovery
     * capabilities and a long discriminator, else its manual pairing code.
     *
     * @param payload the payload
     * @return this builder
     * @throws PayloadException if the payload cannot be written as such a code
     */
    public Builder payload(OnboardingPayload payload) {
      Objects.requireNonNull(payload, "payload");
      boolean qr = payload.discoveryCapabilities().isPresent() && !payload.discriminator().isShort();
      this.pairingCode = qr ? QrCode.format(payload) : ManualCode.format(payload);
      this.payload = payload;
      return this;
    }

    /**
     * The device's role. Required.
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(Criticality role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * The node id, once commissioned. Default: none.
     *
     * @param nodeId the node id, or null
     * @return this builder
     */
    public Builder nodeId(@Nullable MatterNodeId nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * The firmware the device should run; the pre-flight reports any other. Default: none (any
     * firmware will do).
     *
     * @param firmware the version, or null
     * @return this builder
     */
    public Builder firmware(@Nullable FirmwareVersion firmware) {
      this.firmware = firmware;
      return this;
    }

    /**
     * The endpoint room automation drives. Default 1.
     *
     * @param endpoint 0..65534
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder endpoint(int endpoint) {
      if (endpoint < 0 || endpoint > MAX_ENDPOINT) {
        throw new IllegalArgumentException("an endpoint is 0..65534, got " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Builds the device.
     *
     * @return the device
     * @throws IllegalStateException if the id, the code or the role is missing
     */
    public ExpectedDevice build() {
      if (id == null || pairingCode == null || payload == null || role == null) {
        throw new IllegalStateException("an expected device needs an id, a pairing code and a role"
            + (id == null ? "" : " (device " + id + ")"));
      }
      return new ExpectedDevice(this, id, pairingCode, payload, role);
    }
  }
}
