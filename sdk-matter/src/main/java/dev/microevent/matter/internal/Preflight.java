package dev.microevent.matter.internal;

import dev.microevent.matter.DeviceReadiness;
import dev.microevent.matter.ExpectedDevice;
import dev.microevent.matter.FirmwareVersion;
import dev.microevent.matter.MatterClient;
import dev.microevent.matter.MatterNode;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.ReadinessReport;
import dev.microevent.matter.ReadinessStatus;
import dev.microevent.matter.Room;
import dev.microevent.matter.RoomManifest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-flight: one fresh node list, then device by device in the manifest's order (one
 * commissioning at a time, as a controller can only do one): a device the controller does not
 * have is commissioned with the manifest's code (if asked), a known one must be available and
 * answer a ping, and any device must run the firmware the manifest expects. Only the public
 * client API is used. Thread-safe (one run's state lives in its futures).
 */
public final class Preflight {
  private static final Logger log = LoggerFactory.getLogger(Preflight.class);

  private final MatterClient client;
  private final boolean commissionMissing;
  private final Map<MatterNodeId, MatterNode> nodes = new HashMap<>();

  private Preflight(MatterClient client, boolean commissionMissing) {
    this.client = client;
    this.commissionMissing = commissionMissing;
  }

  /**
   * Runs a pre-flight.
   *
   * @param client the controller client
   * @param manifest the rooms
   * @param commissionMissing whether to commission the devices the controller does not have
   * @param clock the core client's clock, for the report's time
   * @return the report; fails only if the node list cannot be had (a {@code MatterException} or
   *     {@code MatterServerException})
   */
  public static CompletableFuture<ReadinessReport> run(MatterClient client, RoomManifest manifest,
      boolean commissionMissing, Clock clock) {
    Preflight p = new Preflight(client, commissionMissing);
    return client.fetchNodes(false).thenCompose(list -> {
      list.forEach(n -> p.nodes.put(n.id(), n));
      CompletableFuture<List<DeviceReadiness>> chain = CompletableFuture.completedFuture(new ArrayList<>());
      for (Room room : manifest.rooms()) {
        for (ExpectedDevice device : room.devices()) {
          chain = chain.thenCompose(done -> p.check(room, device).thenApply(r -> {
            done.add(r);
            return done;
          }));
        }
      }
      return chain;
    }).thenApply(results -> {
      ReadinessReport report = ReadinessReport.of(clock.instant(), withNodeIds(manifest, results), results);
      log.info("pre-flight of {} devices: {}", results.size(), report.readyToOpen() ? "ready to open"
          : report.blocking().size() + " critical device(s) not ready");
      return report;
    });
  }

  private CompletableFuture<DeviceReadiness> check(Room room, ExpectedDevice d) {
    MatterNodeId id = d.nodeId().orElse(null);
    MatterNode node = id == null ? null : nodes.get(id);
    if (node == null) {
      String where = id == null ? "no node id in the manifest" : "node " + id + " is not on the controller";
      if (!commissionMissing) {
        return done(room, d, ReadinessStatus.MISSING, id, where + "; commission it (the pre-flight was told not to)");
      }
      CompletableFuture<MatterNode> commissioned;
      try {
        commissioned = client.commission(d.pairingCode());
      } catch (RuntimeException e) {
        commissioned = CompletableFuture.failedFuture(e);
      }
      return commissioned.handle((n, e) -> n != null ? verified(room, d, n, true)
          : result(room, d, ReadinessStatus.MISSING, id, where + "; commissioning with the manifest's code failed: "
              + Texts.failure(e) + "; put the device in pairing mode and run the pre-flight again"));
    }
    if (!node.available()) {
      return done(room, d, ReadinessStatus.UNREACHABLE, id, "node " + id + ": the controller does not reach it;"
          + " check its power and network");
    }
    return client.ping(node.id()).handle((answers, e) -> {
      if (answers == null) {
        return result(room, d, ReadinessStatus.UNREACHABLE, node.id(), "node " + node.id() + ": ping failed: "
            + Texts.failure(e));
      }
      if (!answers.containsValue(true)) {
        return result(room, d, ReadinessStatus.UNREACHABLE, node.id(), "node " + node.id() + " answers no ping on "
            + answers.size() + " address" + (answers.size() == 1 ? "" : "es") + "; check its power and network");
      }
      return verified(room, d, node, false);
    });
  }

  private DeviceReadiness verified(Room room, ExpectedDevice d, MatterNode node, boolean commissionedNow) {
    Optional<FirmwareVersion> expected = d.firmware();
    String now = commissionedNow ? "; commissioned now" : "";
    if (expected.isPresent() && !expected.get().matches(node)) {
      return result(room, d, ReadinessStatus.WRONG_FIRMWARE, node.id(), "node " + node.id() + " runs firmware "
          + expected.get().reportedBy(node) + ", the manifest expects " + expected.get() + "; update it" + now);
    }
    String firmware = expected.map(f -> f.reportedBy(node)).or(node::softwareVersionString).map(f -> ", firmware " + f)
        .orElse("");
    return result(room, d, commissionedNow ? ReadinessStatus.COMMISSIONED : ReadinessStatus.READY, node.id(),
        "node " + node.id() + " reachable" + firmware + now);
  }

  private static CompletableFuture<DeviceReadiness> done(Room room, ExpectedDevice d, ReadinessStatus status,
      @Nullable MatterNodeId id, String detail) {
    return CompletableFuture.completedFuture(result(room, d, status, id, detail));
  }

  private static DeviceReadiness result(Room room, ExpectedDevice d, ReadinessStatus status,
      @Nullable MatterNodeId id, String detail) {
    return new DeviceReadiness(room.id(), d, status, id, detail);
  }

  /** The manifest with every device's node id as found (commissioned ones get their new id). */
  private static RoomManifest withNodeIds(RoomManifest manifest, List<DeviceReadiness> results) {
    Map<String, @Nullable MatterNodeId> found = new HashMap<>();
    results.forEach(r -> found.put(r.device().id().value(), r.nodeId()));
    List<Room> rooms = new ArrayList<>();
    for (Room room : manifest.rooms()) {
      List<ExpectedDevice> devices = new ArrayList<>();
      for (ExpectedDevice d : room.devices()) {
        MatterNodeId id = found.get(d.id().value());
        devices.add(id == null ? d : d.toBuilder().nodeId(id).build());
      }
      rooms.add(room.toBuilder().devices(devices).build());
    }
    return manifest.toBuilder().rooms(rooms).build();
  }
}
