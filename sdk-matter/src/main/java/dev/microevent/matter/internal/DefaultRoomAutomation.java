package dev.microevent.matter.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.ModeChange;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.Subscription;
import dev.microevent.matter.AttributePath;
import dev.microevent.matter.AutomationRun;
import dev.microevent.matter.ClusterCommand;
import dev.microevent.matter.DeviceAction;
import dev.microevent.matter.DeviceId;
import dev.microevent.matter.DeviceState;
import dev.microevent.matter.ExpectedDevice;
import dev.microevent.matter.MatterClient;
import dev.microevent.matter.MatterConnectionState;
import dev.microevent.matter.MatterListener;
import dev.microevent.matter.MatterNode;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.MatterValue;
import dev.microevent.matter.ModeRule;
import dev.microevent.matter.RoomAlert;
import dev.microevent.matter.RoomAutomation;
import dev.microevent.matter.RoomAutomationListener;
import dev.microevent.matter.Room;
import dev.microevent.matter.RoomManifest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room automation on the core client's service modes.
 *
 * <p>Threads. The mode listener only queues a run (it is called under the core switchboard's
 * lock); runs go one after another on the given executor (the core scheduler: virtual in tests),
 * each sending its commands at once and finishing when the devices have answered. {@link #saved}
 * is only written by runs, which never overlap. Alerts come from the Matter client's event thread.
 */
public final class DefaultRoomAutomation implements RoomAutomation {
  private static final Logger log = LoggerFactory.getLogger(DefaultRoomAutomation.class);

  /** A device automation may drive: it has a node id. */
  private record Managed(Room room, ExpectedDevice device, MatterNodeId node) {}

  private final MatterClient client;
  private final Executor executor;
  private final Clock clock;
  private final MatterMeters meters;
  private final RoomAutomationListener listener;
  private final List<Managed> managed = new ArrayList<>();
  private final Map<DeviceId, DeviceState> saved = new ConcurrentHashMap<>();
  private final Set<DeviceId> alerted = ConcurrentHashMap.newKeySet();
  private final Subscription modeSubscription;
  private final Subscription nodeSubscription;
  private final Object lock = new Object();

  // Guarded by lock.
  private CompletableFuture<ServiceMode> tail;
  private volatile ServiceMode applied = ServiceMode.NORMAL;
  private volatile boolean closed;

  private DefaultRoomAutomation(MatterClient client, Executor executor, Clock clock, MatterMeters meters,
      RoomManifest manifest, RoomAutomationListener listener, ServiceModes modes) {
    this.client = client;
    this.executor = executor;
    this.clock = clock;
    this.meters = meters;
    this.listener = listener;
    for (Room room : manifest.rooms()) {
      for (ExpectedDevice d : room.devices()) {
        d.nodeId().ifPresent(id -> managed.add(new Managed(room, d, id)));
      }
    }
    this.tail = CompletableFuture.completedFuture(ServiceMode.NORMAL);
    this.nodeSubscription = client.addListener(new Nodes());
    this.modeSubscription = modes.addListener(this::onModeChange);
    ServiceMode now = modes.current();
    if (now != ServiceMode.NORMAL) {
      enqueue(now, "already " + now + " when automation started");
    }
    if (client.state() == MatterConnectionState.READY) {
      executor.execute(this::sweepCritical);
    }
  }

  /**
   * Starts automation.
   *
   * @param client the Matter client
   * @param modes the core client's service modes
   * @param executor where runs start (the core scheduler)
   * @param clock the core client's clock
   * @param meters the Matter client's meters
   * @param manifest the rooms, with node ids
   * @param listener told about runs and alerts
   * @return the running automation
   */
  static DefaultRoomAutomation start(MatterClient client, ServiceModes modes, Executor executor, Clock clock,
      MatterMeters meters, RoomManifest manifest, RoomAutomationListener listener) {
    DefaultRoomAutomation a = new DefaultRoomAutomation(client, executor, clock, meters, manifest, listener, modes);
    log.info("room automation started: {} room(s), {} device(s) with a node id", manifest.rooms().size(),
        a.managed.size());
    return a;
  }

  @Override
  public ServiceMode appliedMode() {
    return applied;
  }

  @Override
  public CompletableFuture<ServiceMode> settled() {
    synchronized (lock) {
      return tail.copy();
    }
  }

  @Override
  public Map<DeviceId, DeviceState> saved() {
    return Map.copyOf(saved);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    modeSubscription.close();
    nodeSubscription.close();
  }

  // ------------------------------------------------------------------ runs

  private void onModeChange(ModeChange change) {
    enqueue(change.to(), change.source() + ": " + change.reason());
  }

  private void enqueue(ServiceMode to, String reason) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      // A run never fails; if one did (a bug), the next still runs, from the mode last applied.
      tail = tail.exceptionally(e -> applied).thenComposeAsync(from -> run(from, to, reason), executor);
    }
  }

  /** One run: every managed device to the state its room's rule wants in {@code to}. Never fails. */
  private CompletableFuture<ServiceMode> run(ServiceMode from, ServiceMode to, String reason) {
    List<CompletableFuture<DeviceAction>> actions = new ArrayList<>();
    for (Managed m : managed) {
      if (m.device().role() == Criticality.CRITICAL) {
        continue; // never touched
      }
      CompletableFuture<DeviceAction> a;
      try {
        a = step(m, to);
      } catch (RuntimeException e) {
        // a bug here must not stop the other devices, nor the runs after this one
        log.warn("room automation could not handle device {}", m.device().id(), e);
        a = null;
      }
      if (a != null) {
        actions.add(a);
      }
    }
    return CompletableFuture.allOf(actions.toArray(CompletableFuture[]::new)).handle((v, e) -> {
      List<DeviceAction> done = new ArrayList<>();
      actions.forEach(f -> done.add(f.join())); // each action's future never fails
      AutomationRun run = new AutomationRun(from, to, reason, done, clock.instant());
      applied = to;
      log.info("rooms set for {}: {} device(s) changed, {} failed", to, done.size(), run.failures().size());
      call(l -> l.onRun(run));
      return to;
    });
  }

  /** A device's step, or null when it is already as wanted. */
  private @Nullable CompletableFuture<DeviceAction> step(Managed m, ServiceMode to) {
    DeviceId id = m.device().id();
    DeviceState keep = saved.get(id);
    Optional<MatterNode> node = client.node(m.node());
    DeviceState now = node.map(n -> state(n, m.device().endpoint())).orElse(null);
    if (now == null) {
      ModeRule rule = m.room().rules().forMode(to);
      if (keep == null && rule.switchOff().isEmpty() && rule.dimLightsTo() == 100) {
        return null; // nothing to do for it anyway
      }
      DeviceState shown = keep != null ? keep : DeviceState.of(false);
      return CompletableFuture.completedFuture(failed(m, shown, shown, node.isEmpty()
          ? "node " + m.node() + " is not on the controller"
          : "node " + m.node() + " has no OnOff cluster on endpoint " + m.device().endpoint()));
    }
    DeviceState base = keep != null ? keep : now;
    DeviceState target = m.room().rules().forMode(to).apply(m.device().role(), base);
    if (target.equals(now)) {
      if (target.equals(base)) {
        saved.remove(id);
      }
      return null;
    }
    if (!node.map(MatterNode::available).orElse(false)) {
      return CompletableFuture.completedFuture(failed(m, now, target, "node " + m.node() + " is not available"));
    }
    int endpoint = m.device().endpoint();
    CompletableFuture<?> sent = CompletableFuture.completedFuture(null);
    if (target.dimmable() && now.dimmable() && target.level() != now.level()) {
      sent = client.command(m.node(), endpoint, ClusterCommand.moveToLevel(target.level(), null));
    }
    if (target.on() != now.on()) {
      sent = sent.thenCompose(v -> client.command(m.node(), endpoint, target.on() ? ClusterCommand.on()
          : ClusterCommand.off()));
    }
    return sent.handle((v, e) -> {
      if (e != null) {
        saved.putIfAbsent(id, base); // what to put back stays known
        return failed(m, now, target, Texts.failure(e));
      }
      if (target.equals(base)) {
        saved.remove(id);
      } else {
        saved.putIfAbsent(id, base);
      }
      meters.count(MatterMeters.AUTOMATION_ACTIONS, "outcome", "ok");
      return new DeviceAction(m.room().id(), id, now, target, null);
    });
  }

  private DeviceAction failed(Managed m, DeviceState before, DeviceState after, String why) {
    meters.count(MatterMeters.AUTOMATION_ACTIONS, "outcome", "failed");
    alert(RoomAlert.Kind.ACTION_FAILED, m, "device " + m.device().id() + " in room " + m.room().id() + " did not"
        + " take " + after + ": " + why);
    return new DeviceAction(m.room().id(), m.device().id(), before, after, why);
  }

  /** The device's on/off and level on its endpoint, from the node; null without an OnOff attribute. */
  static @Nullable DeviceState state(MatterNode node, int endpoint) {
    Optional<Boolean> on = node.attribute(AttributePath.onOff(endpoint))
        .flatMap(MatterValue::asBoolean);
    if (on.isEmpty()) {
      return null;
    }
    OptionalLong level = node.attribute(AttributePath.currentLevel(endpoint)).map(MatterValue::asLong)
        .orElse(OptionalLong.empty());
    boolean known = level.isPresent() && level.getAsLong() >= 0 && level.getAsLong() <= DeviceState.MAX_LEVEL;
    return new DeviceState(on.get(), known ? (int) level.getAsLong() : DeviceState.NO_LEVEL);
  }

  // ------------------------------------------------------------------ alerts

  private final class Nodes implements MatterListener {
    @Override
    public void onConnectionState(MatterConnectionState state) {
      if (state == MatterConnectionState.READY) {
        sweepCritical();
      }
    }

    @Override
    public void onAvailabilityChanged(MatterNodeId nodeId, boolean available) {
      for (Managed m : managed) {
        if (m.node().equals(nodeId) && m.device().role() == Criticality.CRITICAL) {
          availability(m, available);
        }
      }
    }

    @Override
    public void onNodeRemoved(MatterNodeId nodeId) {
      onAvailabilityChanged(nodeId, false);
    }
  }

  /** After a resync: every critical device that is not there or not available alerts once. */
  private void sweepCritical() {
    for (Managed m : managed) {
      if (m.device().role() == Criticality.CRITICAL) {
        availability(m, client.node(m.node()).map(MatterNode::available).orElse(false));
      }
    }
  }

  private void availability(Managed m, boolean available) {
    if (closed) {
      return;
    }
    DeviceId id = m.device().id();
    if (!available && alerted.add(id)) {
      alert(RoomAlert.Kind.CRITICAL_DEVICE_UNAVAILABLE, m, "critical device " + id + " (" + m.device().name()
          + ") in room " + m.room().id() + " is unavailable: the controller does not reach node " + m.node()
          + "; check its power and network now");
    } else if (available && alerted.remove(id)) {
      alert(RoomAlert.Kind.CRITICAL_DEVICE_RECOVERED, m, "critical device " + id + " in room " + m.room().id()
          + " is reachable again (node " + m.node() + ")");
    }
  }

  private void alert(RoomAlert.Kind kind, Managed m, String message) {
    RoomAlert a = new RoomAlert(kind, m.room().id(), m.device().id(), message, clock.instant());
    meters.count(MatterMeters.ALERTS, "kind", kind.name().toLowerCase(Locale.ROOT));
    if (kind == RoomAlert.Kind.CRITICAL_DEVICE_RECOVERED) {
      log.info("{}", message);
    } else {
      log.warn("{}", message);
    }
    call(l -> l.onAlert(a));
  }

  private void call(Consumer<RoomAutomationListener> c) {
    try {
      c.accept(listener);
    } catch (RuntimeException e) {
      meters.count(MatterMeters.LISTENER_ERRORS);
      log.warn("a RoomAutomationListener threw; skipped it (listeners must not throw)", e);
    }
  }
}
