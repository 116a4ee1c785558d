package dev.microevent.matter;

import dev.microevent.matter.internal.ManifestCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A venue's Matter rooms: each room, the devices it expects (their onboarding code and role) and
 * the controller that commissions and drives them. Versioned ({@link #schemaVersion()}) and read
 * from JSON or YAML:
 *
 * <pre>{@code
 * schemaVersion: 2
 * controller:
 *   url: ws://10.0.0.5:5580/ws
 * rooms:
 *   - id: main-stage
 *     name: Main stage
 *     automation:                   # what the room does when the core client's mode drops
 *       reduced: {switchOff: [non-essential], dimLightsTo: 30}
 *     devices:
 *       - id: stage-light
 *         payload: "MT:Y.K9042C00KA0648G00"
 *         role: critical            # critical | degraded | non-essential
 *         firmware: "2.1.7"         # checked by the pre-flight
 *       - id: fog-machine
 *         payload: "3497-011-2332"  # quote manual codes in YAML
 *         role: non-essential
 *         nodeId: "18446744069414584321"
 * }</pre>
 *
 * <pre>{@code
 * RoomManifest manifest = RoomManifest.read(Path.of("rooms.yaml"));
 * for (ExpectedDevice d : manifest.devices()) { ... d.payload(), d.role() ... }
 * }</pre>
 *
 * <p>Reading checks the whole document and reports every problem at once ({@link
 * ManifestException#problems()}); unknown members are errors (a typo must not drop a device), and
 * a document of a newer schema version is refused with a message saying so. Immutable and
 * thread-safe; the builder is not thread-safe.
 */
public final class RoomManifest {
  /**
   * The schema version this SDK writes, and the newest it reads: 2 (rooms' {@code automation},
   * devices' {@code firmware} and {@code endpoint}); version 1 documents are read too.
   */
  public static final int SCHEMA_VERSION = 2;
  /** Largest manifest read, in bytes. */
  public static final int MAX_BYTES = 1024 * 1024;
  /** Most rooms in one manifest. */
  public static final int MAX_ROOMS = 1_000;
  /** Most devices in one manifest, all rooms together. */
  public static final int MAX_DEVICES = 10_000;

  private final ControllerEndpoint controller;
  private final List<Room> rooms;

  private RoomManifest(ControllerEndpoint controller, List<Room> rooms) {
    this.controller = controller;
    this.rooms = List.copyOf(rooms);
  }

  /**
   * A new builder. Required: the controller and at least one room.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this manifest's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().controller(controller).rooms(rooms);
  }

  /**
   * Reads a manifest from text.
   *
   * @param text the document
   * @param format its format
   * @return the manifest
   * @throws ManifestException listing every problem
   */
  public static RoomManifest parse(String text, ManifestFormat format) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_BYTES) {
      throw new ManifestException(List.of("$: " + text.length() + " characters, more than the " + MAX_BYTES
          + " a manifest may have"), null);
    }
    return parse(text.getBytes(StandardCharsets.UTF_8), format);
  }

  /**
   * Reads a manifest from UTF-8 bytes.
   *
   * @param document the document
   * @param format its format
   * @return the manifest
   * @throws ManifestException listing every problem
   */
  public static RoomManifest parse(byte[] document, ManifestFormat format) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(format, "format");
    return ManifestCodec.read(document, format);
  }

  /**
   * Reads a manifest file, its format told by its extension ({@code .json}, {@code .yaml},
   * {@code .yml}).
   *
   * @param file the file
   * @return the manifest
   * @throws ManifestException if the file cannot be read, has another extension, or the document
   *     has problems
   */
  public static RoomManifest read(Path file) {
    Objects.requireNonNull(file, "file");
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    ManifestFormat format = name.endsWith(".json") ? ManifestFormat.JSON
        : name.endsWith(".yaml") || name.endsWith(".yml") ? ManifestFormat.YAML : null;
    if (format == null) {
      throw new ManifestException(List.of(file + ": unknown format; name the file *.json, *.yaml or *.yml"), null);
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ManifestException(List.of(file + ": " + size + " bytes, more than the " + MAX_BYTES
            + " a manifest may have"), null);
      }
      return parse(Files.readAllBytes(file), format);
    } catch (IOException e) {
      throw new ManifestException(List.of(file + ": cannot read it (" + e.getClass().getSimpleName() + ")"), e);
    }
  }

  /**
   * Writes the manifest; reading the text gives an equal manifest.
   *
   * @param format the format
   * @return the document
   */
  public String write(ManifestFormat format) {
    return ManifestCodec.write(this, Objects.requireNonNull(format, "format"));
  }

  /**
   * The schema version this manifest is written in: {@link #SCHEMA_VERSION}.
   *
   * @return the version
   */
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /**
   * The controller that commissions and drives the devices.
   *
   * @return the endpoint
   */
  public ControllerEndpoint controller() {
    return controller;
  }

  /**
   * The rooms, in the manifest's order.
   *
   * @return an unmodifiable list
   */
  public List<Room> rooms() {
    return rooms;
  }

  /**
   * The room with an id.
   *
   * @param id the id
   * @return the room, if the manifest has it
   */
  public Optional<Room> room(RoomId id) {
    return rooms.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /**
   * Every expected device of every room, in the manifest's order.
   *
   * @return a new list
   */
  public List<ExpectedDevice> devices() {
    List<ExpectedDevice> all = new ArrayList<>();
    rooms.forEach(r -> all.addAll(r.devices()));
    return all;
  }

  /**
   * The device with an id.
   *
   * @param id the id
   * @return the device, if the manifest has it
   */
  public Optional<ExpectedDevice> device(DeviceId id) {
    return devices().stream().filter(d -> d.id().equals(id)).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoomManifest m && controller.equals(m.controller) && rooms.equals(m.rooms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(controller, rooms);
  }

  @Override
  public String toString() {
    return "RoomManifest[schemaVersion=" + SCHEMA_VERSION + ", controller=" + controller + ", rooms=" + rooms + "]";
  }

  /**
   * Builds a {@link RoomManifest}. Not thread-safe.
   *
   * @see RoomManifest#builder()
   */
  public static final class Builder {
    private @Nullable ControllerEndpoint controller;
    private final List<Room> rooms = new ArrayList<>();

    private Builder() {}

    /**
     * The controller. Required.
     *
     * @param controller the endpoint
     * @return this builder
     */
    public Builder controller(ControllerEndpoint controller) {
      this.controller = Objects.requireNonNull(controller, "controller");
      return this;
    }

    /**
     * Replaces the rooms.
     *
     * @param rooms the rooms, in order
     * @return this builder
     */
    public Builder rooms(List<Room> rooms) {
      this.rooms.clear();
      rooms.forEach(this::addRoom);
      return this;
    }

    /**
     * Adds a room.
     *
     * @param room the room
     * @return this builder
     */
    public Builder addRoom(Room room) {
      rooms.add(Objects.requireNonNull(room, "room"));
      return this;
    }

    /**
     * Builds the manifest.
     *
     * @return the manifest
     * @throws ManifestException if the controller or every room is missing, an id repeats, or
     *     there are too many rooms or devices
     */
    public RoomManifest build() {
      List<String> problems = new ArrayList<>();
      if (controller == null) {
        problems.add("$.controller: required");
      }
      if (rooms.isEmpty()) {
        problems.add("$.rooms: a manifest lists at least one room");
      }
      if (rooms.size() > MAX_ROOMS) {
        problems.add("$.rooms: " + rooms.size() + " rooms, more than " + MAX_ROOMS);
      }
      Map<RoomId, Integer> roomAt = new HashMap<>();
      Map<DeviceId, String> deviceAt = new HashMap<>();
      int devices = 0;
      for (int r = 0; r < rooms.size(); r++) {
        Room room = rooms.get(r);
        Integer before = roomAt.putIfAbsent(room.id(), r);
        if (before != null) {
          problems.add("$.rooms[" + r + "].id: room '" + room.id() + "' is already $.rooms[" + before + "]");
        }
        for (int d = 0; d < room.devices().size(); d++) {
          String at = "$.rooms[" + r + "].devices[" + d + "]";
          String earlier = deviceAt.putIfAbsent(room.devices().get(d).id(), at);
          if (earlier != null) {
            problems.add(at + ".id: device '" + room.devices().get(d).id() + "' is already " + earlier
                + " (device ids are unique across the manifest)");
          }
          devices++;
        }
      }
      if (devices > MAX_DEVICES) {
        problems.add("$.rooms: " + devices + " devices, more than " + MAX_DEVICES);
      }
      if (!problems.isEmpty() || controller == null) {
        throw new ManifestException(problems, null);
      }
      return new RoomManifest(controller, rooms);
    }
  }
}
