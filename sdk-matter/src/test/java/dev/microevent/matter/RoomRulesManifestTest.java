package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.ServiceMode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 2: rooms' automation rules, devices' expected firmware and endpoint. */
class RoomRulesManifestTest {
  static final String V2 = """
      schemaVersion: 2
      controller:
        url: ws://10.0.0.5:5580/ws
      rooms:
        - id: shop
          automation:
            reduced:
              switchOff: [non-essential]
              dimLightsTo: 30
            criticalOnly:
              switchOff: [non-essential, degraded]
              dimLightsTo: 10
          devices:
            - id: pos-plug
              payload: "MT:Y.K90AFN00KA0648G00"
              role: critical
              firmware: "2.1.7"
            - id: spot
              payload: "3497-011-2332"
              role: degraded
              firmware: 7
              endpoint: 2
        - id: back
          automation:
            reduced: {switchOff: [non-essential]}
          devices: []
        - id: office
          devices: []
      """;

  private static String problems(String text) {
    return RoomManifestTest.problems(text, ManifestFormat.YAML);
  }

  @Test
  void readsRulesFirmwareAndEndpoint() {
    RoomManifest m = RoomManifest.parse(V2, ManifestFormat.YAML);

    RoomRules shop = m.room(RoomId.of("shop")).orElseThrow().rules();
    assertThat(shop.forMode(ServiceMode.NORMAL)).isEqualTo(ModeRule.NONE);
    assertThat(shop.forMode(ServiceMode.REDUCED)).isEqualTo(ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 30));
    assertThat(shop.forMode(ServiceMode.CRITICAL_ONLY))
        .isEqualTo(ModeRule.of(Set.of(Criticality.NON_ESSENTIAL, Criticality.DEGRADED), 10));
    RoomRules back = m.room(RoomId.of("back")).orElseThrow().rules();
    assertThat(back.forMode(ServiceMode.CRITICAL_ONLY)).as("criticalOnly left out: the reduced rule")
        .isEqualTo(back.reduced()).isEqualTo(ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 100));
    assertThat(m.room(RoomId.of("office")).orElseThrow().rules()).isEqualTo(RoomRules.NONE);

    ExpectedDevice pos = m.device(DeviceId.of("pos-plug")).orElseThrow();
    assertThat(pos.firmware()).contains(FirmwareVersion.ofText("2.1.7"));
    assertThat(pos.endpoint()).isEqualTo(1);
    ExpectedDevice spot = m.device(DeviceId.of("spot")).orElseThrow();
    assertThat(spot.firmware()).contains(FirmwareVersion.ofNumber(7));
    assertThat(spot.endpoint()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(ManifestFormat.class)
  void writesWhatItReads(ManifestFormat format) {
    RoomManifest m = RoomManifest.parse(V2, ManifestFormat.YAML);
    String text = m.write(format);
    assertThat(text).contains("schemaVersion").contains("dimLightsTo").contains("2.1.7");
    assertThat(RoomManifest.parse(text, format)).isEqualTo(m);
  }

  @Test
  void aVersionOneDocumentHasNoRules_andNamesTheNewMembersUnknown() {
    String v1 = V2.replace("schemaVersion: 2", "schemaVersion: 1");
    assertThat(problems(v1))
        .contains("$.rooms[0].automation: unknown member")
        .contains("$.rooms[0].devices[0].firmware: unknown member")
        .contains("$.rooms[0].devices[1].endpoint: unknown member");
  }

  @Test
  void namesEveryBadRule() {
    String bad = V2.replace("switchOff: [non-essential, degraded]", "switchOff: [critical, lamps]")
        .replace("dimLightsTo: 30", "dimLightsTo: 0").replace("firmware: 7", "firmware: [7]")
        .replace("endpoint: 2", "endpoint: 70000").replace("reduced: {switchOff: [non-essential]}",
            "reduced: {switchOf: [non-essential]}");
    assertThat(problems(bad))
        .contains("$.rooms[0].automation.criticalOnly.switchOff[0]: expected non-essential or degraded (critical"
            + " devices are never switched off)")
        .contains("$.rooms[0].automation.criticalOnly.switchOff[1]: expected non-essential or degraded")
        .contains("$.rooms[0].automation.reduced.dimLightsTo: expected a percentage 1..100")
        .contains("$.rooms[0].devices[1].firmware: expected a version number")
        .contains("$.rooms[0].devices[1].endpoint: expected an endpoint number 0..65534")
        .contains("$.rooms[1].automation.reduced.switchOf: unknown member");
  }

  @Test
  void aRuleNeverTouchesCriticalDevices() {
    ModeRule rule = ModeRule.of(Set.of(Criticality.NON_ESSENTIAL, Criticality.DEGRADED), 10);
    DeviceState bright = new DeviceState(true, 254);
    assertThat(rule.apply(Criticality.CRITICAL, bright)).isEqualTo(bright);
    assertThatThrownBy(() -> ModeRule.of(Set.of(Criticality.CRITICAL), 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never switches critical devices off");
  }

  @Test
  void aRuleSwitchesOffItsRoles_andDimsOnlyLightsThatAreOnAndBrighter() {
    ModeRule rule = ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 30);
    assertThat(rule.dimLevel()).isEqualTo(76);
    assertThat(rule.apply(Criticality.NON_ESSENTIAL, new DeviceState(true, 200))).isEqualTo(new DeviceState(false, 200));
    assertThat(rule.apply(Criticality.NON_ESSENTIAL, DeviceState.of(true))).isEqualTo(DeviceState.of(false));
    assertThat(rule.apply(Criticality.DEGRADED, new DeviceState(true, 200))).isEqualTo(new DeviceState(true, 76));
    assertThat(rule.apply(Criticality.DEGRADED, new DeviceState(true, 50))).as("already dimmer")
        .isEqualTo(new DeviceState(true, 50));
    assertThat(rule.apply(Criticality.DEGRADED, new DeviceState(false, 200))).as("off stays off, level kept")
        .isEqualTo(new DeviceState(false, 200));
    assertThat(rule.apply(Criticality.DEGRADED, DeviceState.of(true))).as("a plug has no level")
        .isEqualTo(DeviceState.of(true));
    assertThat(ModeRule.of(Set.of(), 1).dimLevel()).isEqualTo(3);
  }

  @Test
  void firmwareMatchesByNumberOrByText() {
    MatterNode node = MatterNode.builder(MatterNodeId.of(7))
        .putAttribute(AttributePath.of(0, 40, 9), MatterValue.of(7))
        .putAttribute(AttributePath.of(0, 40, 10), MatterValue.of("2.1.7")).build();
    assertThat(FirmwareVersion.ofNumber(7).matches(node)).isTrue();
    assertThat(FirmwareVersion.ofText("2.1.7").matches(node)).isTrue();
    assertThat(FirmwareVersion.ofText("2.1.8").matches(node)).isFalse();
    assertThat(FirmwareVersion.ofText("2.1.8").reportedBy(node)).isEqualTo("2.1.7");
    assertThat(FirmwareVersion.ofNumber(8).reportedBy(MatterNode.builder(MatterNodeId.of(8)).build()))
        .isEqualTo("unknown");
    assertThatThrownBy(() -> FirmwareVersion.ofNumber(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirmwareVersion.ofText(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
