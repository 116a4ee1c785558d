package dev.microevent.matter;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Subscription;
import dev.microevent.matter.internal.DefaultMatterClient;
import dev.microevent.matter.internal.MatterSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The room's Matter controller, through a Matter Server (matterjs-server, or the archived
 * python-matter-server) over its WebSocket API: commission devices with their pairing code, read
 * and write attributes, send cluster commands, and hear about nodes and attribute changes.
 *
 * <pre>{@code
 * try (MicroEventClient core = MicroEventClient.builder().centralPlane(central).build();
 *      MatterClient matter = MatterClient.builder().client(core)
 *          .controller(URI.create("ws://10.0.0.5:5580/ws"))
 *          .addListener(new MatterListener() {
 *            public void onAvailabilityChanged(MatterNodeId node, boolean up) { board.mark(node, up); }
 *          })
 *          .build()) {
 *   MatterNode light = matter.commission("3497-011-2332").get(5, TimeUnit.MINUTES);
 *   matter.command(light.id(), 1, ClusterCommand.toggle()).join();
 *   boolean on = matter.readAttribute(light.id(), AttributePath.onOff(1)).join().asBoolean().orElseThrow();
 *   for (MatterNode n : matter.nodes()) { n.available(); n.softwareVersion(); }
 * }
 * }</pre>
 *
 * <p><b>Connection.</b> {@link Builder#build()} returns at once and connects in the background on
 * the core client's runtime (its WebSocket path, scheduler and meters: one per app). On
 * every (re)connection the client checks the server's schema, starts listening and takes the full
 * node list (a resync); it reconnects with backoff when the connection drops. Commands given while
 * not connected wait for the connection, within their deadline.
 *
 * <p><b>Commands</b> return a {@link CompletableFuture} that completes, on the client's event
 * thread, with the result or exceptionally with a {@link MatterException} (client side) or a
 * {@link MatterServerException} (the controller answered an error). Each has a deadline
 * ({@link Builder#commandTimeout}, {@link Builder#commissioningTimeout}). When the connection drops
 * while a command is in flight, commands that are safe to repeat (reads, node lists, server info,
 * pings, attribute writes, {@linkplain ClusterCommand#idempotent() idempotent} cluster commands)
 * are sent again after the resync; the others ({@code commission}, {@code removeNode}, {@code
 * openCommissioningWindow}, non-idempotent cluster commands such as {@code Toggle}) fail with
 * {@link MatterConnectionException} ({@code mayHaveRun() == true}): never silently sent twice.
 *
 * <p><b>Ids.</b> Node and fabric ids are unsigned 64-bit ({@link MatterNodeId}, {@link
 * MatterFabricId}). Fields and events this SDK does not know are ignored (and counted in {@code
 * microevent.matter.unknown}).
 *
 * <p>Thread-safe; share one per controller. The app keeps owning the core client.
 */
public interface MatterClient extends AutoCloseable {
  /** The WebSocket API schema this client speaks (matterjs-server's schema 13). */
  int SCHEMA_VERSION = 13;
  /** The oldest server schema this client works with (every command it sends exists there). */
  int MIN_SERVER_SCHEMA_VERSION = 9;

  /** {@return a builder; not thread-safe} */
  static Builder builder() {
    return new Builder();
  }

  /** {@return where the client stands with the server now} */
  MatterConnectionState state();

  /**
   * Completes with the server's information once the client is {@link MatterConnectionState#READY}
   * (at once if it is). Fails with {@link MatterIncompatibleServerException} if the server does
   * not fit, with {@link MatterConnectionException} if the client closes first; otherwise it waits
   * (bound it with {@code orTimeout}).
   *
   * @return the future
   */
  CompletableFuture<ServerInfo> ready();

  /** {@return what the server said about itself last, if it has} */
  Optional<ServerInfo> serverInfo();

  /**
   * The nodes as of the last resync and the events since: no round trip. Exact even when
   * listeners fall behind.
   *
   * @return an unmodifiable snapshot, in the server's order
   */
  List<MatterNode> nodes();

  /**
   * A node from {@link #nodes()}.
   *
   * @param id the node
   * @return it, if known
   */
  Optional<MatterNode> node(MatterNodeId id);

  /**
   * Asks the server for its information ({@code server_info}).
   *
   * @return the information
   */
  CompletableFuture<ServerInfo> fetchServerInfo();

  /**
   * Asks the server for its nodes ({@code get_nodes}).
   *
   * @param onlyAvailable only the nodes it reaches now
   * @return the nodes
   */
  CompletableFuture<List<MatterNode>> fetchNodes(boolean onlyAvailable);

  /**
   * Asks the server for one node ({@code get_node}); fails with {@link MatterNodeNotFoundException}
   * if there is none.
   *
   * @param id the node
   * @return the node
   */
  CompletableFuture<MatterNode> fetchNode(MatterNodeId id);

  /**
   * Commissions a device that is already on the IP network ({@code commission_with_code} with
   * {@code network_only}) with its QR code ({@code MT:...}, also inside a URL) or manual pairing
   * code (dashes and spaces allowed). Can take minutes: bounded by {@link
   * Builder#commissioningTimeout}.
   *
   * @param pairingCode the code as scanned or typed
   * @return the new node, once the server has interviewed it
   * @throws PayloadException at once, if the code is not a valid pairing code (nothing is sent)
   */
  CompletableFuture<MatterNode> commission(String pairingCode);

  /**
   * Commissions a device from a payload: sends its QR code when it has a long discriminator, else
   * its manual code.
   *
   * @param payload the device's onboarding payload
   * @return the new node
   */
  CompletableFuture<MatterNode> commission(OnboardingPayload payload);

  /**
   * The pre-flight, before the doors open ("test onboarding remotely"): checks that every device
   * of the manifest is commissioned on this controller, reachable (available and answering a
   * ping) and on the firmware the manifest expects, and commissions the missing ones with the
   * manifest's code, one at a time. Devices without a node id in the manifest count as missing.
   *
   * <pre>{@code
   * ReadinessReport report = matter.preflight(manifest).get(10, TimeUnit.MINUTES);
   * System.out.print(report.toText());
   * report.writeHtml(Path.of("readiness.html"));
   * }</pre>
   *
   * @param manifest the rooms
   * @return the report (its {@link ReadinessReport#manifest()} carries the node ids now known);
   *     fails (with a {@link MatterException} or {@link MatterServerException}) only if the
   *     controller's node list cannot be had
   */
  default CompletableFuture<ReadinessReport> preflight(RoomManifest manifest) {
    return preflight(manifest, true);
  }

  /**
   * The pre-flight, choosing whether to commission what is missing.
   *
   * @param manifest the rooms
   * @param commissionMissing {@code false} to only check (missing devices are reported, not
   *     commissioned)
   * @return the report
   * @see #preflight(RoomManifest)
   */
  CompletableFuture<ReadinessReport> preflight(RoomManifest manifest, boolean commissionMissing);

  /**
   * Starts local automation of the manifest's rooms on the core client's service modes: see
   * {@link RoomAutomation}. Devices need their node id (use the manifest a pre-flight returns).
   *
   * @param manifest the rooms and their {@link RoomRules}
   * @param listener told about each run and each alert
   * @return the running automation; close it to stop
   */
  RoomAutomation automate(RoomManifest manifest, RoomAutomationListener listener);

  /**
   * Opens a commissioning window on one of our nodes so that another controller can join it
   * (multi-admin).
   *
   * @param id the node
   * @param timeout how long the window stays open (1 s to 15 min on the device)
   * @return the window's codes
   */
  CompletableFuture<CommissioningWindow> openCommissioningWindow(MatterNodeId id, Duration timeout);

  /**
   * Reads one attribute from the node (a round trip to the device through the server).
   *
   * @param id the node
   * @param path a concrete path
   * @return its value
   * @throws IllegalArgumentException if the path has a wildcard (use {@link #readAttributes})
   */
  CompletableFuture<MatterValue> readAttribute(MatterNodeId id, AttributePath path);

  /**
   * Reads attributes; paths may hold wildcards.
   *
   * @param id the node
   * @param paths one or more paths
   * @return every value read, by concrete path
   */
  CompletableFuture<Map<AttributePath, MatterValue>> readAttributes(MatterNodeId id, List<AttributePath> paths);

  /**
   * Writes an attribute. Fails with {@link MatterWriteException} if the node refuses.
   *
   * @param id the node
   * @param path a concrete path
   * @param value the value
   * @return completes when the node accepted the write
   * @throws IllegalArgumentException if the path has a wildcard
   */
  CompletableFuture<Void> writeAttribute(MatterNodeId id, AttributePath path, MatterValue value);

  /**
   * Sends a cluster command to an endpoint ({@code device_command}).
   *
   * @param id the node
   * @param endpoint the endpoint, 0..65534
   * @param command the command, e.g. {@link ClusterCommand#on()}
   * @return the command's response, {@link MatterValue#ofNull()} when it has none
   */
  CompletableFuture<MatterValue> command(MatterNodeId id, int endpoint, ClusterCommand command);

  /**
   * Removes a node from the fabric ({@code remove_node}; the server also tells the device).
   *
   * @param id the node
   * @return completes when removed
   */
  CompletableFuture<Void> removeNode(MatterNodeId id);

  /**
   * Pings a node's addresses ({@code ping_node}).
   *
   * @param id the node
   * @return for each IP address of the node, whether it answered
   */
  CompletableFuture<Map<String, Boolean>> ping(MatterNodeId id);

  /**
   * Adds a listener; it hears events from the next one on.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  Subscription addListener(MatterListener listener);

  /**
   * Closes the connection, fails the commands still waiting with {@link MatterConnectionException}
   * ({@code CLIENT_CLOSED}), stops the event thread and removes the gauges. Idempotent. The core
   * client stays open.
   */
  @Override
  void close();

  /** Builds a {@link MatterClient}. Not thread-safe. */
  final class Builder {
    private @Nullable MicroEventClient client;
    private @Nullable URI controller;
    private Duration commandTimeout = Duration.ofSeconds(30);
    private Duration commissioningTimeout = Duration.ofMinutes(5);
    private Duration reconnectInitial = Duration.ofMillis(500);
    private Duration reconnectMax = Duration.ofSeconds(30);
    private Duration pingInterval = Duration.ofSeconds(30);
    private int eventQueueCapacity = 16_384;
    private int maxPendingCommands = 1_000;
    private final List<MatterListener> listeners = new ArrayList<>();
    private Random random = new Random();

    private Builder() {}

    /**
     * The core client whose runtime (WebSocket path, scheduler, clock, meters) and service modes
     * this client shares. Required. The app keeps owning it.
     *
     * @param value the core client: from {@code MicroEventClient.builder()}, or any client that
     *     delegates {@code runtime()} and {@code modes()} to one (a wrapper)
     * @return this builder
     */
    public Builder client(MicroEventClient value) {
      this.client = Objects.requireNonNull(value, "client");
      return this;
    }

    /**
     * The Matter Server's WebSocket URL, e.g. {@code ws://10.0.0.5:5580/ws}. Required.
     *
     * @param value a {@code ws://} or {@code wss://} URL
     * @return this builder
     * @throws IllegalArgumentException if it is not one
     */
    public Builder controller(URI value) {
      this.controller = ControllerEndpoint.of(value).uri();
      return this;
    }

    /**
     * The Matter Server from a room manifest.
     *
     * @param value the endpoint
     * @return this builder
     */
    public Builder controller(ControllerEndpoint value) {
      this.controller = Objects.requireNonNull(value, "controller").uri();
      return this;
    }

    /**
     * The deadline of every command but commissioning, waiting for a connection included; default
     * 30 s. Raise it for devices on slow Thread networks.
     *
     * @param value positive
     * @return this builder
     */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = positive("commandTimeout", value);
      return this;
    }

    /**
     * The deadline of {@code commission}: discovery, PASE, certificates, network and the interview
     * take minutes; default 5 min.
     *
     * @param value positive
     * @return this builder
     */
    public Builder commissioningTimeout(Duration value) {
      this.commissioningTimeout = positive("commissioningTimeout", value);
      return this;
    }

    /**
     * The reconnect backoff: the first wait, doubled (with jitter) up to the most; default 500 ms
     * to 30 s.
     *
     * @param initial positive
     * @param max at least {@code initial}
     * @return this builder
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      positive("initial", initial);
      positive("max", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("reconnect backoff max " + max + " is below initial " + initial);
      }
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    /**
     * How often the client pings the server over the WebSocket; a missed pong counts as a dropped
     * connection. Default 30 s (the server pings every 55 s).
     *
     * @param value positive
     * @return this builder
     */
    public Builder pingInterval(Duration value) {
      this.pingInterval = positive("pingInterval", value);
      return this;
    }

    /**
     * How many events may wait for slow listeners; beyond it the oldest are dropped (counted,
     * and told by {@link MatterListener#onEventsDropped}). Default 16,384 (over a second at
     * 10,000 events/s).
     *
     * @param value 16..1,048,576
     * @return this builder
     */
    public Builder eventQueueCapacity(int value) {
      if (value < 16 || value > 1 << 20) {
        throw new IllegalArgumentException("eventQueueCapacity must be 16..1048576, got " + value);
      }
      this.eventQueueCapacity = value;
      return this;
    }

    /**
     * How many commands may wait for an answer (or for a connection) at once; beyond it commands
     * fail with {@link MatterOverloadedException}. Default 1,000.
     *
     * @param value 1..100,000
     * @return this builder
     */
    public Builder maxPendingCommands(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("maxPendingCommands must be 1..100000, got " + value);
      }
      this.maxPendingCommands = value;
      return this;
    }

    /**
     * Adds a listener from the start (so it hears the first resync).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(MatterListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Randomness for message ids and backoff jitter; default a new {@link Random}.
     *
     * @param value the source
     * @return this builder
     */
    public Builder random(Random value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    /**
     * Builds the client and starts connecting in the background.
     *
     * @return the client
     * @throws IllegalStateException if the core client or the controller URL is missing
     */
    public MatterClient build() {
      MicroEventClient c = client;
      URI u = controller;
      if (c == null) {
        throw new IllegalStateException("give the core client: MatterClient.builder().client(core)");
      }
      if (u == null) {
        throw new IllegalStateException("give the Matter Server's URL: controller(URI.create(\"ws://host:5580/ws\"))");
      }
      return DefaultMatterClient.start(c, new MatterSettings(u, commandTimeout, commissioningTimeout, reconnectInitial,
          reconnectMax, pingInterval, eventQueueCapacity, maxPendingCommands, List.copyOf(listeners), random));
    }
  }
}
