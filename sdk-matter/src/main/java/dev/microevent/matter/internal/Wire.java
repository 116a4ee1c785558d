package dev.microevent.matter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import dev.microevent.matter.AttributePath;
import dev.microevent.matter.AttributeUpdate;
import dev.microevent.matter.CommissioningWindow;
import dev.microevent.matter.MatterFabricId;
import dev.microevent.matter.MatterNode;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.MatterProtocolException;
import dev.microevent.matter.MatterValue;
import dev.microevent.matter.MatterWriteException;
import dev.microevent.matter.NodeEvent;
import dev.microevent.matter.ServerInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Matter Server WebSocket API on the wire: reads every server message (results, errors,
 * events, server info, node dumps) into typed values and writes commands. Everything it is given
 * is outside input: whatever the text, it returns a value or throws {@link
 * MatterProtocolException}, never a Jackson or JDK exception. Unknown fields and events are
 * skipped and reported to the {@link Unknowns} sink.
 *
 * <p>Thread-safe.
 */
final class Wire {
  /** Where skipped unknown things are reported (kind: field, event, message, attribute). */
  interface Unknowns {
    void unknown(String kind);
  }

  static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final int MAX_EXCERPT = 80;
  private static final Set<String> ENVELOPE = Set.of("message_id", "result", "error_code", "details", "event", "data");
  private static final Set<String> NODE_FIELDS = Set.of("node_id", "date_commissioned", "last_interview",
      "interview_version", "available", "is_bridge", "attributes", "attribute_subscriptions");
  private static final Set<String> INFO_FIELDS = Set.of("fabric_id", "compressed_fabric_id", "schema_version",
      "min_supported_schema_version", "sdk_version", "wifi_credentials_set", "thread_credentials_set",
      "bluetooth_enabled");
  private static final Set<String> NODE_EVENT_FIELDS = Set.of("node_id", "endpoint_id", "cluster_id", "event_id",
      "event_number", "priority", "timestamp", "timestamp_type", "data");

  private final Unknowns unknowns;

  Wire(Unknowns unknowns) {
    this.unknowns = unknowns;
  }

  // ------------------------------------------------------------------ messages

  /** A message from the server. */
  sealed interface Message {}

  /** The unprompted (or pushed) server information. */
  record Info(ServerInfo info) implements Message {}

  /** A command's result, decoded later by the command's own reader. */
  record Result(String messageId, JsonNode result) implements Message {}

  /** A command's error. */
  record Failure(String messageId, long errorCode, String details) implements Message {}

  /** {@code node_added} / {@code node_updated}. */
  record NodeData(boolean added, MatterNode node) implements Message {}

  /** {@code node_removed}. */
  record NodeRemoved(MatterNodeId nodeId) implements Message {}

  /** {@code attribute_updated}. */
  record AttributeChanged(AttributeUpdate update) implements Message {}

  /** {@code node_event}. */
  record NodeEventMessage(NodeEvent event) implements Message {}

  /** {@code server_info_updated}. */
  record InfoUpdated(ServerInfo info) implements Message {}

  /** {@code server_shutdown}. */
  record Shutdown() implements Message {}

  /** Known but of no use to the client ({@code endpoint_added}, ...), or unknown: skipped. */
  record Skipped(String what) implements Message {}

  /**
   * Reads one text message from the server.
   *
   * @param text the WebSocket text frame
   * @return the message
   * @throws MatterProtocolException if it is not a message of the protocol
   */
  Message decode(String text) {
    JsonNode root = tree(text);
    if (!root.isObject()) {
      throw protocol("a message is a JSON object, got " + kindOf(root), null);
    }
    JsonNode id = root.get("message_id");
    if (id != null && !id.isNull()) {
      String messageId = id.isTextual() ? id.textValue() : id.isIntegralNumber() ? id.asText() : null;
      if (messageId == null) {
        throw protocol("message_id must be text, got " + kindOf(id), null);
      }
      countUnknown(root, ENVELOPE, "field");
      JsonNode code = root.get("error_code");
      if (code != null && !code.isNull()) {
        if (!code.isIntegralNumber() || !code.canConvertToLong()) {
          throw protocol("error_code must be an integer, got " + kindOf(code), null);
        }
        JsonNode details = root.get("details");
        String d = details == null || details.isNull() ? "" : details.isTextual() ? details.textValue() : details.toString();
        return new Failure(messageId, code.longValue(), d);
      }
      JsonNode result = root.get("result");
      return new Result(messageId, result == null ? JsonNodeFactory.instance.nullNode() : result);
    }
    JsonNode event = root.get("event");
    if (event != null) {
      if (!event.isTextual()) {
        throw protocol("event must be text, got " + kindOf(event), null);
      }
      countUnknown(root, ENVELOPE, "field");
      JsonNode data = root.get("data");
      return event(event.textValue(), data == null ? JsonNodeFactory.instance.nullNode() : data);
    }
    if (root.has("schema_version") || root.has("fabric_id")) {
      return new Info(serverInfo(root));
    }
    unknowns.unknown("message");
    return new Skipped("message");
  }

