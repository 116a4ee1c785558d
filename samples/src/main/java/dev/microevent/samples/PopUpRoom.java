package dev.microevent.samples;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ServiceMode;
import dev.microevent.matter.AutomationRun;
import dev.microevent.matter.ControllerEndpoint;
import dev.microevent.matter.DeviceAction;
import dev.microevent.matter.DeviceId;
import dev.microevent.matter.Discriminator;
import dev.microevent.matter.DiscoveryCapabilities;
import dev.microevent.matter.DiscoveryCapability;
import dev.microevent.matter.ExpectedDevice;
import dev.microevent.matter.MatterClient;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.ModeRule;
import dev.microevent.matter.OnboardingPayload;
import dev.microevent.matter.ProductId;
import dev.microevent.matter.QrCode;
import dev.microevent.matter.ReadinessReport;
import dev.microevent.matter.ReadinessStatus;
import dev.microevent.matter.Room;
import dev.microevent.matter.RoomAlert;
import dev.microevent.matter.RoomAutomation;
import dev.microevent.matter.RoomAutomationListener;
import dev.microevent.matter.RoomId;
import dev.microevent.matter.RoomManifest;
import dev.microevent.matter.RoomRules;
import dev.microevent.matter.VendorId;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The pop-up's Matter room (sdk-matter), on a fake Matter Server on loopback: a till plug
 * (critical), two spot lights (degraded), a neon sign and a fog machine (non-essential). A
 * pre-flight checks it before the doors open (and commissions the second spot light); then the
 * room follows the client's service mode: when the solar battery runs low at night the neon sign
 * and the fog machine go off and the lights dim, the till stays on, and in the morning everything
 * comes back as it was.
 */
final class PopUpRoom implements AutoCloseable {
  private final Stage stage;
  private final FakeMatterController server;
  private final MatterClient matter;
  private final RoomAutomation automation;
  private final Map<Long, Map<String, @Nullable Object>> evening = new TreeMap<>();
  private final Set<DeviceId> critical;

  private PopUpRoom(Stage stage, MicroEventClient client) throws Exception {
    this.stage = stage;
    this.server = FakeMatterController.start();
    server.addNode(FakeMatterNode.onOffPlug(1).withAttribute("1/6/0", true));
    server.addNode(FakeMatterNode.onOffLight(2).withAttribute("1/6/0", true).withAttribute("1/8/0", 220));
    server.addNode(FakeMatterNode.onOffPlug(3).withAttribute("1/6/0", true));
    server.addNode(FakeMatterNode.onOffPlug(4).withAttribute("1/6/0", true));
    server.nextNodeId(5);
    server.commissionable(code(5), FakeMatterNode.onOffLight(5).withAttribute("1/6/0", true)
        .withAttribute("1/8/0", 180));
    Room room = Room.builder().id(RoomId.of("pop-up")).name("Pop-up store")
        .rules(new RoomRules(ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 30),
            ModeRule.of(Set.of(Criticality.NON_ESSENTIAL, Criticality.DEGRADED), 30)))
        .addDevice(device("till", 1, Criticality.CRITICAL, 1))
        .addDevice(device("spot-1", 2, Criticality.DEGRADED, 2))
        .addDevice(device("neon-sign", 3, Criticality.NON_ESSENTIAL, 3))
        .addDevice(device("fog-machine", 4, Criticality.NON_ESSENTIAL, 4))
        .addDevice(device("spot-2", 5, Criticality.DEGRADED, 0))
        .build();
    this.critical = room.devices().stream().filter(d -> d.role() == Criticality.CRITICAL).map(ExpectedDevice::id)
        .collect(Collectors.toUnmodifiableSet());
    RoomManifest manifest = RoomManifest.builder().controller(ControllerEndpoint.of(server.url())).addRoom(room)
        .build();
    this.matter = MatterClient.builder().client(client).controller(manifest.controller()).build();
    ReadinessReport report = matter.preflight(manifest).get(30, TimeUnit.SECONDS);
    stage.say("room pop-up pre-flight: " + (report.readyToOpen() ? "ready to open" : "NOT ready") + ", "
        + report.count(ReadinessStatus.READY) + " devices ready, " + report.count(ReadinessStatus.COMMISSIONED)
        + " commissioned now (Matter controller on loopback)");
    for (long node = 1; node <= 5; node++) {
      evening.put(node, Objects.requireNonNull(server.attributesOf(node), "the fake has the node"));
    }
    this.automation = matter.automate(report.manifest(), new RoomAutomationListener() {
      @Override
      public void onRun(AutomationRun run) {
        say(run);
      }

      @Override
      public void onAlert(RoomAlert alert) {
        stage.say("room alert: " + alert.message());
      }
    });
  }

  /** Opens the room on the client: pre-flight, then automation. */
  static PopUpRoom open(Stage stage, MicroEventClient client) throws Exception {
    return new PopUpRoom(stage, client);
  }

  /** After the night: waits for the room to settle, then tells whether every device is as it was. */
  void printState() throws Exception {
    ServiceMode mode = automation.settled().get(10, TimeUnit.SECONDS);
    long same = evening.entrySet().stream()
        .filter(e -> Objects.equals(e.getValue(), server.attributesOf(e.getKey()))).count();
    stage.say("room pop-up in " + mode + ": " + same + " of " + evening.size() + " devices as they were before the"
        + " night");
  }

  private void say(AutomationRun run) {
    if (run.actions().isEmpty()) {
      return;
    }
    List<String> off = new ArrayList<>();
    List<String> on = new ArrayList<>();
    List<String> level = new ArrayList<>();
    List<String> touched = new ArrayList<>();
    for (DeviceAction a : run.actions()) {
      String name = a.device().value();
      if (critical.contains(a.device())) {
        touched.add(name);
      }
      if (a.before().on() != a.after().on()) {
        (a.after().on() ? on : off).add(name);
      } else if (a.before().level() != a.after().level()) {
        level.add(name + " " + a.before().level() + "->" + a.after().level());
      }
    }
    List<String> parts = new ArrayList<>();
    if (!off.isEmpty()) {
      parts.add("off " + String.join(", ", off));
    }
    if (!on.isEmpty()) {
      parts.add("on " + String.join(", ", on));
    }
    if (!level.isEmpty()) {
      parts.add((run.to() == ServiceMode.NORMAL ? "level back " : "dimmed ") + String.join(", ", level));
    }
    stage.say("room pop-up " + (run.to() == ServiceMode.NORMAL ? "comes back" : "goes dark") + " (" + run.to()
        + "): " + String.join("; ", parts) + "; " + (touched.isEmpty() ? "critical devices untouched"
            : "critical devices TOUCHED: " + String.join(", ", touched)) + (run.failures().isEmpty() ? ""
            : "; " + run.failures().size() + " device(s) did not answer"));
  }

  private static ExpectedDevice device(String id, int discriminator, Criticality role, long nodeId) {
    ExpectedDevice.Builder b = ExpectedDevice.builder().id(DeviceId.of(id)).pairingCode(code(discriminator)).role(role);
    if (nodeId != 0) {
      b.nodeId(MatterNodeId.of(nodeId));
    }
    return b.build();
  }

  private static String code(int discriminator) {
    return QrCode.format(OnboardingPayload.builder().vendorId(VendorId.TEST_VENDOR_1)
        .productId(ProductId.of(0x8000)).discoveryCapabilities(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK))
        .discriminator(Discriminator.ofLong(discriminator)).passcode(20_202_000 + discriminator).build());
  }

  @Override
  public void close() {
    automation.close();
    matter.close();
    server.close();
  }
}
