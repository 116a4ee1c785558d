package dev.microevent.matter;

import static dev.microevent.matter.Venue.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.ServiceMode;
import dev.microevent.testkit.matter.RecordedMatterCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Room automation on virtual time, against the fake controller: the core client's service mode
 * (proposed the way sdk-power proposes it) switches non-essential devices off and dims lights,
 * never touches critical ones, and puts every device back exactly as it was.
 */
class RoomAutomationIT {
  static final long[] NODES = {ThreeRooms.SHOP_TILL, ThreeRooms.SHOP_SPOT, ThreeRooms.NEON, ThreeRooms.STAGE_LIGHT,
      ThreeRooms.FOG, ThreeRooms.COMMISSIONED};

  final List<AutomationRun> runs = new CopyOnWriteArrayList<>();
  final List<RoomAlert> alerts = new CopyOnWriteArrayList<>();
  final RoomAutomationListener listener = new RoomAutomationListener() {
    @Override
    public void onRun(AutomationRun run) {
      runs.add(run);
    }

    @Override
    public void onAlert(RoomAlert alert) {
      alerts.add(alert);
    }
  };
  Venue venue;
  RoomManifest rooms;
  RoomAutomation automation;

  @BeforeEach
  void start() throws Exception {
    venue = new Venue();
    rooms = done(venue.matter.preflight(venue.manifest)).manifest(); // node ids, the new spot light's included
    automation = venue.matter.automate(rooms, listener);
    venue.time.runDueTasks(); // the first look at the critical devices
  }

  @AfterEach
  void stop() {
    automation.close();
    venue.close();
  }

  private Map<Long, Map<String, @Nullable Object>> devices() {
    Map<Long, Map<String, @Nullable Object>> all = new HashMap<>();
    for (long id : NODES) {
      all.put(id, venue.server.attributesOf(id));
    }
    return all;
  }

  private @Nullable Object attribute(long node, String path) {
    return venue.server.attributesOf(node).get(path);
  }

  /**
   * A minute later (virtual), the power source proposes a mode; the run starts on the (virtual)
   * core scheduler; wait for the devices' answers. Time stands still meanwhile, so no command
   * deadline passes while the fake answers in real time.
   */
  private AutomationRun mode(ServiceMode mode) throws Exception {
    return mode("power", mode);
  }

  private AutomationRun mode(String source, ServiceMode mode) throws Exception {
    int before = runs.size();
    venue.time.advance(Duration.ofMinutes(1));
    venue.core.modes().propose(source, mode, "battery test");
    assertThat(runs).hasSize(before); // not on the proposing thread
    venue.time.runDueTasks();
    assertThat(done(automation.settled())).isEqualTo(mode);
    await().atMost(Venue.AWAIT).until(() -> runs.size() > before);
    return runs.get(runs.size() - 1);
  }

  private List<RecordedMatterCommand> commandsTo(long node) {
    return venue.server.commands("device_command").stream()
        .filter(c -> c.args().contains("\"node_id\":" + node + ",")).toList();
  }

  @Test
  void reduced_switchesNonEssentialOff_andDimsLights_thenNormal_restoresEverythingExactly() throws Exception {
    Map<Long, Map<String, @Nullable Object>> evening = devices();

    AutomationRun night = mode(ServiceMode.REDUCED);

    assertThat(night.from()).isEqualTo(ServiceMode.NORMAL);
    assertThat(night.reason()).isEqualTo("power: battery test");
    assertThat(night.at()).isEqualTo(Venue.EVENING.plus(Duration.ofMinutes(1)));
    assertThat(night.failures()).isEmpty();
    assertThat(night.actions()).extracting(Object::toString).containsExactly(
        "shop/shop-spot: on at 200 -> on at 76",
        "shop/neon-sign: on -> off",
        "stage/fog-machine: on -> off",
        "stage/stage-spot: on at 120 -> on at 76");
    assertThat(attribute(ThreeRooms.NEON, "1/6/0")).isEqualTo(false);
    assertThat(attribute(ThreeRooms.FOG, "1/6/0")).isEqualTo(false);
    assertThat(attribute(ThreeRooms.SHOP_SPOT, "1/8/0")).isEqualTo(76);
    assertThat(attribute(ThreeRooms.SHOP_SPOT, "1/6/0")).isEqualTo(true);
    assertThat(attribute(ThreeRooms.COMMISSIONED, "1/8/0")).isEqualTo(76);
    assertThat(commandsTo(ThreeRooms.SHOP_TILL)).as("critical: untouched").isEmpty();
    assertThat(commandsTo(ThreeRooms.STAGE_LIGHT)).as("critical: untouched").isEmpty();
    assertThat(devices().get(ThreeRooms.STAGE_LIGHT)).isEqualTo(evening.get(ThreeRooms.STAGE_LIGHT));
    assertThat(automation.saved()).containsOnlyKeys(DeviceId.of("shop-spot"), DeviceId.of("neon-sign"),
        DeviceId.of("fog-machine"), DeviceId.of("stage-spot"));

    AutomationRun morning = mode(ServiceMode.NORMAL);

    assertThat(morning.actions()).extracting(Object::toString).containsExactly(
        "shop/shop-spot: on at 76 -> on at 200",
        "shop/neon-sign: off -> on",
        "stage/fog-machine: off -> on",
        "stage/stage-spot: on at 76 -> on at 120");
    assertThat(devices()).isEqualTo(evening);
    assertThat(automation.saved()).isEmpty();
    assertThat(automation.appliedMode()).isEqualTo(ServiceMode.NORMAL);
    assertThat(venue.registry.get("microevent.matter.automation.actions").tag("outcome", "ok").counter().count())
        .isEqualTo(8);
  }