  private Message event(String name, JsonNode data) {
    return switch (name) {
      case "node_added" -> new NodeData(true, node(data));
      case "node_updated" -> new NodeData(false, node(data));
      case "node_removed" -> new NodeRemoved(nodeId(data, "node_removed data"));
      case "attribute_updated" -> new AttributeChanged(attributeUpdate(data));
      case "node_event" -> new NodeEventMessage(nodeEvent(data));
      case "server_info_updated" -> new InfoUpdated(serverInfo(data));
      case "server_shutdown" -> new Shutdown();
      case "endpoint_added", "endpoint_removed" -> new Skipped(name); // a node_updated follows
      default -> {
        unknowns.unknown("event");
        yield new Skipped("unknown event");
      }
    };
  }

  /** The core's strict reader: bounded size, depth and numbers; a member named twice is refused. */
  private static JsonNode tree(String text) {
    try {
      return Json.readStrictTree(text.getBytes(StandardCharsets.UTF_8));
    } catch (ResponseMappingException e) {
      throw protocol("the message is not JSON: " + firstLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      // Whatever else the parser throws, the input is bad.
      throw protocol("the message could not be read: " + firstLine(String.valueOf(e.getMessage())), e);
    }
  }

  // ------------------------------------------------------------------ values

  /**
   * A node ({@code MatterNodeData}).
   *
   * @param data the object
   * @return the node
   * @throws MatterProtocolException if a known field has the wrong type or the id is invalid
   */
  MatterNode node(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("a node is an object, got " + kindOf(data), null);
    }
    countUnknown(data, NODE_FIELDS, "field");
    MatterNode.Builder b = MatterNode.builder(nodeId(data.get("node_id"), "node_id"))
        .available(bool(data, "available"))
        .bridge(bool(data, "is_bridge"))
        .interviewVersion(int32(data, "interview_version", 0))
        .dateCommissioned(time(data, "date_commissioned"))
        .lastInterview(time(data, "last_interview"));
    JsonNode attributes = data.get("attributes");
    if (attributes != null && !attributes.isNull()) {
      if (!attributes.isObject()) {
        throw protocol("a node's attributes are an object, got " + kindOf(attributes), null);
      }
      for (Map.Entry<String, JsonNode> e : attributes.properties()) {
        AttributePath path = AttributePath.tryParse(e.getKey()).orElse(null);
        if (path == null || !path.isConcrete()) {
          unknowns.unknown("attribute");
          continue;
        }
        b.putAttribute(path, value(e.getValue()));
      }
    }
    return b.build();
  }

  /** A list of nodes. */
  List<MatterNode> nodes(JsonNode data) {
    if (!data.isArray()) {
      throw protocol("a node list is an array, got " + kindOf(data), null);
    }
    List<MatterNode> nodes = new ArrayList<>(data.size());
    for (JsonNode n : data) {
      nodes.add(node(n));
    }
    return nodes;
  }

