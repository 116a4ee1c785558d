package dev.microevent.testkit.matter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A node for {@link FakeMatterController}, in the Matter Server's own terms: an unsigned 64-bit
 * node id, availability, a bridge flag and attributes by {@code "endpoint/cluster/attribute"} path,
 * with values as the server writes them (booleans, numbers, text, lists, structs as maps keyed by
 * field id such as {@code Map.of("0", 256, "1", 1)}, {@code null}).
 *
 * <pre>{@code
 * FakeMatterNode light = FakeMatterNode.onOffLight(Long.parseUnsignedLong("18446744069414584321"))
 *     .withSoftwareVersion(3, "1.0.3");
 * FakeMatterNode hub = FakeMatterNode.bridge(7, 3);   // a bridge with three bridged lights
 * FakeMatterNode plug = FakeMatterNode.onOffPlug(8);    // OnOff only, no level
 * }</pre>
 *
 * <p>Immutable and thread-safe; the {@code with*} methods return copies.
 */
public final class FakeMatterNode {
  private final long nodeId;
  private final boolean available;
  private final boolean bridge;
  private final Map<String, @Nullable Object> attributes;

  private FakeMatterNode(long nodeId, boolean available, boolean bridge, Map<String, @Nullable Object> attributes) {
    if (nodeId == 0) {
      throw new IllegalArgumentException("node id 0 is not a node id");
    }
    this.nodeId = nodeId;
    this.available = available;
    this.bridge = bridge;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * A node with only the root endpoint (BasicInformation and Descriptor).
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @return the node, available
   */
  public static FakeMatterNode root(long nodeId) {
    Map<String, @Nullable Object> a = new LinkedHashMap<>();
    a.put("0/29/0", List.of(struct(22, 1)));          // Descriptor.DeviceTypeList: root node
    a.put("0/29/1", List.of(29, 40));                // ServerList
    a.put("0/29/3", new ArrayList<>());               // PartsList
    a.put("0/40/0", 17);                              // DataModelRevision
    a.put("0/40/1", "Microevent Fake");               // VendorName
    a.put("0/40/2", 0xFFF1);                          // VendorID
    a.put("0/40/3", "Fake Node");                     // ProductName
    a.put("0/40/4", 0x8000);                          // ProductID
    a.put("0/40/5", "");                              // NodeLabel
    a.put("0/40/9", 1);                               // SoftwareVersion
    a.put("0/40/10", "1.0");                          // SoftwareVersionString
    a.put("0/40/15", "FAKE-" + Long.toUnsignedString(nodeId)); // SerialNumber
    return new FakeMatterNode(nodeId, true, false, a);
  }

  /**
   * An OnOff light on endpoint 1 (OnOff off, LevelControl at 254).
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @return the node, available
   */
  public static FakeMatterNode onOffLight(long nodeId) {
    FakeMatterNode root = root(nodeId);
    Map<String, @Nullable Object> a = new LinkedHashMap<>(root.attributes);
    a.put("0/29/3", List.of(1));
    a.put("0/40/3", "Fake Light");
    light(a, 1);
    return new FakeMatterNode(nodeId, true, false, a);
  }

  /**
   * An OnOff plug-in unit on endpoint 1 (OnOff off, no LevelControl): a socket that switches a
   * load, such as a payment terminal's charger or a fog machine.
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @return the node, available
   */
  public static FakeMatterNode onOffPlug(long nodeId) {
    FakeMatterNode root = root(nodeId);
    Map<String, @Nullable Object> a = new LinkedHashMap<>(root.attributes);
    a.put("0/29/3", List.of(1));
    a.put("0/40/3", "Fake Plug");
    a.put("1/29/0", List.of(struct(266, 3)));          // OnOffPlug-inUnit
    a.put("1/29/1", List.of(3, 4, 6, 29));
    a.put("1/6/0", false);                             // OnOff
    a.put("1/6/65532", 0);                             // FeatureMap
    return new FakeMatterNode(nodeId, true, false, a);
  }

  /**
   * A bridge: an aggregator on endpoint 1 and {@code bridged} lights on endpoints 2, 3, ..., each
   * with BridgedDeviceBasicInformation (label, reachable, firmware).
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @param bridged how many bridged lights, 0..100
   * @return the node, available
   */
  public static FakeMatterNode bridge(long nodeId, int bridged) {
    if (bridged < 0 || bridged > 100) {
      throw new IllegalArgumentException("a fake bridge has 0..100 bridged devices, got " + bridged);
    }
    FakeMatterNode root = root(nodeId);
    Map<String, @Nullable Object> a = new LinkedHashMap<>(root.attributes);
    a.put("0/40/3", "Fake Bridge");
    List<Integer> parts = new ArrayList<>();
    parts.add(1);
    List<Integer> bridgedParts = new ArrayList<>();
    for (int i = 0; i < bridged; i++) {
      parts.add(2 + i);
      bridgedParts.add(2 + i);
    }
    a.put("0/29/3", parts);
    a.put("1/29/0", List.of(struct(14, 1)));           // Aggregator
    a.put("1/29/1", List.of(29));
    a.put("1/29/3", bridgedParts);
    for (int ep : bridgedParts) {
      light(a, ep);
      a.put(ep + "/29/0", List.of(struct(256, 3), struct(19, 2))); // OnOffLight + BridgedNode
      a.put(ep + "/57/5", "Bridged light " + (ep - 1));            // NodeLabel
      a.put(ep + "/57/9", 100 + ep);                                // SoftwareVersion
      a.put(ep + "/57/10", "1." + ep);                              // SoftwareVersionString
      a.put(ep + "/57/17", true);                                   // Reachable
      a.put(ep + "/57/18", "bridged-" + ep);                        // UniqueID
    }
    return new FakeMatterNode(nodeId, true, true, a);
  }

  private static void light(Map<String, @Nullable Object> a, int ep) {
    a.put(ep + "/29/0", List.of(struct(256, 3)));       // OnOffLight
    a.put(ep + "/29/1", List.of(3, 4, 6, 8, 29));
    a.put(ep + "/6/0", false);                         // OnOff
    a.put(ep + "/6/16384", true);                      // GlobalSceneControl
    a.put(ep + "/6/65532", 1);                         // FeatureMap
    a.put(ep + "/8/0", 254);                           // CurrentLevel
    a.put(ep + "/8/17", null);                         // OnLevel (nullable)
  }

  private static Map<String, Object> struct(int type, int revision) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("0", type);
    m.put("1", revision);
    return m;
  }

