package dev.microevent.testkit.matter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import org.jspecify.annotations.Nullable;

/**
 * A fake Matter Server (python-matter-server / matterjs-server WebSocket API) on loopback: the real
 * envelope ({@code message_id}/{@code command}/{@code args}, {@code result}, {@code error_code}/{@code
 * details}, {@code event}/{@code data}), the server info sent unprompted on connect, node dumps in
 * the real format (attribute paths {@code endpoint/cluster/attribute}, structs keyed by field id,
 * bridges, node ids above 2^63 as raw JSON numbers), and the commands a controller client uses:
 * {@code server_info}, {@code start_listening}, {@code get_nodes}, {@code get_node}, {@code
 * commission_with_code}, {@code open_commissioning_window}, {@code read_attribute} (wildcards too),
 * {@code write_attribute}, {@code device_command} (OnOff and LevelControl act on the node), {@code
 * remove_node}, {@code ping_node}. Anything else answers error 9.
 *
 * <pre>{@code
 * try (FakeMatterController server = FakeMatterController.start()) {
 *   server.addNode(FakeMatterNode.bridge(Long.parseUnsignedLong("18446744069414584321"), 2));
 *   server.commissionable("34970112332", FakeMatterNode.onOffLight(1));
 *   server.dropConnectionOn("commission_with_code");       // a fault: the socket drops mid-command
 *   MatterClient client = MatterClient.builder().client(core).controller(server.url()).build();
 *   ...
 *   assertThat(server.commands()).extracting(RecordedMatterCommand::command).contains("start_listening");
 * }
 * }</pre>
 *
 * <p>Faults: {@link #failNext}, {@link #dropConnectionOn}, {@link #delayAnswers}, {@link
 * #dropConnections}, {@link #answerNextRaw}, {@link #serverSchema}. Events: node changes made
 * through this class are pushed to listening connections; {@link #emitRaw} sends anything. It uses
 * its own types (no SDK module's), so it exercises other clients as well. Thread-safe.
 */
public final class FakeMatterController implements AutoCloseable {
  /** The schema version the fake speaks unless told otherwise (matterjs-server's). */
  public static final int SCHEMA_VERSION = 13;
  /** The oldest client schema the fake accepts unless told otherwise. */
  public static final int MIN_SUPPORTED_SCHEMA_VERSION = 11;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> COMMANDS = Set.of("server_info", "start_listening", "get_nodes", "get_node",
      "commission_with_code", "open_commissioning_window", "read_attribute", "write_attribute", "device_command",
      "remove_node", "ping_node");

  private final ObjectMapper json = new ObjectMapper();
  private final MockWebServer server = new MockWebServer();
  private final ScheduledExecutorService delays;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  // Guarded by this.
  private final Map<Long, NodeRecord> nodes = new LinkedHashMap<>();
  private final Map<String, FakeMatterNode> commissionable = new HashMap<>();
  private final Map<String, Deque<ObjectNode>> scriptedAnswers = new HashMap<>();
  private final Map<String, Integer> dropOn = new HashMap<>();
  private final Map<String, Duration> answerDelays = new HashMap<>();
  private final List<RecordedMatterCommand> commands = new ArrayList<>();
  private int schema = SCHEMA_VERSION;
  private int minSchema = MIN_SUPPORTED_SCHEMA_VERSION;
  private long fabricId = Long.parseUnsignedLong("14568610893607323429");
  private long nextNodeId = 1;

  private static final class NodeRecord {
    final long id;
    final boolean bridge;
    boolean available;
    final Map<String, @Nullable Object> attributes;

    NodeRecord(FakeMatterNode n) {
      this.id = n.nodeId();
      this.bridge = n.bridge();
      this.available = n.available();
      this.attributes = new LinkedHashMap<>(n.attributes());
    }
  }

