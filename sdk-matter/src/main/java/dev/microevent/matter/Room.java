package dev.microevent.matter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A room of a {@link RoomManifest} and the devices it expects.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class Room {
  /** Longest room or device name. */
  public static final int MAX_NAME_LENGTH = 128;

  private final RoomId id;
  private final String name;
  private final List<ExpectedDevice> devices;
  private final RoomRules rules;

  private Room(RoomId id, String name, List<ExpectedDevice> devices, RoomRules rules) {
    this.id = id;
    this.name = name;
    this.devices = List.copyOf(devices);
    this.rules = rules;
  }

  /**
   * A new builder. Required: the id.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this room's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.name = name;
    b.devices.addAll(devices);
    b.rules = rules;
    return b;
  }

  /**
   * The room's id, unique in its manifest.
   *
   * @return the id
   */
  public RoomId id() {
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
   * The devices the room expects, in the manifest's order.
   *
   * @return an unmodifiable list
   */
  public List<ExpectedDevice> devices() {
    return devices;
  }

  /**
   * What the room does when the core client's service mode leaves {@code NORMAL} (see {@link
   * MatterClient#automate}); {@link RoomRules#NONE} unless the manifest declares rules.
   *
   * @return the rules
   */
  public RoomRules rules() {
    return rules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Room r && id.equals(r.id) && name.equals(r.name) && devices.equals(r.devices)
        && rules.equals(r.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, devices, rules);
  }

  @Override
  public String toString() {
    return "Room[id=" + id + ", name=" + name + ", devices=" + devices + (rules.isNone() ? "" : ", rules=" + rules)
        + "]";
  }

  static String checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a " + what + " is 1.." + MAX_NAME_LENGTH
          + " characters, not blank, without control characters");
    }
    return name;
  }

  /**
   * Builds a {@link Room}. Not thread-safe.
   *
   * @see Room#builder()
   */
  public static final class Builder {
    private @Nullable RoomId id;
    private @Nullable String name;
    private final List<ExpectedDevice> devices = new ArrayList<>();
    private RoomRules rules = RoomRules.NONE;

    private Builder() {}

    /**
     * The room's id. Required.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(RoomId id) {
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
      this.name = checkName(name, "room name");
      return this;
    }

    /**
     * Replaces the expected devices.
     *
     * @param devices the devices, in order
     * @return this builder
     */
    public Builder devices(List<ExpectedDevice> devices) {
      this.devices.clear();
      devices.forEach(this::addDevice);
      return this;
    }

    /**
     * Adds an expected device.
     *
     * @param device the device
     * @return this builder
     */
    public Builder addDevice(ExpectedDevice device) {
      devices.add(Objects.requireNonNull(device, "device"));
      return this;
    }

    /**
     * The room's automation rules. Default {@link RoomRules#NONE}.
     *
     * @param rules the rules
     * @return this builder
     */
    public Builder rules(RoomRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * Builds the room.
     *
     * @return the room
     * @throws IllegalStateException if the id is missing
     */
    public Room build() {
      if (id == null) {
        throw new IllegalStateException("a room needs an id");
      }
      return new Room(id, name == null ? id.value() : name, devices, rules);
    }
  }
}
