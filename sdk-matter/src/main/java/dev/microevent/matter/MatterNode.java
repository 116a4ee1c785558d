package dev.microevent.matter;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A commissioned node as the Matter Server knows it ({@code MatterNodeData}): its id, whether the
 * server reaches it now, whether it is a bridge, and every attribute of every endpoint by path.
 * Accessors read the usual facts out of the attributes: firmware ({@code softwareVersion}), vendor
 * and product, and per bridged endpoint its reachability and firmware.
 *
 * <pre>{@code
 * for (MatterNode n : client.nodes()) {
 *   n.id(); n.available(); n.softwareVersion(); n.attribute(AttributePath.onOff(1));
 *   for (int ep : n.bridgedEndpoints()) { n.bridgedReachable(ep); n.bridgedSoftwareVersion(ep); }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterNode {
  private static final long BASIC = AttributePath.BASIC_INFORMATION_CLUSTER;
  private static final long BRIDGED = AttributePath.BRIDGED_DEVICE_BASIC_INFORMATION_CLUSTER;
  private static final long VENDOR_NAME = 1;
  private static final long VENDOR_ID = 2;
  private static final long PRODUCT_NAME = 3;
  private static final long PRODUCT_ID = 4;
  private static final long NODE_LABEL = 5;
  private static final long SOFTWARE_VERSION = 9;
  private static final long SOFTWARE_VERSION_STRING = 10;
  private static final long SERIAL_NUMBER = 15;
  private static final long REACHABLE = 17;

  private final MatterNodeId id;
  private final boolean available;
  private final boolean bridge;
  private final @Nullable LocalDateTime dateCommissioned;
  private final @Nullable LocalDateTime lastInterview;
  private final int interviewVersion;
  private final Map<AttributePath, MatterValue> attributes;

  private MatterNode(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.available = b.available;
    this.bridge = b.bridge;
    this.dateCommissioned = b.dateCommissioned;
    this.lastInterview = b.lastInterview;
    this.interviewVersion = b.interviewVersion;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
  }

  /**
   * A builder (for fakes and tests; the client builds nodes from what the server sends).
   *
   * @param id the node id
   * @return a builder; not thread-safe
   */
  public static Builder builder(MatterNodeId id) {
    return new Builder(Objects.requireNonNull(id, "id"));
  }

  /** {@return a builder holding this node's values} */
  public Builder toBuilder() {
    Builder b = new Builder(id).available(available).bridge(bridge).interviewVersion(interviewVersion)
        .dateCommissioned(dateCommissioned).lastInterview(lastInterview);
    b.attributes.putAll(attributes);
    return b;
  }

  /** {@return the node id (unsigned 64-bit)} */
  public MatterNodeId id() {
    return id;
  }

  /** {@return whether the server reaches the node now (it has a session and a live subscription)} */
  public boolean available() {
    return available;
  }

  /** {@return whether the node is a bridge (an aggregator whose endpoints stand for bridged devices)} */
  public boolean isBridge() {
    return bridge;
  }

  /**
   * {@return when the node was commissioned, as the server wrote it (no zone: python-matter-server
   * writes UTC, matterjs-server its local time)}
   */
  public Optional<LocalDateTime> dateCommissioned() {
    return Optional.ofNullable(dateCommissioned);
  }

  /** {@return when the server last interviewed the node, as it wrote it} */
  public Optional<LocalDateTime> lastInterview() {
    return Optional.ofNullable(lastInterview);
  }

  /** {@return the server's interview format version} */
  public int interviewVersion() {
    return interviewVersion;
  }

  /** {@return every attribute by concrete path, unmodifiable, in the order the server sent them} */
  public Map<AttributePath, MatterValue> attributes() {
    return attributes;
  }

  /**
   * An attribute's value.
   *
   * @param path a concrete path
   * @return its value, if the node has that attribute
   */
  public Optional<MatterValue> attribute(AttributePath path) {
    return Optional.ofNullable(attributes.get(Objects.requireNonNull(path, "path")));
  }

  /** {@return the endpoints the node has attributes on, ascending} */
  public List<Integer> endpoints() {
    NavigableSet<Integer> s = new TreeSet<>();
    for (AttributePath p : attributes.keySet()) {
      p.endpoint().ifPresent(s::add);
    }
    return List.copyOf(s);
  }

  /** {@return the firmware version number (BasicInformation SoftwareVersion, {@code 0/40/9})} */
  public OptionalLong softwareVersion() {
    return number(AttributePath.of(0, BASIC, SOFTWARE_VERSION));
  }

  /** {@return the firmware version text (BasicInformation SoftwareVersionString, {@code 0/40/10})} */
  public Optional<String> softwareVersionString() {
    return text(AttributePath.of(0, BASIC, SOFTWARE_VERSION_STRING));
  }

  /** {@return the vendor id ({@code 0/40/2})} */
  public OptionalInt vendorId() {
    OptionalLong v = number(AttributePath.of(0, BASIC, VENDOR_ID));
    return v.isPresent() && v.getAsLong() <= 0xFFFF ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
  }

  /** {@return the product id ({@code 0/40/4})} */
  public OptionalInt productId() {
    OptionalLong v = number(AttributePath.of(0, BASIC, PRODUCT_ID));
    return v.isPresent() && v.getAsLong() <= 0xFFFF ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
  }

  /** {@return the vendor name ({@code 0/40/1})} */
  public Optional<String> vendorName() {
    return text(AttributePath.of(0, BASIC, VENDOR_NAME));
  }

  /** {@return the product name ({@code 0/40/3})} */
  public Optional<String> productName() {
    return text(AttributePath.of(0, BASIC, PRODUCT_NAME));
  }

  /** {@return the user-given node label ({@code 0/40/5})} */
  public Optional<String> nodeLabel() {
    return text(AttributePath.of(0, BASIC, NODE_LABEL));
  }

  /** {@return the serial number ({@code 0/40/15})} */
  public Optional<String> serialNumber() {
    return text(AttributePath.of(0, BASIC, SERIAL_NUMBER));
  }

  /** {@return the endpoints that stand for bridged devices (they have BridgedDeviceBasicInformation), ascending} */
  public List<Integer> bridgedEndpoints() {
    NavigableSet<Integer> s = new TreeSet<>();
    for (AttributePath p : attributes.keySet()) {
      if (p.cluster().orElse(-1) == BRIDGED) {
        p.endpoint().ifPresent(s::add);
      }
    }
    return List.copyOf(s);
  }

  /**
   * Whether the bridge reaches a bridged device (BridgedDeviceBasicInformation Reachable).
   *
   * @param endpoint the bridged endpoint
   * @return the flag, if the endpoint reports it
   */
  public Optional<Boolean> bridgedReachable(int endpoint) {
    MatterValue v = attributes.get(AttributePath.of(endpoint, BRIDGED, REACHABLE));
    return v == null ? Optional.empty() : v.asBoolean();
  }

  /**
   * A bridged device's firmware version number.
   *
   * @param endpoint the bridged endpoint
   * @return the version, if the endpoint reports it
   */
  public OptionalLong bridgedSoftwareVersion(int endpoint) {
    return number(AttributePath.of(endpoint, BRIDGED, SOFTWARE_VERSION));
  }

  /**
   * A bridged device's label.
   *
   * @param endpoint the bridged endpoint
   * @return the label, if the endpoint reports it
   */
  public Optional<String> bridgedNodeLabel(int endpoint) {
    return text(AttributePath.of(endpoint, BRIDGED, NODE_LABEL));
  }

  private OptionalLong number(AttributePath path) {
    MatterValue v = attributes.get(path);
    return v == null ? OptionalLong.empty() : v.asLong();
  }

  private Optional<String> text(AttributePath path) {
    MatterValue v = attributes.get(path);
    return v == null ? Optional.empty() : v.asString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatterNode n && id.equals(n.id) && available == n.available && bridge == n.bridge
        && Objects.equals(dateCommissioned, n.dateCommissioned) && Objects.equals(lastInterview, n.lastInterview)
        && interviewVersion == n.interviewVersion && attributes.equals(n.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, available, bridge, interviewVersion, attributes);
  }

  @Override
  public String toString() {
    return "MatterNode{" + id + (available ? ", available" : ", unavailable") + (bridge ? ", bridge" : "")
        + ", " + attributes.size() + " attributes}";
  }

  /** Builds a {@link MatterNode}. Not thread-safe. */
  public static final class Builder {
    private final MatterNodeId id;
    private boolean available;
    private boolean bridge;
    private @Nullable LocalDateTime dateCommissioned;
    private @Nullable LocalDateTime lastInterview;
    private int interviewVersion;
    private final Map<AttributePath, MatterValue> attributes = new LinkedHashMap<>();

    private Builder(MatterNodeId id) {
      this.id = id;
    }

    /**
     * Whether the server reaches the node; default {@code false}.
     *
     * @param value the flag
     * @return this builder
     */
    public Builder available(boolean value) {
      this.available = value;
      return this;
    }

    /**
     * Whether the node is a bridge; default {@code false}.
     *
     * @param value the flag
     * @return this builder
     */
    public Builder bridge(boolean value) {
      this.bridge = value;
      return this;
    }

    /**
     * When it was commissioned; default unknown.
     *
     * @param value the time, or {@code null}
     * @return this builder
     */
    public Builder dateCommissioned(@Nullable LocalDateTime value) {
      this.dateCommissioned = value;
      return this;
    }

    /**
     * When it was last interviewed; default unknown.
     *
     * @param value the time, or {@code null}
     * @return this builder
     */
    public Builder lastInterview(@Nullable LocalDateTime value) {
      this.lastInterview = value;
      return this;
    }

    /**
     * The interview format version; default 0.
     *
     * @param value the version
     * @return this builder
     */
    public Builder interviewVersion(int value) {
      this.interviewVersion = value;
      return this;
    }

    /**
     * Sets an attribute.
     *
     * @param path a concrete path
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the path has a wildcard
     */
    public Builder putAttribute(AttributePath path, MatterValue value) {
      if (!path.isConcrete()) {
        throw new IllegalArgumentException("a node's attribute path must be concrete, got " + path);
      }
      attributes.put(path, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Removes an attribute.
     *
     * @param path the path
     * @return this builder
     */
    public Builder removeAttribute(AttributePath path) {
      attributes.remove(path);
      return this;
    }

    /**
     * Builds the node.
     *
     * @return a new node with this builder's values
     */
    public MatterNode build() {
      return new MatterNode(this);
    }
  }
}