  private FakeMatterController() throws IOException {
    AtomicInteger n = new AtomicInteger();
    this.delays = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-matter-delays-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!"/ws".equals(request.getUrl().encodedPath())) {
          return new MockResponse.Builder().code(404).build();
        }
        return new MockResponse.Builder().webSocketUpgrade(new Connection()).build();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /**
   * Starts a fake Matter Server on an ephemeral loopback port.
   *
   * @return the running fake; close it when done
   * @throws IllegalStateException if no loopback port could be opened
   */
  public static FakeMatterController start() {
    try {
      return new FakeMatterController();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the fake Matter Server on loopback", e);
    }
  }

  /** {@return the WebSocket URL, {@code ws://127.0.0.1:<port>/ws}} */
  public URI url() {
    return URI.create("ws://" + server.getHostName() + ":" + server.getPort() + "/ws");
  }

  // ------------------------------------------------------------------ configuration

  /**
   * The schema the server info announces; for the next connections.
   *
   * @param schemaVersion {@code schema_version}
   * @param minSupported {@code min_supported_schema_version}
   */
  public synchronized void serverSchema(int schemaVersion, int minSupported) {
    this.schema = schemaVersion;
    this.minSchema = minSupported;
  }

  /**
   * The fabric id the server info announces (unsigned 64-bit; default 14568610893607323429).
   *
   * @param id the 64 bits, unsigned
   */
  public synchronized void fabricId(long id) {
    this.fabricId = id;
  }

  /**
   * Adds a commissioned node, or replaces one with the same id; listening connections hear {@code
   * node_added} (or {@code node_updated}).
   *
   * @param node the node
   */
  public void addNode(FakeMatterNode node) {
    Objects.requireNonNull(node, "node");
    ObjectNode data;
    boolean added;
    synchronized (this) {
      added = nodes.put(node.nodeId(), new NodeRecord(node)) == null;
      data = nodeJson(Objects.requireNonNull(nodes.get(node.nodeId())));
    }
    broadcast(event(added ? "node_added" : "node_updated", data));
  }

  /**
   * Removes a node; listening connections hear {@code node_removed}.
   *
   * @param nodeId the node id's 64 bits, unsigned
   */
  public void removeNode(long nodeId) {
    synchronized (this) {
      if (nodes.remove(nodeId) == null) {
        return;
      }
    }
    broadcast(event("node_removed", unsigned(nodeId)));
  }

  /**
   * Makes a node reachable or not; listening connections hear {@code node_updated}.
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @param available whether the server reaches it
   */
  public void setAvailable(long nodeId, boolean available) {
    ObjectNode data;
    synchronized (this) {
      NodeRecord r = record(nodeId);
      r.available = available;
      data = nodeJson(r);
    }
    broadcast(event("node_updated", data));
  }

  /**
   * Changes an attribute; listening connections hear {@code attribute_updated}.
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @param path {@code "endpoint/cluster/attribute"}
   * @param value the new value
   */
  public void updateAttribute(long nodeId, String path, @Nullable Object value) {
    synchronized (this) {
      record(nodeId).attributes.put(path, value);
    }
    broadcast(attributeEvent(nodeId, path, value));
  }

  /**
   * Makes a device commissionable with a pairing code: {@code commission_with_code} with exactly
   * this code (a QR text or the manual digits) adds it under the next free node id.
   *
   * @param code the code the client will send
   * @param device the node it becomes (its id is replaced)
   */
  public synchronized void commissionable(String code, FakeMatterNode device) {
    commissionable.put(Objects.requireNonNull(code, "code"), Objects.requireNonNull(device, "device"));
  }

  /**
   * The node ids given to commissioned devices start here (unsigned; default 1).
   *
   * @param id the 64 bits, unsigned
   */
  public synchronized void nextNodeId(long id) {
    this.nextNodeId = id;
  }

  /**
   * A node as the fake holds it now.
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @return its attributes, or {@code null} if there is no such node
   */
  public synchronized @Nullable Map<String, @Nullable Object> attributesOf(long nodeId) {
    NodeRecord r = nodes.get(nodeId);
    return r == null ? null : new LinkedHashMap<>(r.attributes);
  }

