package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Criticality;
import dev.microevent.core.ModeChange;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HotSwapTest {
  private static final BatterySpec PACK = BatterySpec.of(Chemistry.LIFEPO4, 24, 50); // 1200 Wh, 90 % DoD
  private static final DegradationPolicy POLICY = DegradationPolicy.builder()
      .reduceBelow(PowerThreshold.of(Duration.ofMinutes(150), 0))
      .criticalOnlyBelow(PowerThreshold.of(Duration.ofHours(2), 0))
      .swapGrace(Duration.ofMinutes(3))
      .recoveryDelay(Duration.ofMinutes(1))
      .build();

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ScriptedSource packA = new ScriptedSource("pack-a", time.clock(), PACK);
  private final RecordingListener recorder = new RecordingListener();
  private final List<ModeChange> changes = recorder.changes;
  private final List<PowerAlert> alerts = recorder.alerts;
  private PowerClient power;

  private void start(SimulatedProfile packB) {
    power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).policy(POLICY)
        .pollInterval(Duration.ofSeconds(5))
        .addSource(packA)
        .simulated("pack-b", packB)
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 300))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 100))
        .addListener(recorder)
        .build();
    time.runDueTasks();
  }

  @AfterEach
  void close() {
    power.close();
  }

  private static SimulatedProfile swap(Duration gap) {
    return SimulatedProfile.hotSwap(PACK, 100, 0, Duration.ofMinutes(10), gap, 100);
  }

  @Test
  void aSwapTheRemainingPackCarries_triggersNoSpuriousCriticalOnly() {
    packA.set(b -> b.chargePercent(40)); // 360 Wh usable: 54 min for everything, 72 min for critical alone
    start(swap(Duration.ofMinutes(2)));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);

    time.advance(Duration.ofMinutes(10).plusSeconds(5)); // pack B is out
    assertThat(power.status().estimate().absentSources()).containsExactly("pack-b");
    assertThat(power.status().estimate().runtimeIn(ServiceMode.REDUCED).isShorterThan(Duration.ofHours(2)))
        .as("the plain rule alone would say CRITICAL_ONLY").isTrue();
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
    assertThat(power.status().reason()).contains("hot swap");

    time.advance(Duration.ofMinutes(3)); // a charged pack is in
    assertThat(power.status().estimate().absentSources()).isEmpty();
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
    assertThat(changes).isEmpty();
    assertThat(alerts).extracting(PowerAlert::kind)
        .containsExactly(PowerAlert.Kind.PACK_REMOVED, PowerAlert.Kind.PACK_INSERTED);
  }

  @Test
  void aSwapThatLeavesCriticalLoadsUncovered_alertsAndGoesCriticalOnlyAtOnce() {
    packA.set(b -> b.chargePercent(11)); // 12 Wh usable: under 3 min for the critical loads
    start(swap(Duration.ofMinutes(2)));
    time.advance(Duration.ofMinutes(10).minusSeconds(5));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);

    time.advance(Duration.ofSeconds(5)); // the first round that sees pack B gone

    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(alerts).extracting(PowerAlert::kind)
        .containsExactly(PowerAlert.Kind.PACK_REMOVED, PowerAlert.Kind.CRITICAL_LOADS_UNCOVERED);
    assertThat(alerts.get(1).message()).contains("critical loads");
  }

  @Test
  void aSwapThatOutlastsTheGrace_isJudgedOnTheCapacityThatIsLeft() {
    packA.set(b -> b.chargePercent(40));
    start(swap(Duration.ofMinutes(10)));

    time.advance(Duration.ofMinutes(10).plusSeconds(5));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
    time.advance(Duration.ofMinutes(3));

    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(power.status().reason()).contains("with non-essential loads shed");
  }
}