  /** {@return the node id's 64 bits, unsigned} */
  public long nodeId() {
    return nodeId;
  }

  /** {@return whether the fake server reaches it} */
  public boolean available() {
    return available;
  }

  /** {@return whether it is a bridge} */
  public boolean bridge() {
    return bridge;
  }

  /** {@return its attributes by path, unmodifiable} */
  public Map<String, @Nullable Object> attributes() {
    return attributes;
  }

  /**
   * A copy with another node id.
   *
   * @param id the 64 bits, unsigned
   * @return the copy
   */
  public FakeMatterNode withNodeId(long id) {
    return new FakeMatterNode(id, available, bridge, attributes);
  }

  /**
   * A copy with another availability.
   *
   * @param value whether the server reaches it
   * @return the copy
   */
  public FakeMatterNode withAvailable(boolean value) {
    return new FakeMatterNode(nodeId, value, bridge, attributes);
  }

  /**
   * A copy with an attribute set.
   *
   * @param path {@code "endpoint/cluster/attribute"}
   * @param value a boolean, number ({@link BigInteger} for unsigned 64-bit), text, list, map or
   *     {@code null}
   * @return the copy
   */
  public FakeMatterNode withAttribute(String path, @Nullable Object value) {
    Objects.requireNonNull(path, "path");
    Map<String, @Nullable Object> a = new LinkedHashMap<>(attributes);
    a.put(path, value);
    return new FakeMatterNode(nodeId, available, bridge, a);
  }

  /**
   * A copy with another firmware version (BasicInformation {@code 0/40/9} and {@code 0/40/10}).
   *
   * @param version the number
   * @param text the text
   * @return the copy
   */
  public FakeMatterNode withSoftwareVersion(long version, String text) {
    return withAttribute("0/40/9", version).withAttribute("0/40/10", text);
  }

  @Override
  public String toString() {
    return "FakeMatterNode{" + Long.toUnsignedString(nodeId) + (bridge ? ", bridge" : "") + ", "
        + attributes.size() + " attributes}";
  }
}
