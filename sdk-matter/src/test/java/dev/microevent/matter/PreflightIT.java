package dev.microevent.matter;

import static dev.microevent.matter.Venue.done;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pre-flight against the fake controller: the three-room venue of {@link ThreeRooms}. */
class PreflightIT {
  Venue venue;

  @BeforeEach
  void start() throws Exception {
    venue = new Venue();
  }

  @AfterEach
  void stop() {
    venue.close();
  }

  private static Map<String, DeviceReadiness> byDevice(ReadinessReport report) {
    return report.devices().stream().collect(Collectors.toMap(d -> d.device().id().value(), Function.identity()));
  }

  @Test
  void threeRooms_withOneMissingAndOneUnreachableDevice_theReportSaysSo_andTheDoorsStayShut() throws Exception {
    ReadinessReport report = done(venue.matter.preflight(venue.manifest));

    Map<String, DeviceReadiness> d = byDevice(report);
    assertThat(d).hasSize(8);
    assertThat(d.get("shop-till").status()).isEqualTo(ReadinessStatus.READY);
    assertThat(d.get("shop-spot").status()).isEqualTo(ReadinessStatus.READY);
    assertThat(d.get("neon-sign").status()).isEqualTo(ReadinessStatus.READY);
    assertThat(d.get("stage-light").status()).isEqualTo(ReadinessStatus.READY);
    assertThat(d.get("fog-machine").status()).isEqualTo(ReadinessStatus.WRONG_FIRMWARE);
    assertThat(d.get("fog-machine").detail()).contains("runs firmware 2.0, the manifest expects 2.1");
    assertThat(d.get("stage-spot").status()).isEqualTo(ReadinessStatus.COMMISSIONED);
    assertThat(d.get("stage-spot").nodeId()).isEqualTo(MatterNodeId.of(ThreeRooms.COMMISSIONED));
    assertThat(d.get("bar-till").status()).isEqualTo(ReadinessStatus.UNREACHABLE);
    assertThat(d.get("bar-till").detail()).contains("node 12: the controller does not reach it");
    assertThat(d.get("bar-screen").status()).isEqualTo(ReadinessStatus.MISSING);
    assertThat(d.get("bar-screen").detail()).contains("commissioning with the manifest's code failed");

    assertThat(report.readyToOpen()).isFalse();
    assertThat(report.blocking()).extracting(r -> r.device().id().value()).containsExactly("bar-till");
    assertThat(report.checkedAt()).isEqualTo(Venue.EVENING); // the core client's (virtual) clock

    String text = report.toText();
    assertThat(text).startsWith("Pre-flight at 2026-12-01T18:00:00Z")
        .contains("NOT READY to open: 1 critical device not ready (bar-till)")
        .contains("8 devices (3 critical): 4 ready, 1 commissioned now, 1 missing, 1 unreachable, 1 on the wrong"
            + " firmware")
        .containsPattern("bar-till +critical +UNREACHABLE +node 12")
        .containsPattern("bar-screen +degraded +MISSING +no node id in the manifest")
        .containsPattern("stage-spot +degraded +COMMISSIONED +node 100 reachable, firmware 1.0; commissioned now")
        .doesNotContain("MT:"); // no pairing code (they hold the passcode)
  }

  @Test
  void commissionsWithTheManifestsCode_oneAtATime_andReturnsTheManifestWithTheNewNodeId() throws Exception {
    ReadinessReport report = done(venue.matter.preflight(venue.manifest));

    assertThat(venue.server.commands("commission_with_code")).extracting(c -> c.args())
        .containsExactly("{\"code\":\"" + ThreeRooms.code(6) + "\",\"network_only\":true}",
            "{\"code\":\"" + ThreeRooms.code(8) + "\",\"network_only\":true}");
    assertThat(report.manifest().device(DeviceId.of("stage-spot")).orElseThrow().nodeId())
        .contains(MatterNodeId.of(ThreeRooms.COMMISSIONED));
    assertThat(report.manifest().device(DeviceId.of("bar-screen")).orElseThrow().nodeId()).isEmpty();

    ReadinessReport again = done(venue.matter.preflight(report.manifest()));
    assertThat(again.device(DeviceId.of("stage-spot")).orElseThrow().status()).isEqualTo(ReadinessStatus.READY);
    assertThat(venue.server.commands("commission_with_code")).hasSize(3); // only bar-screen again
  }

  @Test
  void checkOnly_commissionsNothing() throws Exception {
    ReadinessReport report = done(venue.matter.preflight(venue.manifest, false));

    assertThat(venue.server.commands("commission_with_code")).isEmpty();
    assertThat(report.device(DeviceId.of("stage-spot")).orElseThrow().status()).isEqualTo(ReadinessStatus.MISSING);
    assertThat(report.count(ReadinessStatus.MISSING)).isEqualTo(2);
  }

  @Test
  void aDeviceThatAnswersNoPing_isUnreachable() throws Exception {
    venue.server.answerNextRaw("ping_node", "{\"192.0.2.7\": false}");

    ReadinessReport report = done(venue.matter.preflight(venue.manifest, false));

    DeviceReadiness till = report.device(DeviceId.of("shop-till")).orElseThrow();
    assertThat(till.status()).isEqualTo(ReadinessStatus.UNREACHABLE);
    assertThat(till.detail()).isEqualTo("node 7 answers no ping on 1 address; check its power and network");
  }
}
