package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ModeChange;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ShedException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.FakeEdgePlane;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimulatedSolarDayTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T02:00:00Z"));

  /** Charge and solar every simulated half hour over a day, run from the wall-clock time {@code now}. */
  private static List<String> aDayOfReadings(SimulatedProfile day, String now) {
    VirtualTime wall = VirtualTime.startingAt(Instant.parse(now));
    PowerSource kit = PowerSource.simulated("kit", day, wall.clock());
    List<String> readings = new java.util.ArrayList<>();
    for (int i = 0; i < 48; i++) {
      PowerReading r = kit.read();
      readings.add(r.chargePercent().orElseThrow() + " % " + r.solarWatts().orElseThrow() + " W");
      wall.advance(Duration.ofMinutes(30));
    }
    return readings;
  }

  @Test
  void aStatedStartTellsTheSameDay_whateverTheWallClockTimeItRunsAt() {
    SimulatedProfile day = SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LIFEPO4, 12, 100), 55, 40, 600,
        LocalTime.of(6, 0), LocalTime.of(20, 0)).withStartTime(LocalTime.of(2, 0));

    assertThat(aDayOfReadings(day, "2026-06-01T03:17:00Z")).isEqualTo(aDayOfReadings(day, "2026-11-20T15:42:30Z"));
    assertThat(aDayOfReadings(day, "2026-06-01T03:17:00Z").get(20)).as("12:00").doesNotEndWith(" 0.0 W");
  }

  @Test
  void pausesNonEssentialWorkAtNight_andResumesItWhenSolarBringsTheBatteryBack() {
    SimulatedProfile day = SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LIFEPO4, 12, 100), 55, 0, 600,
        LocalTime.of(6, 0), LocalTime.of(20, 0));
    List<ModeChange> changes = new CopyOnWriteArrayList<>();
    List<String> analytics = new CopyOnWriteArrayList<>();
    try (PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler())
        .pollInterval(Duration.ofSeconds(30))
        .simulated("kit", day)
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 40))
        .addLoad(PowerLoad.of("stream", Criticality.DEGRADED, 30))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 50))
        .addListener(new PowerListener() {
          @Override
          public void onModeChange(ModeChange change) {
            changes.add(change);
          }
        })
        .build()) {
      power.pauseWhileShed(Criticality.NON_ESSENTIAL, () -> analytics.add("paused"), () -> analytics.add("resumed"));

      time.advance(Duration.ofHours(4)); // 06:00: the night drained it below 40 %
      assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
      assertThat(analytics).containsExactly("paused");
      double dawnCharge = power.status().estimate().chargePercent().orElseThrow();
      assertThat(power.status().estimate().drawIn(ServiceMode.REDUCED)).isEqualTo(70);

      time.advance(Duration.ofHours(6)); // 12:00: solar at its peak
      assertThat(power.status().estimate().solarWatts()).isGreaterThan(500);
      assertThat(power.status().estimate().chargePercent().orElseThrow()).isGreaterThan(dawnCharge);
      assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
      assertThat(analytics).containsExactly("paused", "resumed");
      assertThat(changes).extracting(ModeChange::to).containsExactly(ServiceMode.REDUCED, ServiceMode.NORMAL);
    }
  }

  @Test
  void shedsNonEssentialTrafficAtNight_andLetsItThroughAgainWhenSolarRechargesTheBattery() throws Exception {
    SimulatedProfile day = SimulatedProfile.solarDay(BatterySpec.of(Chemistry.LIFEPO4, 12, 100), 55, 0, 600,
        LocalTime.of(6, 0), LocalTime.of(20, 0));
    try (FakeEdgePlane edge = FakeEdgePlane.start("popup-edge");
        MicroEventClient client = MicroEventClient.builder().addEdgePlane(edge.plane())
        .healthChecksEnabled(false).configSyncInterval(Duration.ZERO)
        .clock(time.clock()).scheduler(time.scheduler()).build();
        PowerClient power = PowerClient.builder().client(client).pollInterval(Duration.ofSeconds(30))
            .simulated("kit", day)
            .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 40))
            .addLoad(PowerLoad.of("stream", Criticality.DEGRADED, 30))
            .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 50))
            .build()) {
      time.runDueTasks();
      assertThat(client.call(Intent.TELEMETRY, EdgeRequest.get("/telemetry")).statusCode()).isEqualTo(200);

      time.advance(Duration.ofHours(4)); // 06:00: the night drained the battery below 40 %
      assertThat(client.modes().current()).isEqualTo(power.mode()).isEqualTo(ServiceMode.REDUCED);
      assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/telemetry")))
          .isInstanceOf(ShedException.class);
      assertThat(client.call(Intent.PAYMENT, EdgeRequest.get("/pay")).statusCode())
          .as("critical traffic still flows").isEqualTo(200);

      time.advance(Duration.ofHours(6)); // 12:00: solar recharged it
      assertThat(client.modes().current()).isEqualTo(ServiceMode.NORMAL);
      assertThat(client.call(Intent.TELEMETRY, EdgeRequest.get("/telemetry")).statusCode()).isEqualTo(200);
      assertThat(edge.requests("GET", "/telemetry")).as("the shed call never left the device").hasSize(2);
    }
  }

  @Test
  void simulatesADischargeDeterministically_onTheInjectedClock() {
    BatterySpec pack = BatterySpec.of(Chemistry.LIFEPO4, 12, 100); // 1200 Wh
    PowerSource sim = PowerSource.simulated("pack", SimulatedProfile.discharge(pack, 100, 120), time.clock());

    time.advance(Duration.ofHours(1));
    assertThat(sim.read().chargePercent().getAsDouble()).isCloseTo(90, org.assertj.core.data.Offset.offset(1e-6));
    time.advance(Duration.ofHours(1));
    assertThat(sim.read().chargePercent().getAsDouble()).isCloseTo(80, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void runsFasterThanTheClock_whenScaled() {
    BatterySpec pack = BatterySpec.of(Chemistry.LIFEPO4, 12, 100);
    PowerSource sim = PowerSource.simulated("pack",
        SimulatedProfile.discharge(pack, 100, 120).withTimeScale(3600), time.clock());

    time.advance(Duration.ofSeconds(2)); // two simulated hours
    assertThat(sim.read().chargePercent().getAsDouble()).isCloseTo(80, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void steadyProfilesStayPut() {
    PowerSource sim = PowerSource.simulated("pack",
        SimulatedProfile.steady(BatterySpec.of(Chemistry.LEAD_ACID_AGM, 12, 50), 73, 40), time.clock());
    time.advance(Duration.ofHours(5));
    assertThat(sim.read().chargePercent()).hasValue(73);
    assertThat(sim.read().loadWatts()).hasValue(40);
  }
}
