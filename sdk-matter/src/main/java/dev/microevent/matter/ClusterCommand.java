package dev.microevent.matter;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cluster command for {@link MatterClient#command}: the cluster id, the command's name as the
 * Matter Server takes it (the Matter name, e.g. {@code On}, {@code MoveToLevelWithOnOff}) and its
 * payload (field names in lowerCamelCase; fields left out take their defaults).
 *
 * <pre>{@code
 * client.command(node, 1, ClusterCommand.toggle());
 * client.command(node, 1, ClusterCommand.moveToLevelWithOnOff(128, Duration.ofMillis(500)));
 * client.command(node, 1, ClusterCommand.of(0x0300, "MoveToHue", Map.of("hue", MatterValue.of(120), ...)));
 * }</pre>
 *
 * <p>Whether a command is {@linkplain #idempotent() idempotent} decides what happens when the
 * connection drops while it is in flight: see {@link MatterClient}. Immutable and thread-safe.
 */
public final class ClusterCommand {
  private static final int MAX_LEVEL = 254;
  private static final long MAX_TRANSITION_TENTHS = 0xFFFE;

  private final long clusterId;
  private final String name;
  private final Map<String, MatterValue> payload;
  private final boolean idempotent;

  private ClusterCommand(long clusterId, String name, Map<String, MatterValue> payload, boolean idempotent) {
    this.clusterId = clusterId;
    this.name = name;
    this.payload = payload;
    this.idempotent = idempotent;
  }

  /**
   * Any cluster command; treated as not idempotent.
   *
   * @param clusterId the cluster id, 0..0xFFFFFFFF
   * @param name the command's Matter name, e.g. {@code MoveToHue}
   * @param payload its fields by lowerCamelCase name
   * @return the command
   * @throws IllegalArgumentException if the cluster id is out of range or the name is blank
   */
  public static ClusterCommand of(long clusterId, String name, Map<String, MatterValue> payload) {
    if (clusterId < 0 || clusterId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("cluster id must be 0..0xFFFFFFFF, got " + clusterId);
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException("a command name is 1..128 characters, e.g. On or MoveToLevel");
    }
    Map<String, MatterValue> copy = new LinkedHashMap<>();
    payload.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field"), Objects.requireNonNull(v, k)));
    return new ClusterCommand(clusterId, name, Collections.unmodifiableMap(copy), false);
  }

  /**
   * OnOff {@code On}: idempotent.
   *
   * @return the OnOff cluster's {@code On} command, idempotent
   */
  public static ClusterCommand on() {
    return new ClusterCommand(AttributePath.ON_OFF_CLUSTER, "On", Map.of(), true);
  }

  /**
   * OnOff {@code Off}: idempotent.
   *
   * @return the OnOff cluster's {@code Off} command, idempotent
   */
  public static ClusterCommand off() {
    return new ClusterCommand(AttributePath.ON_OFF_CLUSTER, "Off", Map.of(), true);
  }

  /**
   * OnOff {@code Toggle}: not idempotent (twice is a no-op).
   *
   * @return the OnOff cluster's {@code Toggle} command, not idempotent (sent twice, it changes
   *     nothing)
   */
  public static ClusterCommand toggle() {
    return new ClusterCommand(AttributePath.ON_OFF_CLUSTER, "Toggle", Map.of(), false);
  }

  /**
   * LevelControl {@code MoveToLevel}: idempotent.
   *
   * @param level 0..254
   * @param transition how long the move takes (in tenths of a second on the wire), or {@code
   *     null} for the device's default
   * @return the command
   * @throws IllegalArgumentException if the level or transition is out of range
   */
  public static ClusterCommand moveToLevel(int level, @Nullable Duration transition) {
    return level("MoveToLevel", level, transition);
  }

  /**
   * LevelControl {@code MoveToLevelWithOnOff} (turns the light on or off with the level):
   * idempotent.
   *
   * @param level 0..254
   * @param transition how long the move takes, or {@code null} for the device's default
   * @return the command
   * @throws IllegalArgumentException if the level or transition is out of range
   */
  public static ClusterCommand moveToLevelWithOnOff(int level, @Nullable Duration transition) {
    return level("MoveToLevelWithOnOff", level, transition);
  }

  private static ClusterCommand level(String name, int level, @Nullable Duration transition) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level must be 0..254, got " + level);
    }
    Map<String, MatterValue> p = new LinkedHashMap<>();
    p.put("level", MatterValue.of(level));
    if (transition == null) {
      p.put("transitionTime", MatterValue.ofNull());
    } else {
      long tenths = transition.toMillis() / 100;
      if (transition.isNegative() || tenths > MAX_TRANSITION_TENTHS) {
        throw new IllegalArgumentException("transition must be 0..6553.4 s, got " + transition);
      }
      p.put("transitionTime", MatterValue.of(tenths));
    }
    p.put("optionsMask", MatterValue.of(0));
    p.put("optionsOverride", MatterValue.of(0));
    return new ClusterCommand(AttributePath.LEVEL_CONTROL_CLUSTER, name, Collections.unmodifiableMap(p), true);
  }

  /** {@return the cluster id} */
  public long clusterId() {
    return clusterId;
  }

  /** {@return the command's Matter name} */
  public String name() {
    return name;
  }

  /** {@return the payload fields, unmodifiable} */
  public Map<String, MatterValue> payload() {
    return payload;
  }

  /**
   * {@return whether sending it twice has the effect of sending it once ({@code On}, {@code Off},
   * {@code MoveToLevel}); only those are sent again after a dropped connection}
   */
  public boolean idempotent() {
    return idempotent;
  }

  /**
   * This command marked idempotent: the client may send it again after a dropped connection. Only
   * for commands that set an absolute state.
   *
   * @return the command, marked
   */
  public ClusterCommand asIdempotent() {
    return new ClusterCommand(clusterId, name, payload, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterCommand c && clusterId == c.clusterId && name.equals(c.name)
        && payload.equals(c.payload) && idempotent == c.idempotent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterId, name, payload, idempotent);
  }

  @Override
  public String toString() {
    return "ClusterCommand{" + clusterId + "/" + name + " " + payload + "}";
  }
}
