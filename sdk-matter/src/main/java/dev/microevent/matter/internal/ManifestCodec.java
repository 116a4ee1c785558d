package dev.microevent.matter.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.microevent.core.Criticality;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import dev.microevent.matter.ControllerEndpoint;
import dev.microevent.matter.DeviceId;
import dev.microevent.matter.ExpectedDevice;
import dev.microevent.matter.FirmwareVersion;
import dev.microevent.matter.ManifestException;
import dev.microevent.matter.ManifestFormat;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.ModeRule;
import dev.microevent.matter.PayloadException;
import dev.microevent.matter.Room;
import dev.microevent.matter.RoomId;
import dev.microevent.matter.RoomManifest;
import dev.microevent.matter.RoomRules;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes {@link RoomManifest} documents (JSON through the core's strict JSON reader,
 * YAML through Jackson's YAML module with the same limits). Every problem is collected with its
 * path; unknown members are errors; a newer schema version is refused before anything else.
 * Thread-safe (stateless; one reader per call).
 */
public final class ManifestCodec {
  private static final Set<String> ROOT = Set.of("schemaVersion", "controller", "rooms");
  private static final Set<String> CONTROLLER = Set.of("url");
  private static final Set<String> ROOM_V1 = Set.of("id", "name", "devices");
  private static final Set<String> DEVICE_V1 = Set.of("id", "name", "payload", "role", "nodeId");
  private static final Set<String> ROOM = Set.of("id", "name", "devices", "automation");
  private static final Set<String> DEVICE = Set.of("id", "name", "payload", "role", "nodeId", "firmware", "endpoint");
  private static final Set<String> AUTOMATION = Set.of("reduced", "criticalOnly");
  private static final Set<String> RULE = Set.of("switchOff", "dimLightsTo");
  private static final Map<String, Criticality> ROLES = Map.of("critical", Criticality.CRITICAL, "degraded",
      Criticality.DEGRADED, "non-essential", Criticality.NON_ESSENTIAL);
  private static final BigInteger MAX_NODE_ID = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final int MAX_PROBLEMS = 100;
  private static final ControllerEndpoint PLACEHOLDER = ControllerEndpoint.of(URI.create("ws://placeholder/ws"));

  private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH)
              .maxStringLength(RoomManifest.MAX_BYTES).maxNumberLength(100)
              .maxDocumentLength(RoomManifest.MAX_BYTES).build())
          .build())
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();
  private static final ObjectReader YAML_TREE =
      YAML.readerFor(JsonNode.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final List<String> problems = new ArrayList<>();
  private int version = RoomManifest.SCHEMA_VERSION;

  private ManifestCodec() {}

  /**
   * Reads a document.
   *
   * @param document UTF-8 bytes
   * @param format JSON or YAML
   * @return the manifest
   * @throws ManifestException listing every problem
   */
  public static RoomManifest read(byte[] document, ManifestFormat format) {
    if (document.length > RoomManifest.MAX_BYTES) {
      throw new ManifestException(List.of("$: " + document.length + " bytes, more than the " + RoomManifest.MAX_BYTES
          + " a manifest may have"), null);
    }
    JsonNode root = tree(document, format);
    return new ManifestCodec().manifest(root);
  }

  /**
   * Writes a manifest.
   *
   * @param manifest the manifest
   * @param format JSON or YAML
   * @return the document
   */
  public static String write(RoomManifest manifest, ManifestFormat format) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("schemaVersion", manifest.schemaVersion());
    root.putObject("controller").put("url", manifest.controller().uri().toString());
    ArrayNode rooms = root.putArray("rooms");
    for (Room room : manifest.rooms()) {
      ObjectNode r = rooms.addObject().put("id", room.id().value()).put("name", room.name());
      ArrayNode devices = r.putArray("devices");
      for (ExpectedDevice d : room.devices()) {
        ObjectNode n = devices.addObject().put("id", d.id().value()).put("name", d.name())
            .put("payload", d.pairingCode()).put("role", roleName(d.role()));
        d.nodeId().ifPresent(id -> n.put("nodeId", id.toString()));
        d.firmware().ifPresent(f -> {
          if (f.number().isPresent()) {
            n.put("firmware", f.number().getAsLong());
          } else {
            n.put("firmware", f.toString());
          }
        });
        if (d.endpoint() != ExpectedDevice.DEFAULT_ENDPOINT) {
          n.put("endpoint", d.endpoint());
        }
      }
      if (!room.rules().isNone()) {
        ObjectNode a = r.putObject("automation");
        rule(a.putObject("reduced"), room.rules().reduced());
        rule(a.putObject("criticalOnly"), room.rules().criticalOnly());
      }
    }
    try {
      return format == ManifestFormat.JSON
          ? Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n"
          : YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static void rule(ObjectNode n, ModeRule rule) {
    ArrayNode off = n.putArray("switchOff");
    for (Criticality c : Criticality.values()) {
      if (rule.switchOff().contains(c)) {
        off.add(roleName(c));
      }
    }
    n.put("dimLightsTo", rule.dimLightsTo());
  }

  /**
   * The manifest word for a role.
   *
   * @param role the role
   * @return {@code critical}, {@code degraded} or {@code non-essential}
   */
  public static String roleName(Criticality role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static JsonNode tree(byte[] document, ManifestFormat format) {
    if (document.length == 0) {
      throw new ManifestException(List.of("$: the document is empty"), null);
    }
    if (format == ManifestFormat.JSON) {
      try {
        return Json.readStrictTree(document);
      } catch (ResponseMappingException e) {
        throw new ManifestException(List.of("$: not a JSON document: " + e.getMessage()), e);
      }
    }
    try {
      JsonNode tree = YAML_TREE.readValue(document);
      if (tree == null || tree.isMissingNode()) {
        throw new ManifestException(List.of("$: the document is empty"), null);
      }
      return tree;
    } catch (IOException e) {
      String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      String line = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
      throw new ManifestException(List.of("$: not a YAML document: "
          + (line.length() > 200 ? line.substring(0, 200) + "..." : line)), e);
    }
  }

  private RoomManifest manifest(JsonNode root) {
    if (!root.isObject()) {
      throw new ManifestException(List.of("$: expected an object with schemaVersion, controller and rooms"), null);
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
      throw new ManifestException(List.of("$.schemaVersion: required, an integer (this SDK reads "
          + RoomManifest.SCHEMA_VERSION + ")"), null);
    }
    if (version.intValue() > RoomManifest.SCHEMA_VERSION) {
      throw new ManifestException(List.of("$.schemaVersion: " + version.intValue()
          + " is newer than this SDK reads (" + RoomManifest.SCHEMA_VERSION
          + "); upgrade the SDK, or write the manifest in schema version " + RoomManifest.SCHEMA_VERSION), null);
    }
    if (version.intValue() < 1) {
      throw new ManifestException(List.of("$.schemaVersion: " + version.intValue() + " is not a schema version"
          + " (this SDK reads " + RoomManifest.SCHEMA_VERSION + ")"), null);
    }
    this.version = version.intValue();
    onlyKnown(root, ROOT, "$");
    ControllerEndpoint controller = controller(root.get("controller"));
    List<Room> rooms = rooms(root.get("rooms"));
    try {
      // The builder's own rules (at least one room, unique ids) run even when the controller is
      // missing, so that one pass names every problem.
      RoomManifest manifest = RoomManifest.builder().controller(controller == null ? PLACEHOLDER : controller)
          .rooms(rooms).build();
      if (problems.isEmpty()) {
        return manifest;
      }
    } catch (ManifestException e) {
      e.problems().forEach(p -> problem(p, null));
    }
    throw new ManifestException(problems, null);
  }

  private @Nullable ControllerEndpoint controller(@Nullable JsonNode node) {
    String path = "$.controller";
    JsonNode n = object(node, path);
    if (n == null) {
      return null;
    }
    onlyKnown(n, CONTROLLER, path);
    String url = text(n, "url", path, true, 2048);
    if (url == null) {
      return null;
    }
    try {
      return ControllerEndpoint.of(URI.create(url));
    } catch (IllegalArgumentException e) {
      problem(path + ".url", java.util.Objects.toString(e.getMessage(), "invalid"));
      return null;
    }
  }

  private List<Room> rooms(@Nullable JsonNode n) {
    List<Room> rooms = new ArrayList<>();
    if (n == null || !n.isArray()) {
      problem("$.rooms", "required, a list of rooms");
      return rooms;
    }
    if (n.size() > RoomManifest.MAX_ROOMS) {
      problem("$.rooms", n.size() + " rooms, more than " + RoomManifest.MAX_ROOMS);
      return rooms;
    }
    int devices = 0;
    for (int i = 0; i < n.size(); i++) {
      JsonNode list = n.get(i).get("devices");
      devices += list != null && list.isArray() ? list.size() : 0;
    }
    if (devices > RoomManifest.MAX_DEVICES) {
      problem("$.rooms", devices + " devices, more than " + RoomManifest.MAX_DEVICES);
      return rooms;
    }
    for (int i = 0; i < n.size() && problems.size() < MAX_PROBLEMS; i++) {
      Room room = room(n.get(i), "$.rooms[" + i + "]");
      if (room != null) {
        rooms.add(room);
      }
    }
    return rooms;
  }

  private @Nullable Room room(JsonNode node, String path) {
    JsonNode n = object(node, path);
    if (n == null) {
      return null;
    }
    int before = problems.size();
    onlyKnown(n, version >= 2 ? ROOM : ROOM_V1, path);
    RoomId id = id(n, path, RoomId::of);
    String name = name(n, path);
    List<ExpectedDevice> devices = new ArrayList<>();
    JsonNode list = n.get("devices");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        problem(path + ".devices", "expected a list of devices");
      } else {
        for (int i = 0; i < list.size() && problems.size() < MAX_PROBLEMS; i++) {
          ExpectedDevice d = device(list.get(i), path + ".devices[" + i + "]");
          if (d != null) {
            devices.add(d);
          }
        }
      }
    }
    RoomRules rules = rules(n.get("automation"), path + ".automation");
    if (id == null || problems.size() != before) {
      return null;
    }
    Room.Builder b = Room.builder().id(id).devices(devices).rules(rules);
    if (name != null) {
      b.name(name);
    }
    return b.build();
  }

  private @Nullable ExpectedDevice device(JsonNode node, String path) {
    JsonNode n = object(node, path);
    if (n == null) {
      return null;
    }
    int before = problems.size();
    onlyKnown(n, version >= 2 ? DEVICE : DEVICE_V1, path);
    DeviceId id = id(n, path, DeviceId::of);
    String name = name(n, path);
    ExpectedDevice.Builder b = ExpectedDevice.builder();
    JsonNode payload = n.get("payload");
    if (payload != null && payload.isNumber()) {
      problem(path + ".payload", "must be a string: quote the code (as a number a manual code loses its leading"
          + " zeros)");
    } else {
      String code = text(n, "payload", path, true, 4096);
      if (code != null) {
        try {
          b.pairingCode(code);
        } catch (PayloadException e) {
          problem(path + ".payload", e.getMessage() + " [" + e.problem() + "]");
        }
      }
    }
    String roleName = text(n, "role", path, true, 64);
    if (roleName != null) {
      Criticality role = ROLES.get(roleName);
      if (role == null) {
        problem(path + ".role", "expected one of critical, degraded, non-essential");
      } else {
        b.role(role);
      }
    }
    b.nodeId(nodeId(n.get("nodeId"), path + ".nodeId"));
    b.firmware(firmware(n.get("firmware"), path + ".firmware"));
    JsonNode endpoint = n.get("endpoint");
    if (endpoint != null && !endpoint.isNull()) {
      if (endpoint.isIntegralNumber() && endpoint.canConvertToInt() && endpoint.intValue() >= 0
          && endpoint.intValue() <= ExpectedDevice.MAX_ENDPOINT) {
        b.endpoint(endpoint.intValue());
      } else {
        problem(path + ".endpoint", "expected an endpoint number 0.." + ExpectedDevice.MAX_ENDPOINT);
      }
    }
    if (id == null || problems.size() != before) {
      return null;
    }
    b.id(id);
    if (name != null) {
      b.name(name);
    }
    return b.build();
  }

  private @Nullable FirmwareVersion firmware(@Nullable JsonNode n, String path) {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      if (n.isIntegralNumber() && n.canConvertToLong()) {
        return FirmwareVersion.ofNumber(n.longValue());
      }
      if (n.isTextual()) {
        return FirmwareVersion.ofText(n.asText());
      }
    } catch (IllegalArgumentException e) {
      problem(path, java.util.Objects.toString(e.getMessage(), "invalid"));
      return null;
    }
    problem(path, "expected a version number (SoftwareVersion) or a version text (SoftwareVersionString)");
    return null;
  }

  private RoomRules rules(@Nullable JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return RoomRules.NONE;
    }
    JsonNode n = object(node, path);
    if (n == null) {
      return RoomRules.NONE;
    }
    onlyKnown(n, AUTOMATION, path);
    ModeRule reduced = rule(n.get("reduced"), path + ".reduced");
    JsonNode critical = n.get("criticalOnly");
    ModeRule criticalOnly = critical == null || critical.isNull() ? reduced : rule(critical, path + ".criticalOnly");
    return new RoomRules(reduced, criticalOnly);
  }

  private ModeRule rule(@Nullable JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return ModeRule.NONE;
    }
    JsonNode n = object(node, path);
    if (n == null) {
      return ModeRule.NONE;
    }
    onlyKnown(n, RULE, path);
    Set<Criticality> off = EnumSet.noneOf(Criticality.class);
    JsonNode list = n.get("switchOff");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        problem(path + ".switchOff", "expected a list of roles, e.g. [non-essential]");
      } else {
        for (int i = 0; i < list.size(); i++) {
          Criticality role = list.get(i).isTextual() ? ROLES.get(list.get(i).asText()) : null;
          if (role == null || role == Criticality.CRITICAL) {
            problem(path + ".switchOff[" + i + "]", "expected non-essential or degraded (critical devices are never"
                + " switched off)");
          } else {
            off.add(role);
          }
        }
      }
    }
    int dim = 100;
    JsonNode d = n.get("dimLightsTo");
    if (d != null && !d.isNull()) {
      if (d.isIntegralNumber() && d.canConvertToInt() && d.intValue() >= 1 && d.intValue() <= 100) {
        dim = d.intValue();
      } else {
        problem(path + ".dimLightsTo", "expected a percentage 1..100 (100 leaves lights as they are)");
      }
    }
    return ModeRule.of(off, dim);
  }

  private @Nullable MatterNodeId nodeId(@Nullable JsonNode n, String path) {
    if (n == null || n.isNull()) {
      return null;
    }
    BigInteger value = null;
    if (n.isIntegralNumber()) {
      value = n.bigIntegerValue();
    } else if (n.isTextual() && n.asText().matches("[0-9]{1,20}")) {
      value = new BigInteger(n.asText());
    }
    if (value == null || value.signum() <= 0 || value.compareTo(MAX_NODE_ID) > 0) {
      problem(path, "expected a node id, an unsigned 64-bit integer above 0 (as a number or a decimal string)");
      return null;
    }
    return MatterNodeId.of(value.longValue());
  }

  private interface IdFactory<T> {
    T of(String value);
  }

  private <T> @Nullable T id(JsonNode n, String path, IdFactory<T> factory) {
    String value = text(n, "id", path, true, 64);
    if (value == null) {
      return null;
    }
    try {
      return factory.of(value);
    } catch (IllegalArgumentException e) {
      problem(path + ".id", java.util.Objects.toString(e.getMessage(), "invalid"));
      return null;
    }
  }

  private @Nullable String name(JsonNode n, String path) {
    String name = text(n, "name", path, false, Room.MAX_NAME_LENGTH);
    if (name != null && (name.isBlank() || name.chars().anyMatch(Character::isISOControl))) {
      problem(path + ".name", "must not be blank or hold control characters");
      return null;
    }
    return name;
  }

  private @Nullable String text(JsonNode parent, String field, String path, boolean required, int maxLength) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problem(path + "." + field, "required");
      }
      return null;
    }
    if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > maxLength) {
      problem(path + "." + field, "expected a non-empty string of at most " + maxLength + " characters");
      return null;
    }
    return n.asText();
  }

  /** The node if it is an object, else null with the problem noted. */
  private @Nullable JsonNode object(@Nullable JsonNode n, String path) {
    if (n == null || n.isNull()) {
      problem(path, "required");
      return null;
    }
    if (!n.isObject()) {
      problem(path, "expected an object");
      return null;
    }
    return n;
  }

  private void onlyKnown(JsonNode n, Set<String> known, String path) {
    for (Map.Entry<String, JsonNode> member : n.properties()) {
      if (!known.contains(member.getKey())) {
        String key = member.getKey();
        problem(path + "." + (key.length() > 64 ? key.substring(0, 64) + "..." : key), "unknown member (known: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  /** Notes a problem: at a path with what is wrong, or (what null) a complete problem line. */
  private void problem(String path, @Nullable String what) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(what == null ? path : path + ": " + what);
    } else if (problems.size() == MAX_PROBLEMS) {
      problems.add("... more problems not listed");
    }
  }
}