  @Test
  void aModeProposedByAnAlertSource_drivesTheRoomToo_andTheRoomFollowsTheMostSevereSource() throws Exception {
    Map<Long, Map<String, @Nullable Object>> evening = devices();

    AutomationRun alert = mode("alerts", ServiceMode.REDUCED);

    assertThat(alert.reason()).isEqualTo("alerts: battery test");
    assertThat(alert.actions()).extracting(Object::toString).contains("shop/neon-sign: on -> off",
        "stage/fog-machine: on -> off");
    assertThat(commandsTo(ThreeRooms.SHOP_TILL)).as("critical: untouched").isEmpty();

    venue.core.modes().propose("power", ServiceMode.NORMAL, "mains fine");
    venue.time.runDueTasks();
    assertThat(done(automation.settled())).as("the alert still holds the room").isEqualTo(ServiceMode.REDUCED);
    assertThat(attribute(ThreeRooms.NEON, "1/6/0")).isEqualTo(false);

    AutomationRun cleared = mode("alerts", ServiceMode.NORMAL);

    assertThat(cleared.to()).isEqualTo(ServiceMode.NORMAL);
    assertThat(devices()).isEqualTo(evening);
  }

  @Test
  void criticalOnly_afterReduced_switchesDegradedOffToo_andNormalStillRestoresTheEveningState() throws Exception {
    Map<Long, Map<String, @Nullable Object>> evening = devices();
    mode(ServiceMode.REDUCED);

    AutomationRun worse = mode(ServiceMode.CRITICAL_ONLY);

    assertThat(worse.actions()).extracting(Object::toString).containsExactly(
        "stage/stage-spot: on at 76 -> off at 120"); // the shop's rule is the same in both modes
    assertThat(attribute(ThreeRooms.COMMISSIONED, "1/6/0")).isEqualTo(false);

    mode(ServiceMode.NORMAL);
    assertThat(devices()).isEqualTo(evening);
  }

  @Test
  void aLightThatWasOff_staysOff_andKeepsItsLevel() throws Exception {
    venue.server.updateAttribute(ThreeRooms.SHOP_SPOT, "1/6/0", false);
    await().atMost(Venue.AWAIT).until(() -> venue.matter.node(MatterNodeId.of(ThreeRooms.SHOP_SPOT)).orElseThrow()
        .attribute(AttributePath.onOff(1)).orElseThrow().asBoolean().orElseThrow().equals(false));
    Map<Long, Map<String, @Nullable Object>> evening = devices();

    AutomationRun night = mode(ServiceMode.REDUCED);
    assertThat(night.in(RoomId.of("shop"))).extracting(Object::toString).containsExactly("shop/neon-sign: on -> off");

    mode(ServiceMode.NORMAL);
    assertThat(devices()).isEqualTo(evening);
  }

  @Test
  void aCriticalDeviceGoingUnavailable_raisesAnAlert_andItsReturnAnother() throws Exception {
    assertThat(alerts).as("the bar till was unreachable from the start").singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(RoomAlert.Kind.CRITICAL_DEVICE_UNAVAILABLE);
      assertThat(a.device()).isEqualTo(DeviceId.of("bar-till"));
      assertThat(a.room()).isEqualTo(RoomId.of("bar"));
    });
    venue.time.advance(Duration.ofMinutes(5));

    venue.server.setAvailable(ThreeRooms.STAGE_LIGHT, false);
    venue.server.setAvailable(ThreeRooms.NEON, false); // not critical: no alert
    venue.server.setAvailable(ThreeRooms.BAR_TILL, true);

    await().atMost(Venue.AWAIT).until(() -> alerts.size() == 3);
    assertThat(alerts.get(1).kind()).isEqualTo(RoomAlert.Kind.CRITICAL_DEVICE_UNAVAILABLE);
    assertThat(alerts.get(1).device()).isEqualTo(DeviceId.of("stage-light"));
    assertThat(alerts.get(1).message()).contains("critical device stage-light (Stage light) in room stage is"
        + " unavailable: the controller does not reach node 10");
    assertThat(alerts.get(1).at()).isEqualTo(Venue.EVENING.plus(Duration.ofMinutes(5)));
    assertThat(alerts.get(2).kind()).isEqualTo(RoomAlert.Kind.CRITICAL_DEVICE_RECOVERED);
    assertThat(alerts.get(2).device()).isEqualTo(DeviceId.of("bar-till"));
    assertThat(venue.registry.get("microevent.matter.alerts").tag("kind", "critical_device_unavailable").counter()
        .count()).isEqualTo(2);
  }

  @Test
  void aDeviceThatRefuses_isReported_andPutBackOnTheNextNormal() throws Exception {
    Map<Long, Map<String, @Nullable Object>> evening = devices();
    venue.server.setAvailable(ThreeRooms.FOG, false);
    await().atMost(Venue.AWAIT).until(() -> !venue.matter.node(MatterNodeId.of(ThreeRooms.FOG)).orElseThrow()
        .available());

    AutomationRun night = mode(ServiceMode.REDUCED);

    assertThat(night.failures()).extracting(Object::toString)
        .containsExactly("stage/fog-machine: on -> off FAILED: node 11 is not available");
    assertThat(alerts).anyMatch(a -> a.kind() == RoomAlert.Kind.ACTION_FAILED
        && a.device().equals(DeviceId.of("fog-machine")));

    venue.server.setAvailable(ThreeRooms.FOG, true);
    await().atMost(Venue.AWAIT).until(() -> venue.matter.node(MatterNodeId.of(ThreeRooms.FOG)).orElseThrow()
        .available());
    mode(ServiceMode.NORMAL);
    assertThat(devices()).isEqualTo(evening); // the fog machine was never switched off
  }
}