  // ------------------------------------------------------------------ faults

  /**
   * Answers the next command of this name with an error.
   *
   * @param command e.g. {@code device_command}
   * @param errorCode the {@code error_code} (e.g. 3 NodeNotReady)
   * @param details the details text
   */
  public synchronized void failNext(String command, int errorCode, String details) {
    scriptedAnswers.computeIfAbsent(command, k -> new ArrayDeque<>())
        .add(F.objectNode().put("error_code", errorCode).put("details", details));
  }

  /**
   * Answers the next command of this name with this raw result (any JSON, e.g. a malformed one).
   *
   * @param command the command
   * @param rawResult the {@code result} value as JSON text
   * @throws IllegalArgumentException if the text is not JSON
   */
  public synchronized void answerNextRaw(String command, String rawResult) {
    JsonNode result;
    try {
      result = json.readTree(rawResult);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the raw result must be JSON", e);
    }
    ObjectNode answer = F.objectNode();
    answer.set("result", result);
    scriptedAnswers.computeIfAbsent(command, k -> new ArrayDeque<>()).add(answer);
  }

  /**
   * Drops the connection (abruptly, no close frame) when the next command of this name arrives,
   * before answering it: a dropped socket mid-command.
   *
   * @param command the command
   */
  public synchronized void dropConnectionOn(String command) {
    dropOn.merge(command, 1, Integer::sum);
  }

  /**
   * Answers every command of this name only after a delay (real time).
   *
   * @param command the command
   * @param delay the delay; zero removes it
   */
  public synchronized void delayAnswers(String command, Duration delay) {
    if (delay.isZero()) {
      answerDelays.remove(command);
    } else {
      answerDelays.put(command, delay);
    }
  }

  /** Drops every open connection now (abruptly). */
  public void dropConnections() {
    for (Connection c : connections) {
      c.drop();
    }
  }

  /**
   * Sends a raw text frame to every listening connection (an unknown event, a malformed message).
   *
   * @param text the frame
   */
  public void emitRaw(String text) {
    for (Connection c : connections) {
      if (c.listening) {
        c.send(text);
      }
    }
  }

  /**
   * Sends an {@code attribute_updated} event to every listening connection without changing the
   * stored node: for load runs.
   *
   * @param nodeId the node id's 64 bits, unsigned
   * @param path the path
   * @param value the value
   * @return how many connections it was sent to
   */
  public int emitAttributeUpdate(long nodeId, String path, @Nullable Object value) {
    return broadcast(attributeEvent(nodeId, path, value));
  }

  // ------------------------------------------------------------------ assertions

  /** {@return every command received so far, in order} */
  public synchronized List<RecordedMatterCommand> commands() {
    return List.copyOf(commands);
  }

  /**
   * The commands of one name received so far.
   *
   * @param command the name
   * @return them, in order
   */
  public synchronized List<RecordedMatterCommand> commands(String command) {
    return commands.stream().filter(c -> c.command().equals(command)).toList();
  }

  /** {@return how many WebSocket connections were accepted so far} */
  public int connectionCount() {
    return accepted.get();
  }

  /** {@return how many connections are open and listening now} */
  public int listeningConnections() {
    return (int) connections.stream().filter(c -> c.listening).count();
  }

  @Override
  public void close() {
    dropConnections();
    delays.shutdownNow();
    server.close();
  }

  // ------------------------------------------------------------------ the protocol

  private final class Connection extends WebSocketListener {
    private volatile @Nullable WebSocket socket;
    volatile boolean listening;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      accepted.incrementAndGet();
      connections.add(this);
      send(serverInfo().toString());
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      handle(this, text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      gone();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      gone();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      gone();
    }

    private void gone() {
      listening = false;
      connections.remove(this);
    }

    void send(String text) {
      WebSocket ws = socket;
      if (ws != null) {
        ws.send(text);
      }
    }

