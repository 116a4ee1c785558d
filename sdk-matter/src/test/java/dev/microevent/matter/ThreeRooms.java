package dev.microevent.matter;

import dev.microevent.core.Criticality;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import java.util.Set;

/**
 * A venue of three rooms on a {@link FakeMatterController}, for the pre-flight and automation
 * tests. Shop: a critical till plug, a degraded spot light (on at 200), a non-essential neon sign
 * (on). Stage: a critical stage light (on at 254), a non-essential fog machine on firmware 2.0
 * where the manifest wants 2.1, a degraded spot light the controller does not have yet (it is
 * commissionable, and comes up on at 120). Bar: a critical till plug the controller does not
 * reach, and a degraded screen that is neither commissioned nor commissionable.
 */
final class ThreeRooms {
  static final long SHOP_TILL = 7;
  static final long SHOP_SPOT = 8;
  static final long NEON = 9;
  static final long STAGE_LIGHT = 10;
  static final long FOG = 11;
  static final long BAR_TILL = 12;
  /** The node id the fake gives the first device it commissions. */
  static final long COMMISSIONED = 100;

  static final ModeRule REDUCED = ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 30);
  static final ModeRule CRITICAL_ONLY = ModeRule.of(Set.of(Criticality.NON_ESSENTIAL, Criticality.DEGRADED), 30);

  private ThreeRooms() {}

  /** A valid QR code, different for each discriminator. */
  static String code(int discriminator) {
    return QrCode.format(OnboardingPayload.builder().vendorId(VendorId.TEST_VENDOR_1).productId(ProductId.of(0x8000))
        .discoveryCapabilities(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK))
        .discriminator(Discriminator.ofLong(discriminator)).passcode(20_202_000 + discriminator).build());
  }

  /** Puts the venue's nodes on the fake, and makes the new spot light commissionable. */
  static void install(FakeMatterController server) {
    server.addNode(FakeMatterNode.onOffPlug(SHOP_TILL).withAttribute("1/6/0", true));
    server.addNode(FakeMatterNode.onOffLight(SHOP_SPOT).withAttribute("1/6/0", true).withAttribute("1/8/0", 200));
    server.addNode(FakeMatterNode.onOffPlug(NEON).withAttribute("1/6/0", true));
    server.addNode(FakeMatterNode.onOffLight(STAGE_LIGHT).withAttribute("1/6/0", true));
    server.addNode(FakeMatterNode.onOffPlug(FOG).withAttribute("1/6/0", true).withSoftwareVersion(20, "2.0"));
    server.addNode(FakeMatterNode.onOffPlug(BAR_TILL).withAttribute("1/6/0", true).withAvailable(false));
    server.nextNodeId(COMMISSIONED);
    server.commissionable(code(6), FakeMatterNode.onOffLight(1).withAttribute("1/6/0", true)
        .withAttribute("1/8/0", 120));
  }

  static ExpectedDevice device(String id, String name, int discriminator, Criticality role, long nodeId) {
    ExpectedDevice.Builder b = ExpectedDevice.builder().id(DeviceId.of(id)).name(name).pairingCode(code(discriminator))
        .role(role);
    if (nodeId != 0) {
      b.nodeId(MatterNodeId.of(nodeId));
    }
    return b.build();
  }

  /** The manifest: 3 rooms, 8 devices. */
  static RoomManifest manifest(FakeMatterController server) {
    Room shop = Room.builder().id(RoomId.of("shop")).name("Shop floor").rules(RoomRules.of(REDUCED))
        .addDevice(device("shop-till", "Shop till", 1, Criticality.CRITICAL, SHOP_TILL))
        .addDevice(device("shop-spot", "Shop spot", 2, Criticality.DEGRADED, SHOP_SPOT))
        .addDevice(device("neon-sign", "Neon sign", 3, Criticality.NON_ESSENTIAL, NEON))
        .build();
    Room stage = Room.builder().id(RoomId.of("stage")).name("Main stage").rules(new RoomRules(REDUCED, CRITICAL_ONLY))
        .addDevice(device("stage-light", "Stage light", 4, Criticality.CRITICAL, STAGE_LIGHT))
        .addDevice(device("fog-machine", "Fog machine", 5, Criticality.NON_ESSENTIAL, FOG).toBuilder()
            .firmware(FirmwareVersion.ofText("2.1")).build())
        .addDevice(device("stage-spot", "Stage spot", 6, Criticality.DEGRADED, 0))
        .build();
    Room bar = Room.builder().id(RoomId.of("bar")).name("Bar")
        .addDevice(device("bar-till", "Bar till", 7, Criticality.CRITICAL, BAR_TILL))
        .addDevice(device("bar-screen", "Bar screen", 8, Criticality.DEGRADED, 0))
        .build();
    return RoomManifest.builder().controller(ControllerEndpoint.of(server.url())).addRoom(shop).addRoom(stage)
        .addRoom(bar).build();
  }
}