  /** The server-info object. */
  ServerInfo serverInfo(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("server info is an object, got " + kindOf(data), null);
    }
    countUnknown(data, INFO_FIELDS, "field");
    JsonNode sdk = data.get("sdk_version");
    return new ServerInfo(MatterFabricId.of(u64(data.get("fabric_id"), "fabric_id", true)),
        MatterFabricId.of(u64(data.get("compressed_fabric_id"), "compressed_fabric_id", true)),
        int32(data, "schema_version", -1), int32(data, "min_supported_schema_version", -1),
        sdk != null && sdk.isTextual() ? bounded(sdk.textValue()) : "",
        bool(data, "wifi_credentials_set"), bool(data, "thread_credentials_set"), bool(data, "bluetooth_enabled"));
  }

  private AttributeUpdate attributeUpdate(JsonNode data) {
    if (!data.isArray() || data.size() < 3) {
      throw protocol("attribute_updated data is [node_id, path, value], got " + kindOf(data), null);
    }
    JsonNode p = data.get(1);
    AttributePath path = p.isTextual() ? AttributePath.tryParse(p.textValue()).orElse(null) : null;
    if (path == null || !path.isConcrete()) {
      throw protocol("attribute_updated path must be a concrete endpoint/cluster/attribute", null);
    }
    return new AttributeUpdate(nodeId(data.get(0), "attribute_updated node id"), path, value(data.get(2)));
  }

  private NodeEvent nodeEvent(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("node_event data is an object, got " + kindOf(data), null);
    }
    countUnknown(data, NODE_EVENT_FIELDS, "field");
    JsonNode d = data.get("data");
    return new NodeEvent(nodeId(data.get("node_id"), "node_event node_id"),
        (int) range(data, "endpoint_id", 0, 0xFFFF), range(data, "cluster_id", 0, 0xFFFF_FFFFL),
        range(data, "event_id", 0, 0xFFFF_FFFFL), u64(data.get("event_number"), "event_number", true),
        (int) range(data, "priority", 0, 0xFF), int64(data, "timestamp"),
        (int) range(data, "timestamp_type", 0, 0xFF), d == null ? MatterValue.ofNull() : value(d));
  }

  /** {@code read_attribute}'s result: path to value. */
  Map<AttributePath, MatterValue> attributeValues(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("read_attribute's result is an object of path to value, got " + kindOf(data), null);
    }
    Map<AttributePath, MatterValue> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      AttributePath path = AttributePath.tryParse(e.getKey()).orElse(null);
      if (path == null || !path.isConcrete()) {
        unknowns.unknown("attribute");
        continue;
      }
      values.put(path, value(e.getValue()));
    }
    return values;
  }

  /**
   * Checks {@code write_attribute}'s result: a list of {@code {Path, Status}}; a non-zero status is
   * the node's refusal.
   *
   * @throws MatterWriteException if the node refused
   */
  void writeStatus(AttributePath path, JsonNode data) {
    if (!data.isArray()) {
      if (!data.isNull()) {
        unknowns.unknown("result");
      }
      return;
    }
    for (JsonNode entry : data) {
      JsonNode status = entry.isObject() ? entry.get("Status") : null;
      if (status == null) {
        unknowns.unknown("result");
        continue;
      }
      if (!status.isIntegralNumber() || !status.canConvertToInt()) {
        throw protocol("write_attribute Status must be an integer, got " + kindOf(status), null);
      }
      if (status.intValue() != 0) {
        throw new MatterWriteException(path, status.intValue());
      }
    }
  }

  /** {@code ping_node}'s result: address to reachable. */
  Map<String, Boolean> pingResult(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("ping_node's result is an object of address to boolean, got " + kindOf(data), null);
    }
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      if (!e.getValue().isBoolean()) {
        throw protocol("ping_node's result maps each address to a boolean, got " + kindOf(e.getValue()), null);
      }
      out.put(bounded(e.getKey()), e.getValue().booleanValue());
    }
    return out;
  }

  /** {@code open_commissioning_window}'s result. */
  CommissioningWindow window(JsonNode data) {
    if (!data.isObject()) {
      throw protocol("open_commissioning_window's result is an object, got " + kindOf(data), null);
    }
    JsonNode manual = data.get("setup_manual_code");
    JsonNode qr = data.get("setup_qr_code");
    if (manual == null || !manual.isTextual() || qr == null || !qr.isTextual()) {
      throw protocol("open_commissioning_window's result needs setup_manual_code and setup_qr_code text", null);
    }
    return new CommissioningWindow((int) range(data, "setup_pin_code", 0, 0x7FF_FFFF), bounded(manual.textValue()),
        bounded(qr.textValue()));
  }

  /**
   * Any JSON value as a {@link MatterValue}.
   *
   * @param node the value
   * @return it
   * @throws MatterProtocolException for a number JSON cannot carry exactly (infinite)
   */
  MatterValue value(JsonNode node) {
    return switch (node.getNodeType()) {
      case BOOLEAN -> MatterValue.of(node.booleanValue());
      case NUMBER -> number(node);
      case STRING -> MatterValue.of(node.textValue());
      case ARRAY -> {
        List<MatterValue> list = new ArrayList<>(node.size());
        for (JsonNode e : node) {
          list.add(value(e));
        }
        yield MatterValue.ofList(list);
      }
      case OBJECT -> {
        Map<String, MatterValue> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          members.put(e.getKey(), value(e.getValue()));
        }
        yield MatterValue.ofObject(members);
      }
      default -> MatterValue.ofNull();
    };
  }

  private static MatterValue number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return MatterValue.of(node.bigIntegerValue());
    }
    double d = node.doubleValue();
    if (!Double.isFinite(d)) {
      throw protocol("a number is out of range", null);
    }
    return MatterValue.of(d);
  }

  // ------------------------------------------------------------------ writing

  /**
   * A command message.
   *
   * @param messageId the id
   * @param command the command name
   * @param args its arguments, or {@code null} for none
   * @return the JSON text
   */
  String command(String messageId, String command, @Nullable ObjectNode args) {
    ObjectNode m = JsonNodeFactory.instance.objectNode().put("message_id", messageId).put("command", command);
    if (args != null) {
      m.set("args", args);
    }
    return m.toString();
  }

  /** An empty argument object. */
  static ObjectNode args() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A node id as an unsigned JSON number. */
  static JsonNode json(MatterNodeId id) {
    return unsigned(id.value());
  }

  private static JsonNode unsigned(long value) {
    return value >= 0 ? JsonNodeFactory.instance.numberNode(value)
        : JsonNodeFactory.instance.numberNode(new BigInteger(Long.toUnsignedString(value)));
  }

  /** A value as JSON. */
  static JsonNode json(MatterValue value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value.kind()) {
      case NULL -> f.nullNode();
      case BOOLEAN -> f.booleanNode(value.asBoolean().orElseThrow());
      case INTEGER -> {
        BigInteger b = value.asBigInteger().orElseThrow();
        yield b.bitLength() < 64 ? f.numberNode(b.longValue()) : f.numberNode(b);
      }
      case DECIMAL -> f.numberNode(value.asDouble().orElseThrow());
      case STRING -> f.textNode(value.asString().orElseThrow());
      case LIST -> {
        ArrayNode a = f.arrayNode();
        value.asList().orElseThrow().forEach(v -> a.add(json(v)));
        yield a;
      }
      case OBJECT -> {
        ObjectNode o = f.objectNode();
        value.asObject().orElseThrow().forEach((k, v) -> o.set(k, json(v)));
        yield o;
      }
    };
  }

  // ------------------------------------------------------------------ fields

  private MatterNodeId nodeId(@Nullable JsonNode node, String what) {
    long v = u64(node, what, false);
    if (v == 0) {
      throw protocol(what + " must be a node id (1..2^64-1), got 0", null);
    }
    return MatterNodeId.of(v);
  }

  /** An unsigned 64-bit number, as a number or decimal text. */
  private long u64(@Nullable JsonNode node, String what, boolean absentIsZero) {
    if (node == null || node.isNull()) {
      if (absentIsZero) {
        return 0;
      }
      throw protocol(what + " is missing", null);
    }
    BigInteger b;
    if (node.isIntegralNumber()) {
      b = node.bigIntegerValue();
    } else if (node.isTextual() && isDigits(node.textValue())) {
      b = new BigInteger(node.textValue());
    } else {
      throw protocol(what + " must be an unsigned 64-bit integer, got " + kindOf(node), null);
    }
    if (b.signum() < 0 || b.compareTo(MAX_U64) > 0) {
      throw protocol(what + " must be 0..2^64-1, got a value out of that range", null);
    }
    return b.longValue();
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean bool(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw protocol(field + " must be a boolean, got " + kindOf(v), null);
    }
    return v.booleanValue();
  }

  private static int int32(JsonNode obj, String field, int absent) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw protocol(field + " must be an integer, got " + kindOf(v), null);
    }
    return v.intValue();
  }

  private static long int64(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw protocol(field + " must be an integer, got " + kindOf(v), null);
    }
    return v.longValue();
  }

  private static long range(JsonNode obj, String field, long min, long max) {
    long v = int64(obj, field);
    if (v < min || v > max) {
      throw protocol(field + " must be " + min + ".." + max + ", got " + v, null);
    }
    return v;
  }

  private static @Nullable LocalDateTime time(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || !v.isTextual() || v.textValue().length() > 40) {
      return null;
    }
    try {
      return LocalDateTime.parse(v.textValue());
    } catch (DateTimeParseException e) {
      return null; // a timestamp we cannot read is unknown, not an error
    }
  }

  private void countUnknown(JsonNode obj, Set<String> known, String kind) {
    Iterator<String> names = obj.fieldNames();
    while (names.hasNext()) {
      if (!known.contains(names.next())) {
        unknowns.unknown(kind);
      }
    }
  }

  private static String bounded(String text) {
    return text.length() <= 256 ? text : text.substring(0, 256);
  }

  private static String kindOf(JsonNode node) {
    return node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstLine(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String line = text.lines().findFirst().orElse("");
    return line.length() <= MAX_EXCERPT ? line : line.substring(0, MAX_EXCERPT) + "...";
  }

  static MatterProtocolException protocol(String message, @Nullable Throwable cause) {
    return new MatterProtocolException("the Matter Server sent something the protocol does not allow: " + message,
        cause);
  }
}
