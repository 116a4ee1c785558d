package dev.microevent.matter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.ClientClosedException;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.Subscription;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.WebSocketListener;
import dev.microevent.core.spi.WebSocketSession;
import dev.microevent.matter.AttributePath;
import dev.microevent.matter.ClusterCommand;
import dev.microevent.matter.CommissioningWindow;
import dev.microevent.matter.Discriminator;
import dev.microevent.matter.ManualCode;
import dev.microevent.matter.MatterClient;
import dev.microevent.matter.MatterConnectionException;
import dev.microevent.matter.MatterConnectionState;
import dev.microevent.matter.MatterException;
import dev.microevent.matter.MatterIncompatibleServerException;
import dev.microevent.matter.MatterListener;
import dev.microevent.matter.MatterNode;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.MatterOverloadedException;
import dev.microevent.matter.MatterServerException;
import dev.microevent.matter.MatterTimeoutException;
import dev.microevent.matter.MatterValue;
import dev.microevent.matter.OnboardingPayload;
import dev.microevent.matter.QrCode;
import dev.microevent.matter.ReadinessReport;
import dev.microevent.matter.RoomAutomation;
import dev.microevent.matter.RoomAutomationListener;
import dev.microevent.matter.RoomManifest;
import dev.microevent.matter.ServerInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter Server client: one WebSocket at a time, opened through the core client's runtime
 * ({@link ModuleRuntime#webSockets()}: its connection pool and dispatcher).
 *
 * <p>Threads. The WebSocket's reader thread only decodes ({@link Wire}) and hands events and
 * completions to the {@link EventLane}; it updates the node cache under {@link #lock} (short,
 * never blocking). Deadlines, reconnects and the handshake bound run on the core scheduler (virtual
 * in tests). Command futures complete on the lane's thread.
 *
 * <p>Connection cycle: open, the server's unprompted server info (schema checked), {@code
 * start_listening} (its node list replaces the cache: the resync), then READY and the commands
 * that waited go out. A drop re-queues the commands that are safe to repeat and the ones never
 * handed to the socket, fails the others, and reconnects with jittered exponential backoff.
 */
public final class DefaultMatterClient implements MatterClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultMatterClient.class);
  private static final int MAX_WINDOW_SECONDS = 900;

  private enum Phase { CLOSED_SOCKET, AWAIT_INFO, AWAIT_LISTEN, READY }

  /** Reads a command's result on the socket thread; may throw {@link MatterException}. */
  private interface Reader<T> {
    T read(JsonNode result);
  }

  private final class Pending<T> {
    final String command;
    final @Nullable ObjectNode args;
    final Reader<T> reader;
    final CompletableFuture<T> future;
    final boolean repeatable;
    final Duration timeout;
    @Nullable ScheduledFuture<?> deadline;
    @Nullable String messageId;
    boolean sent;

    Pending(String command, @Nullable ObjectNode args, Reader<T> reader, boolean repeatable, Duration timeout) {
      this.command = command;
      this.args = args;
      this.reader = reader;
      this.future = new CompletableFuture<>();
      this.repeatable = repeatable;
      this.timeout = timeout;
    }

    void succeed(JsonNode result) {
      T value;
      try {
        value = reader.read(result);
      } catch (MatterException e) {
        fail(e);
        return;
      }
      cancelDeadline();
      meters.count(MatterMeters.COMMANDS, "command", command, "outcome", "ok");
      lane.completion(() -> future.complete(value));
    }

    void fail(SdkException e) {
      cancelDeadline();
      meters.count(MatterMeters.COMMANDS, "command", command, "outcome", outcome(e));
      lane.completion(() -> future.completeExceptionally(e));
    }

    private void cancelDeadline() {
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
    }
  }

  /** A node in the cache: the last full data plus attribute changes since, merged when read. */
  private static final class NodeState {
    MatterNode node;
    @Nullable Map<AttributePath, MatterValue> changes;

    NodeState(MatterNode node) {
      this.node = node;
    }

    void put(AttributePath path, MatterValue value) {
      Map<AttributePath, MatterValue> c = changes;
      if (c == null) {
        c = new LinkedHashMap<>();
        changes = c;
      }
      c.put(path, value);
    }

    MatterNode node() {
      Map<AttributePath, MatterValue> c = changes;
      if (c != null) {
        MatterNode.Builder b = node.toBuilder();
        c.forEach(b::putAttribute);
        node = b.build();
        changes = null;
      }
      return node;
    }
  }

  private final MatterSettings settings;
  private final ModuleRuntime runtime;
  private final ServiceModes modes;
  private final MatterMeters meters;
  private final Wire wire;
  private final EventLane lane;
  private final List<MatterListener> listeners = new CopyOnWriteArrayList<>();
  private final String idPrefix;
  /** The controller as a {@link MatterServerException} names it: its URL. */
  private final String source;
  private final Object lock = new Object();

  // Guarded by lock.
  private MatterConnectionState state = MatterConnectionState.CONNECTING;
  private Phase phase = Phase.CLOSED_SOCKET;
  private @Nullable WebSocketSession socket;
  private int generation;
  private @Nullable String listenId;
  private final Map<String, Pending<?>> inFlight = new LinkedHashMap<>();
  private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
  private final Map<MatterNodeId, NodeState> nodes = new LinkedHashMap<>();
  private @Nullable ServerInfo serverInfo;
  private @Nullable MatterIncompatibleServerException incompatible;
  private final List<CompletableFuture<ServerInfo>> readyWaiters = new ArrayList<>();
  private int attempt;
  private long sequence;
  private @Nullable ScheduledFuture<?> reconnectTask;
  private @Nullable ScheduledFuture<?> handshakeTask;

  private DefaultMatterClient(MatterSettings settings, ModuleRuntime runtime, ServiceModes modes) {
    this.settings = settings;
    this.runtime = runtime;
    this.modes = modes;
    this.meters = new MatterMeters(runtime.meters().meterRegistry().orElse(null));
    this.wire = new Wire(kind -> meters.count(MatterMeters.UNKNOWN, "kind", kind));
    this.lane = new EventLane(settings.eventQueueCapacity(), n -> callListeners(l -> l.onEventsDropped(n)),
        () -> meters.count(MatterMeters.DROPPED), () -> meters.count(MatterMeters.LISTENER_ERRORS));
    this.source = settings.controller().toString();
    this.idPrefix = Integer.toHexString(settings.random().nextInt(1 << 24) | 1 << 24).substring(1) + "-";
    listeners.addAll(settings.listeners());
    meters.gauge(MatterMeters.QUEUED, lane::depth);
    meters.gauge(MatterMeters.PENDING, this::pendingCount);
  }

  /**
   * Builds the client and opens the first connection; use {@code MatterClient.builder()}.
   *
   * @param core the core client whose runtime ({@link MicroEventClient#runtime()}) and service modes
   *     are shared; any implementation that delegates them (a wrapper) does
   * @param settings the checked settings
   * @return the client
   */
  public static DefaultMatterClient start(MicroEventClient core, MatterSettings settings) {
    DefaultMatterClient c = new DefaultMatterClient(settings, core.runtime(), core.modes());
    c.connect();
    return c;
  }

  // ------------------------------------------------------------------ state

  @Override
  public MatterConnectionState state() {
    synchronized (lock) {
      return state;
    }
  }

  @Override
  public CompletableFuture<ServerInfo> ready() {
    CompletableFuture<ServerInfo> f = new CompletableFuture<>();
    synchronized (lock) {
      ServerInfo info = serverInfo;
      MatterIncompatibleServerException bad = incompatible;
      if (state == MatterConnectionState.READY && info != null) {
        f.complete(info);
      } else if (state == MatterConnectionState.CLOSED) {
        f.completeExceptionally(closed(false));
      } else if (state == MatterConnectionState.INCOMPATIBLE && bad != null) {
        f.completeExceptionally(bad);
      } else {
        readyWaiters.add(f);
      }
    }
    return f;
  }

  @Override
  public Optional<ServerInfo> serverInfo() {
    synchronized (lock) {
      return Optional.ofNullable(serverInfo);
    }
  }

  @Override
  public List<MatterNode> nodes() {
    synchronized (lock) {
      List<MatterNode> out = new ArrayList<>(nodes.size());
      for (NodeState s : nodes.values()) {
        out.add(s.node());
      }
      return List.copyOf(out);
    }
  }

  @Override
  public Optional<MatterNode> node(MatterNodeId id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      NodeState s = nodes.get(id);
      return s == null ? Optional.empty() : Optional.of(s.node());
    }
  }

  /** {@return how many events are waiting for listeners now (for load runs)} */
  public int eventQueueDepth() {
    return lane.depth();
  }

  /** {@return the most events that waited for listeners at once (for load runs)} */
  public int eventQueueHighWater() {
    return lane.highWater();
  }

  private int pendingCount() {
    synchronized (lock) {
      return inFlight.size() + waiting.size();
    }
  }

  // ------------------------------------------------------------------ commands

  @Override
  public CompletableFuture<ServerInfo> fetchServerInfo() {
    return submit("server_info", null, true, settings.commandTimeout(), wire::serverInfo);
  }

  @Override
  public CompletableFuture<List<MatterNode>> fetchNodes(boolean onlyAvailable) {
    return submit("get_nodes", Wire.args().put("only_available", onlyAvailable), true, settings.commandTimeout(),
        wire::nodes);
  }

  @Override
  public CompletableFuture<MatterNode> fetchNode(MatterNodeId id) {
    return submit("get_node", nodeArgs(id), true, settings.commandTimeout(), wire::node);
  }

  @Override
  public CompletableFuture<MatterNode> commission(String pairingCode) {
    Objects.requireNonNull(pairingCode, "pairingCode");
    OnboardingPayload.parse(pairingCode); // a typed PayloadException now, before anything is sent
    return commissionCode(normalized(pairingCode));
  }

  @Override
  public CompletableFuture<MatterNode> commission(OnboardingPayload payload) {
    Objects.requireNonNull(payload, "payload");
    Discriminator d = payload.discriminator();
    boolean qr = !d.isShort() && payload.discoveryCapabilities().isPresent();
    return commissionCode(qr ? QrCode.format(payload) : ManualCode.format(payload));
  }

  private CompletableFuture<MatterNode> commissionCode(String code) {
    ObjectNode args = Wire.args().put("code", code).put("network_only", true);
    return submit("commission_with_code", args, false, settings.commissioningTimeout(), wire::node);
  }

  /** The code as the server reads it: a QR code cut out of a URL, a manual code without separators. */
  static String normalized(String code) {
    int mt = code.indexOf(QrCode.PREFIX);
    if (mt >= 0) {
      int end = code.indexOf('%', mt);
      return code.substring(mt, end < 0 ? code.length() : end).strip();
    }
    StringBuilder digits = new StringBuilder(code.length());
    for (int i = 0; i < code.length(); i++) {
      char ch = code.charAt(i);
      if (ch >= '0' && ch <= '9') {
        digits.append(ch);
      }
    }
    return digits.toString();
  }

  @Override
  public CompletableFuture<ReadinessReport> preflight(RoomManifest manifest, boolean commissionMissing) {
    Objects.requireNonNull(manifest, "manifest");
    return Preflight.run(this, manifest, commissionMissing, runtime.clock());
  }

  @Override
  public RoomAutomation automate(RoomManifest manifest, RoomAutomationListener listener) {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(listener, "listener");
    return DefaultRoomAutomation.start(this, modes, runtime.scheduler(), runtime.clock(), meters, manifest,
        listener);
  }

  @Override
  public CompletableFuture<CommissioningWindow> openCommissioningWindow(MatterNodeId id, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long seconds = timeout.toSeconds();
    if (seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
      throw new IllegalArgumentException("a commissioning window is open 1 s to 15 min, got " + timeout);
    }
    return submit("open_commissioning_window", nodeArgs(id).put("timeout", seconds), false,
        settings.commandTimeout(), wire::window);
  }

  @Override
  public CompletableFuture<MatterValue> readAttribute(MatterNodeId id, AttributePath path) {
    concrete(path, "readAttribute (use readAttributes for wildcards)");
    ObjectNode args = nodeArgs(id).put("attribute_path", path.toString());
    return submit("read_attribute", args, true, settings.commandTimeout(), r -> {
      MatterValue v = wire.attributeValues(r).get(path);
      if (v == null) {
        throw Wire.protocol("read_attribute answered without a value for " + path, null);
      }
      return v;
    });
  }

  @Override
  public CompletableFuture<Map<AttributePath, MatterValue>> readAttributes(MatterNodeId id,
      List<AttributePath> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("give at least one attribute path");
    }
    ObjectNode args = nodeArgs(id);
    if (paths.size() == 1) {
      args.put("attribute_path", paths.get(0).toString());
    } else {
      ArrayNode list = args.putArray("attribute_path");
      paths.forEach(p -> list.add(p.toString()));
    }
    return submit("read_attribute", args, true, settings.commandTimeout(), wire::attributeValues);
  }

  @Override
  public CompletableFuture<Void> writeAttribute(MatterNodeId id, AttributePath path, MatterValue value) {
    concrete(path, "writeAttribute");
    ObjectNode args = nodeArgs(id).put("attribute_path", path.toString());
    args.set("value", Wire.json(Objects.requireNonNull(value, "value")));
    // A write sets an absolute value: repeating it after a drop has the effect of sending it once.
    return done(submit("write_attribute", args, true, settings.commandTimeout(), r -> {
      wire.writeStatus(path, r);
      return Boolean.TRUE;
    }));
  }

  @Override
  public CompletableFuture<MatterValue> command(MatterNodeId id, int endpoint, ClusterCommand command) {
    Objects.requireNonNull(command, "command");
    if (endpoint < 0 || endpoint > 0xFFFE) {
      throw new IllegalArgumentException("endpoint must be 0..65534, got " + endpoint);
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    command.payload().forEach((k, v) -> payload.set(k, Wire.json(v)));
    ObjectNode args = nodeArgs(id).put("endpoint_id", endpoint).put("cluster_id", command.clusterId())
        .put("command_name", command.name());
    args.set("payload", payload);
    return submit("device_command", args, command.idempotent(), settings.commandTimeout(), wire::value);
  }

  @Override
  public CompletableFuture<Void> removeNode(MatterNodeId id) {
    return done(submit("remove_node", nodeArgs(id), false, settings.commandTimeout(), r -> Boolean.TRUE));
  }

  @Override
  public CompletableFuture<Map<String, Boolean>> ping(MatterNodeId id) {
    return submit("ping_node", nodeArgs(id).put("attempts", 1), true, settings.commandTimeout(), wire::pingResult);
  }

  private static ObjectNode nodeArgs(MatterNodeId id) {
    ObjectNode args = Wire.args();
    args.set("node_id", Wire.json(Objects.requireNonNull(id, "id")));
    return args;
  }

  private static void concrete(AttributePath path, String call) {
    Objects.requireNonNull(path, "path");
    if (!path.isConcrete()) {
      throw new IllegalArgumentException(call + " needs a concrete path, got " + path);
    }
  }

  private static CompletableFuture<Void> done(CompletableFuture<Boolean> inner) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    var unused = inner.whenComplete((v, e) -> {
      if (e != null) {
        out.completeExceptionally(e);
      } else {
        out.complete(null);
      }
    });
    return out;
  }

  private <T> CompletableFuture<T> submit(String command, @Nullable ObjectNode args, boolean repeatable,
      Duration timeout, Reader<T> reader) {
    Pending<T> p = new Pending<>(command, args, reader, repeatable, timeout);
    synchronized (lock) {
      MatterIncompatibleServerException bad = incompatible;
      if (state == MatterConnectionState.CLOSED) {
        p.future.completeExceptionally(closed(false));
        return p.future;
      }
      if (state == MatterConnectionState.INCOMPATIBLE && bad != null) {
        p.future.completeExceptionally(bad);
        return p.future;
      }
      if (inFlight.size() + waiting.size() >= settings.maxPendingCommands()) {
        meters.count(MatterMeters.COMMANDS, "command", command, "outcome", "overloaded");
        p.future.completeExceptionally(new MatterOverloadedException(settings.maxPendingCommands()
            + " commands are waiting for the Matter Server already; " + command + " was not sent"));
        return p.future;
      }
      p.deadline = runtime.scheduler().schedule(() -> expire(p), timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (phase == Phase.READY && socket != null) {
        send(p);
      } else {
        waiting.addLast(p);
      }
    }
    return p.future;
  }

  /** Hands a command to the socket; under lock. */
  private void send(Pending<?> p) {
    WebSocketSession ws = Objects.requireNonNull(socket, "socket");
    String id = idPrefix + Long.toString(++sequence, 36);
    p.messageId = id;
    inFlight.put(id, p);
    p.sent = ws.send(wire.command(id, p.command, p.args));
    log.debug("sent {} as {}", p.command, id);
  }

  private void expire(Pending<?> p) {
    synchronized (lock) {
      String id = p.messageId;
      boolean owned = (id != null && inFlight.remove(id, p)) || waiting.remove(p);
      if (!owned) {
        return;
      }
    }
    p.fail(new MatterTimeoutException("the Matter Server did not answer " + p.command + " within " + p.timeout
        + (p.sent ? " (it may still carry it out)" : " (it was never connected meanwhile)"), p.timeout));
  }

  private static String outcome(SdkException e) {
    String name = e.getClass().getSimpleName();
    return name.substring("Matter".length(), name.length() - "Exception".length()).toLowerCase(Locale.ROOT);
  }

  private MatterConnectionException closed(boolean mayHaveRun) {
    return new MatterConnectionException("the MatterClient is closed", MatterConnectionException.Reason.CLIENT_CLOSED,
        mayHaveRun, null);
  }

  // ------------------------------------------------------------------ connection

  private void connect() {
    boolean coreClosed = false;
    synchronized (lock) {
      if (state == MatterConnectionState.CLOSED) {
        return;
      }
      reconnectTask = null;
      int gen = ++generation;
      phase = Phase.CLOSED_SOCKET;
      listenId = null;
      log.debug("connecting to the Matter Server at {} (attempt {})", settings.controller(), attempt + 1);
      try {
        socket = runtime.webSockets().open(settings.controller(), settings.pingInterval(), new Listener(gen));
      } catch (ClientClosedException e) {
        log.debug("the core client is closed; closing the Matter client for {}", settings.controller());
        coreClosed = true;
      }
      if (!coreClosed) {
        // The handshake (server info, start_listening) is bounded like a command.
        handshakeTask = runtime.scheduler().schedule(() -> handshakeTimedOut(gen),
            settings.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    if (coreClosed) {
      close(); // nothing can reconnect on a closed core client: fail what waits, once
    }
  }

  private void handshakeTimedOut(int gen) {
    WebSocketSession ws;
    synchronized (lock) {
      if (gen != generation || phase == Phase.READY || socket == null) {
        return;
      }
      ws = socket;
    }
    log.warn("the Matter Server at {} did not complete the handshake within {}; reconnecting", settings.controller(),
        settings.commandTimeout());
    ws.cancel(); // onFailure follows and reconnects
  }

  private final class Listener implements WebSocketListener {
    private final int gen;

    Listener(int gen) {
      this.gen = gen;
    }

    @Override
    public void onOpen(WebSocketSession webSocket) {
      synchronized (lock) {
        if (gen != generation) {
          webSocket.cancel();
          return;
        }
        phase = Phase.AWAIT_INFO;
      }
      log.debug("connected to the Matter Server at {}", settings.controller());
    }

    @Override
    public void onText(WebSocketSession webSocket, String text) {
      DefaultMatterClient.this.onText(gen, text);
    }

    @Override
    public void onClosing(WebSocketSession webSocket, int code, String reason) {
      webSocket.close(1000, null);
      lost(gen, "the server closed the connection (" + code + ")", null);
    }

    @Override
    public void onClosed(WebSocketSession webSocket, int code, String reason) {
      lost(gen, "the connection closed (" + code + ")", null);
    }

    @Override
    public void onFailure(WebSocketSession webSocket, Throwable t) {
      lost(gen, "the connection failed: " + t.getClass().getSimpleName(), t);
    }
  }

  /** The current connection's generation (messages of older ones are ignored); for the decoder's fuzz test. */
  int generation() {
    synchronized (lock) {
      return generation;
    }
  }

  /** One text frame, on the socket thread: decode, update the cache, hand on. Never throws. */
  void onText(int gen, String text) {
    Wire.Message m;
    try {
      m = wire.decode(text);
    } catch (MatterException e) {
      meters.count(MatterMeters.MALFORMED);
      log.debug("skipped a message the protocol does not allow: {}", e.getMessage());
      return;
    }
    try {
      handle(gen, m);
    } catch (MatterException e) {
      meters.count(MatterMeters.MALFORMED);
      log.debug("skipped a message the protocol does not allow: {}", e.getMessage());
    }
  }

  private void handle(int gen, Wire.Message m) {
    if (m instanceof Wire.Result r) {
      answered(gen, r.messageId(), r.result(), null);
    } else if (m instanceof Wire.Failure f) {
      answered(gen, f.messageId(), null, f);
    } else if (m instanceof Wire.Info i) {
      info(gen, i.info());
    } else {
      event(gen, m);
    }
  }

  private void answered(int gen, String messageId, @Nullable JsonNode result, Wire.@Nullable Failure failure) {
    Pending<?> p;
    synchronized (lock) {
      if (gen != generation) {
        return;
      }
      if (messageId.equals(listenId)) {
        listenId = null;
        if (failure != null || result == null) {
          log.warn("the Matter Server refused start_listening ({}); reconnecting",
              failure == null ? "no result" : failure.errorCode());
          cancelSocket();
          return;
        }
        p = null;
      } else {
        p = inFlight.remove(messageId);
        if (p == null) {
          meters.count(MatterMeters.UNKNOWN, "kind", "answer"); // after its deadline, or not ours
          return;
        }
      }
    }
    if (p == null) {
      listened(gen, Objects.requireNonNull(result, "result"));
    } else if (failure != null) {
      p.fail(MatterServerException.of(p.command, failure.errorCode(), failure.details(), source));
    } else {
      p.succeed(Objects.requireNonNull(result, "result"));
    }
  }

  /** The start_listening answer: decoded outside the lock, then the resync. */
  private void listened(int gen, JsonNode result) {
    List<MatterNode> fresh;
    try {
      fresh = wire.nodes(result);
    } catch (MatterException e) {
      log.warn("the Matter Server's node list is malformed ({}); reconnecting", e.getMessage());
      synchronized (lock) {
        if (gen == generation) {
          cancelSocket();
        }
      }
      throw e;
    }
    synchronized (lock) {
      if (gen == generation && socket != null) {
        resync(fresh);
      }
    }
  }

  private void cancelSocket() {
    WebSocketSession ws = socket;
    if (ws != null) {
      ws.cancel();
    }
  }

  private void info(int gen, ServerInfo info) {
    MatterIncompatibleServerException bad = null;
    List<CompletableFuture<ServerInfo>> waiters = List.of();
    List<Pending<?>> failed = List.of();
    synchronized (lock) {
      if (gen != generation || socket == null) {
        return;
      }
      serverInfo = info;
      if (phase != Phase.AWAIT_INFO) {
        emit(l -> l.onServerInfo(info));
        return;
      }
      if (info.minSupportedSchemaVersion() > SCHEMA_VERSION || info.schemaVersion() < MIN_SERVER_SCHEMA_VERSION) {
        bad = new MatterIncompatibleServerException(info.schemaVersion(), info.minSupportedSchemaVersion());
        incompatible = bad;
        if (state != MatterConnectionState.INCOMPATIBLE) {
          state = MatterConnectionState.INCOMPATIBLE;
          emit(l -> l.onConnectionState(MatterConnectionState.INCOMPATIBLE));
        }
        waiters = new ArrayList<>(readyWaiters);
        readyWaiters.clear();
        failed = new ArrayList<>(waiting);
        waiting.clear();
        Objects.requireNonNull(socket).close(1000, "incompatible schema");
      } else {
        incompatible = null;
        phase = Phase.AWAIT_LISTEN;
        String id = idPrefix + "listen-" + Long.toString(++sequence, 36);
        listenId = id;
        Objects.requireNonNull(socket).send(wire.command(id, "start_listening", null));
      }
    }
    if (bad != null) {
      log.warn("{}", bad.getMessage());
      MatterIncompatibleServerException e = bad;
      waiters.forEach(w -> lane.completion(() -> w.completeExceptionally(e)));
      failed.forEach(p -> p.fail(e));
    }
  }

  /** The start_listening answer: replace the cache, tell what changed, go READY, send what waited. */
  private void resync(List<MatterNode> fresh) {
    // under lock
    Map<MatterNodeId, NodeState> old = new LinkedHashMap<>(nodes);
    nodes.clear();
    for (MatterNode n : fresh) {
      nodes.put(n.id(), new NodeState(n));
    }
    for (MatterNodeId id : old.keySet()) {
      if (!nodes.containsKey(id)) {
        emit(l -> l.onNodeRemoved(id));
      }
    }
    for (MatterNode n : fresh) {
      NodeState before = old.get(n.id());
      if (before == null) {
        emit(l -> l.onNodeAdded(n));
      } else {
        if (before.node.available() != n.available()) {
          emit(l -> l.onAvailabilityChanged(n.id(), n.available()));
        }
        emit(l -> l.onNodeUpdated(n));
      }
    }
    ScheduledFuture<?> h = handshakeTask;
    if (h != null) {
      h.cancel(false);
    }
    phase = Phase.READY;
    state = MatterConnectionState.READY;
    attempt = 0;
    meters.count(MatterMeters.RESYNCS);
    emit(l -> l.onConnectionState(MatterConnectionState.READY));
    ServerInfo info = Objects.requireNonNull(serverInfo, "serverInfo");
    readyWaiters.forEach(w -> lane.completion(() -> w.complete(info)));
    readyWaiters.clear();
    while (!waiting.isEmpty()) {
      send(waiting.pollFirst());
    }
    log.info("Matter Server at {} ready: {} node(s), schema {}", settings.controller(), fresh.size(),
        info.schemaVersion());
  }

  private void event(int gen, Wire.Message m) {
    synchronized (lock) {
      if (gen != generation) {
        return;
      }
      if (m instanceof Wire.NodeData d) {
        MatterNode n = d.node();
        NodeState before = nodes.put(n.id(), new NodeState(n));
        countEvent(d.added() ? "node_added" : "node_updated");
        if (before == null) {
          emit(l -> l.onNodeAdded(n));
        } else {
          if (before.node.available() != n.available()) {
            emit(l -> l.onAvailabilityChanged(n.id(), n.available()));
          }
          emit(l -> l.onNodeUpdated(n));
        }
      } else if (m instanceof Wire.NodeRemoved r) {
        nodes.remove(r.nodeId());
        countEvent("node_removed");
        emit(l -> l.onNodeRemoved(r.nodeId()));
      } else if (m instanceof Wire.AttributeChanged a) {
        NodeState s = nodes.get(a.update().nodeId());
        if (s != null) {
          s.put(a.update().path(), a.update().value());
        }
        countEvent("attribute_updated");
        emit(l -> l.onAttributeUpdated(a.update()));
      } else if (m instanceof Wire.NodeEventMessage e) {
        countEvent("node_event");
        emit(l -> l.onNodeEvent(e.event()));
      } else if (m instanceof Wire.InfoUpdated i) {
        serverInfo = i.info();
        countEvent("server_info_updated");
        emit(l -> l.onServerInfo(i.info()));
      } else if (m instanceof Wire.Shutdown) {
        countEvent("server_shutdown");
        log.info("the Matter Server at {} is shutting down", settings.controller());
      }
    }
  }

  private void countEvent(String type) {
    meters.count(MatterMeters.EVENTS, "type", type);
  }

  /** Queues a delivery to every listener; the lane runs it in order. */
  private void emit(Consumer<MatterListener> call) {
    lane.event(() -> callListeners(call));
  }

  /** On the lane's thread: each listener in turn; one that throws is logged, counted and skipped. */
  private void callListeners(Consumer<MatterListener> call) {
    for (MatterListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        meters.count(MatterMeters.LISTENER_ERRORS);
        log.warn("a MatterListener threw; skipped it (listeners must not throw)", e);
      }
    }
  }

  private void lost(int gen, String why, @Nullable Throwable cause) {
    List<Pending<?>> failed = new ArrayList<>();
    synchronized (lock) {
      if (gen != generation || socket == null) {
        return;
      }
      socket = null;
      phase = Phase.CLOSED_SOCKET;
      listenId = null;
      ScheduledFuture<?> h = handshakeTask;
      if (h != null) {
        h.cancel(false);
      }
      if (state == MatterConnectionState.CLOSED) {
        return;
      }
      // Safe to send again: what may repeat, and what never reached the socket. In their order,
      // ahead of the commands that were still waiting.
      List<Pending<?>> again = new ArrayList<>();
      for (Pending<?> p : inFlight.values()) {
        if (p.repeatable || !p.sent) {
          p.messageId = null;
          again.add(p);
        } else {
          failed.add(p);
        }
      }
      inFlight.clear();
      for (int i = again.size() - 1; i >= 0; i--) {
        waiting.addFirst(again.get(i));
      }
      if (state != MatterConnectionState.INCOMPATIBLE) {
        boolean wasConnected = state == MatterConnectionState.READY;
        state = wasConnected || state == MatterConnectionState.RECONNECTING ? MatterConnectionState.RECONNECTING
            : MatterConnectionState.CONNECTING;
        if (wasConnected) {
          emit(l -> l.onConnectionState(MatterConnectionState.RECONNECTING));
        }
      }
      Duration wait = backoff(attempt++);
      meters.count(MatterMeters.RECONNECTS);
      reconnectTask = runtime.scheduler().schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
      log.info("Matter Server at {}: {}; {} command(s) kept, {} failed; reconnecting in {} ms", settings.controller(),
          why, again.size(), failed.size(), wait.toMillis());
    }
    if (cause != null) {
      log.debug("connection failure", cause);
    }
    for (Pending<?> p : failed) {
      p.fail(new MatterConnectionException("the connection to the Matter Server dropped while " + p.command
          + " was in flight; it may have run: check the node before sending it again",
          MatterConnectionException.Reason.CONNECTION_LOST, true, cause));
    }
  }

  /** Exponential backoff with jitter: half the step fixed, half random. Under lock. */
  private Duration backoff(int n) {
    long initial = settings.reconnectInitial().toNanos();
    long max = settings.reconnectMax().toNanos();
    long step = initial;
    for (int i = 0; i < n && step < max; i++) {
      step = Math.min(max, step * 2);
    }
    long half = step / 2;
    return Duration.ofNanos(half + (long) (settings.random().nextDouble() * half));
  }

  // ------------------------------------------------------------------ listeners, close

  @Override
  public Subscription addListener(MatterListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    List<Pending<?>> failed = new ArrayList<>();
    List<CompletableFuture<ServerInfo>> waiters;
    WebSocketSession ws;
    synchronized (lock) {
      if (state == MatterConnectionState.CLOSED) {
        return;
      }
      state = MatterConnectionState.CLOSED;
      generation++;
      ws = socket;
      socket = null;
      phase = Phase.CLOSED_SOCKET;
      ScheduledFuture<?> r = reconnectTask;
      if (r != null) {
        r.cancel(false);
      }
      ScheduledFuture<?> h = handshakeTask;
      if (h != null) {
        h.cancel(false);
      }
      failed.addAll(inFlight.values());
      failed.addAll(waiting);
      inFlight.clear();
      waiting.clear();
      waiters = new ArrayList<>(readyWaiters);
      readyWaiters.clear();
    }
    if (ws != null) {
      ws.close(1000, "client closed");
    }
    for (Pending<?> p : failed) {
      p.fail(closed(p.sent));
    }
    waiters.forEach(w -> lane.completion(() -> w.completeExceptionally(closed(false))));
    lane.close();
    meters.close();
    log.debug("Matter client for {} closed", settings.controller());
  }
}