    /**
     * Drops the TCP connection without a close frame. A server-side OkHttp WebSocket has no call
     * to cancel, so this fails it the way a broken socket would (its streams close at once).
     */
    void drop() {
      WebSocket ws = socket;
      gone();
      if (ws instanceof RealWebSocket real) {
        real.failWebSocket(new IOException("dropped by the fake Matter Server"), null, false);
      } else if (ws != null) {
        ws.close(1001, "dropped");
      }
    }
  }

  private void handle(Connection c, String text) {
    JsonNode msg;
    try {
      msg = json.readTree(text);
    } catch (JsonProcessingException e) {
      c.drop(); // as the real server: invalid JSON from a client closes the socket
      return;
    }
    String id = msg.path("message_id").asText("");
    String command = msg.path("command").asText("");
    JsonNode args = msg.path("args");
    ObjectNode scripted;
    Duration delay;
    boolean drop;
    synchronized (this) {
      commands.add(new RecordedMatterCommand(id, command, args.isMissingNode() ? "{}" : args.toString()));
      int drops = dropOn.getOrDefault(command, 0);
      drop = drops > 0;
      if (drops == 1) {
        dropOn.remove(command);
      } else if (drops > 1) {
        dropOn.put(command, drops - 1);
      }
      Deque<ObjectNode> q = scriptedAnswers.get(command);
      scripted = q == null ? null : q.poll();
      delay = answerDelays.get(command);
    }
    if (drop) {
      c.drop();
      return;
    }
    Runnable answer = () -> {
      ObjectNode reply = scripted != null ? scripted.deepCopy() : answer(command, args);
      ObjectNode out = F.objectNode().put("message_id", id);
      out.setAll(reply);
      if ("start_listening".equals(command) && !reply.has("error_code")) {
        // Listening before the answer goes out (as the real servers do): a client that is ready
        // on reading the answer hears every event from then on.
        c.listening = true;
      }
      c.send(out.toString());
    };
    if (delay == null) {
      answer.run();
    } else {
      var unused = delays.schedule(answer, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private ObjectNode answer(String command, JsonNode args) {
    try {
      return F.objectNode().set("result", result(command, args));
    } catch (Refusal r) {
      return F.objectNode().put("error_code", r.code).put("details", r.getMessage());
    }
  }

  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    Refusal(int code, String details) {
      super(details, null, false, false);
      this.code = code;
    }
  }

  private JsonNode result(String command, JsonNode args) throws Refusal {
    if (!COMMANDS.contains(command)) {
      throw new Refusal(9, "Invalid command: " + command);
    }
    return switch (command) {
      case "server_info" -> serverInfo();
      case "start_listening" -> nodeList(false);
      case "get_nodes" -> nodeList(args.path("only_available").asBoolean(false));
      case "get_node" -> {
        synchronized (this) {
          yield nodeJson(existing(args));
        }
      }
      case "commission_with_code" -> commission(args);
      case "open_commissioning_window" -> window(args);
      case "read_attribute" -> read(args);
      case "write_attribute" -> write(args);
      case "device_command" -> deviceCommand(args);
      case "remove_node" -> {
        long id;
        synchronized (this) {
          id = existing(args).id;
          nodes.remove(id);
        }
        broadcast(event("node_removed", unsigned(id)));
        yield F.nullNode();
      }
      case "ping_node" -> {
        synchronized (this) {
          NodeRecord r = existing(args);
          yield F.objectNode().put("127.0.0.1", r.available).put("::1", r.available);
        }
      }
      default -> throw new Refusal(9, "Invalid command: " + command);
    };
  }

  private synchronized ObjectNode serverInfo() {
    return F.objectNode().<ObjectNode>set("fabric_id", unsigned(fabricId))
        .<ObjectNode>set("compressed_fabric_id", unsigned(fabricId ^ 0x5A5A_5A5A_5A5A_5A5AL))
        .put("schema_version", schema).put("min_supported_schema_version", minSchema)
        .put("sdk_version", "microevent-fake/1").put("wifi_credentials_set", false)
        .put("thread_credentials_set", false).put("bluetooth_enabled", false);
  }

  private synchronized ArrayNode nodeList(boolean onlyAvailable) {
    ArrayNode list = F.arrayNode();
    for (NodeRecord r : nodes.values()) {
      if (!onlyAvailable || r.available) {
        list.add(nodeJson(r));
      }
    }
    return list;
  }

  private JsonNode commission(JsonNode args) throws Refusal {
    String code = args.path("code").asText("");
    ObjectNode data;
    synchronized (this) {
      FakeMatterNode device = commissionable.remove(code);
      if (device == null) {
        throw new Refusal(1, "Commission with code failed: no commissionable device with that code");
      }
      long id = nextNodeId;
      nextNodeId++;
      nodes.put(id, new NodeRecord(device.withNodeId(id)));
      data = nodeJson(Objects.requireNonNull(nodes.get(id)));
    }
    broadcast(event("node_added", data));
    return data;
  }

  private synchronized JsonNode window(JsonNode args) throws Refusal {
    NodeRecord r = existing(args);
    if (!r.available) {
      throw new Refusal(3, "Node " + Long.toUnsignedString(r.id) + " is not available");
    }
    return F.objectNode().put("setup_pin_code", 20202021).put("setup_manual_code", "34970112332")
        .put("setup_qr_code", "MT:Y.K90AFN00KA0648G00");
  }

  private synchronized JsonNode read(JsonNode args) throws Refusal {
    NodeRecord r = available(existing(args));
    JsonNode p = args.path("attribute_path");
    List<String> paths = new ArrayList<>();
    if (p.isArray()) {
      p.forEach(e -> paths.add(e.asText()));
    } else if (p.isTextual()) {
      paths.add(p.asText());
    } else {
      throw new Refusal(8, "attribute_path is required");
    }
    ObjectNode out = F.objectNode();
    for (String path : paths) {
      String[] want = path.split("/", -1);
      if (want.length != 3) {
        throw new Refusal(8, "Invalid attribute path: " + path);
      }
      for (Map.Entry<String, @Nullable Object> e : r.attributes.entrySet()) {
        String[] have = e.getKey().split("/", -1);
        if (matches(want[0], have[0]) && matches(want[1], have[1]) && matches(want[2], have[2])) {
          out.set(e.getKey(), json.valueToTree(e.getValue()));
        }
      }
    }
    if (out.isEmpty()) {
      throw new Refusal(0, "Failed to read attribute: no values returned");
    }
    return out;
  }

  private static boolean matches(String want, String have) {
    return !want.chars().allMatch(Character::isDigit) || want.isEmpty() || want.equals(have);
  }

  private JsonNode write(JsonNode args) throws Refusal {
    String path = args.path("attribute_path").asText("");
    String[] parts = path.split("/", -1);
    if (parts.length != 3 || !path.matches("\\d+/\\d+/\\d+")) {
      throw new Refusal(8, "write_attribute does not support wildcards in attribute path");
    }
    long id;
    Object value = json.convertValue(args.path("value"), Object.class);
    synchronized (this) {
      NodeRecord r = available(existing(args));
      id = r.id;
      r.attributes.put(path, value);
    }
    broadcast(attributeEvent(id, path, value));
    ArrayNode statuses = F.arrayNode();
    statuses.addObject().put("Status", 0).putObject("Path").put("EndpointId", Integer.parseInt(parts[0]))
        .put("ClusterId", Long.parseLong(parts[1])).put("AttributeId", Long.parseLong(parts[2]));
    return statuses;
  }

  private JsonNode deviceCommand(JsonNode args) throws Refusal {
    int endpoint = args.path("endpoint_id").asInt(-1);
    long cluster = args.path("cluster_id").asLong(-1);
    String name = args.path("command_name").asText("").toLowerCase(Locale.ROOT);
    JsonNode payload = args.path("payload");
    Map<String, Object> changes = new LinkedHashMap<>();
    long id;
    synchronized (this) {
      NodeRecord r = available(existing(args));
      id = r.id;
      String onOff = endpoint + "/6/0";
      String level = endpoint + "/8/0";
      if (cluster == 6 && r.attributes.containsKey(onOff)) {
        switch (name) {
          case "on" -> changes.put(onOff, true);
          case "off" -> changes.put(onOff, false);
          case "toggle" -> changes.put(onOff, !Boolean.TRUE.equals(r.attributes.get(onOff)));
          default -> throw new Refusal(0, "Unsupported command " + name + " on cluster 6");
        }
      } else if (cluster == 8 && r.attributes.containsKey(level)) {
        if (!name.startsWith("movetolevel")) {
          throw new Refusal(0, "Unsupported command " + name + " on cluster 8");
        }
        int to = payload.path("level").asInt(-1);
        if (to < 0 || to > 254) {
          throw new Refusal(8, "level must be 0..254");
        }
        changes.put(level, to);
        if (name.endsWith("withonoff") && r.attributes.containsKey(onOff)) {
          changes.put(onOff, to > 0);
        }
      } else {
        throw new Refusal(0, "Endpoint " + endpoint + " has no cluster " + cluster);
      }
      r.attributes.putAll(changes);
    }
    changes.forEach((path, value) -> broadcast(attributeEvent(id, path, value)));
    return F.nullNode();
  }

  private NodeRecord existing(JsonNode args) throws Refusal {
    JsonNode n = args.path("node_id");
    BigInteger v;
    if (n.isIntegralNumber()) {
      v = n.bigIntegerValue();
    } else if (n.isTextual() && n.asText().matches("\\d{1,20}")) {
      v = new BigInteger(n.asText());
    } else {
      throw new Refusal(8, "node_id is required");
    }
    NodeRecord r = v.bitLength() <= 64 && v.signum() > 0 ? nodes.get(v.longValue()) : null;
    if (r == null) {
      throw new Refusal(5, "Node " + v + " does not exist or is not yet interviewed");
    }
    return r;
  }

  private static NodeRecord available(NodeRecord r) throws Refusal {
    if (!r.available) {
      throw new Refusal(3, "Node " + Long.toUnsignedString(r.id) + " is not (yet) available");
    }
    return r;
  }

  private synchronized NodeRecord record(long nodeId) {
    NodeRecord r = nodes.get(nodeId);
    if (r == null) {
      throw new IllegalArgumentException("the fake has no node " + Long.toUnsignedString(nodeId));
    }
    return r;
  }

  private ObjectNode nodeJson(NodeRecord r) {
    ObjectNode n = F.objectNode();
    n.set("node_id", unsigned(r.id));
    n.put("date_commissioned", "2026-12-01T10:00:00.000000").put("last_interview", "2026-12-01T10:00:05.000000")
        .put("interview_version", 6).put("available", r.available).put("is_bridge", r.bridge);
    ObjectNode attributes = n.putObject("attributes");
    r.attributes.forEach((k, v) -> attributes.set(k, json.valueToTree(v)));
    n.putArray("attribute_subscriptions");
    return n;
  }

  private String attributeEvent(long nodeId, String path, @Nullable Object value) {
    ArrayNode data = F.arrayNode();
    data.add(unsigned(nodeId));
    data.add(path);
    data.add(json.<JsonNode>valueToTree(value));
    return event("attribute_updated", data);
  }

  private static String event(String name, JsonNode data) {
    ObjectNode e = F.objectNode().put("event", name);
    e.set("data", data);
    return e.toString();
  }

  private static JsonNode unsigned(long id) {
    return id >= 0 ? F.numberNode(id) : F.numberNode(new BigInteger(Long.toUnsignedString(id)));
  }

  private int broadcast(String text) {
    int n = 0;
    for (Connection c : connections) {
      if (c.listening) {
        c.send(text);
        n++;
      }
    }
    return n;
  }
}
