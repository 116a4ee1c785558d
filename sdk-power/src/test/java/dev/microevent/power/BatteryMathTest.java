package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.microevent.core.Criticality;
import dev.microevent.core.ServiceMode;
import dev.microevent.power.internal.BudgetCalculator;
import dev.microevent.power.internal.SourceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatteryMathTest {
  private static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");

  private static double hours(Duration d) {
    return d.toMillis() / 3_600_000.0;
  }

  @Test
  void peukertExampleFromTheReference_3point5HoursNotTheNaive5() {
    BatterySpec agm = BatterySpec.of(Chemistry.LEAD_ACID_FLOODED, 12, 100).withDepthOfDischarge(1.0);
    // 240 W at 12 V = 20 A; 20 h x (100 / (20 x 20))^1.25 = 3.54 h
    assertThat(hours(agm.runtimeAt(240, 100))).isCloseTo(3.54, offset(0.01));
    assertThat(agm.usableWattHoursAt(240, 100)).isCloseTo(848.5, offset(1.0)); // about 70 Ah really delivered
  }

  @Test
  void peukertAtHalfDepthOfDischarge_1point8HoursInsteadOfTheNaive2point5() {
    BatterySpec leadAcid = BatterySpec.of(Chemistry.LEAD_ACID_FLOODED, 12, 100);

    assertThat(leadAcid.depthOfDischarge()).isEqualTo(0.5);
    assertThat(hours(leadAcid.runtimeAt(240, 100))).isCloseTo(1.77, offset(0.01));
  }

  @Test
  void lifepo4ExampleFromTheReference_1944WhAndAbout6point5Hours() {
    BatterySpec bank = BatterySpec.of(Chemistry.LIFEPO4, 24, 100).withEfficiency(0.9);

    assertThat(bank.wattHours()).isEqualTo(2400);
    assertThat(bank.usableWattHoursAt(300, 100)).isCloseTo(1944, offset(0.5));
    assertThat(hours(bank.runtimeAt(300, 100))).isCloseTo(6.48, offset(0.01));
  }

  @Test
  void givesNothingBelowTheDepthOfDischargeFloor() {
    BatterySpec leadAcid = BatterySpec.of(Chemistry.LEAD_ACID_AGM, 12, 100);

    assertThat(leadAcid.runtimeAt(100, 50)).isEqualTo(Duration.ZERO);
    assertThat(leadAcid.runtimeAt(100, 10)).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNonsenseSpecs_namingTheValue() {
    assertThatThrownBy(() -> BatterySpec.of(Chemistry.LIFEPO4, 0, 100)).hasMessageContaining("nominalVolts");
    assertThatThrownBy(() -> BatterySpec.of(Chemistry.LIFEPO4, 12, 100).withPeukertExponent(0.5))
        .hasMessageContaining("peukertExponent");
    assertThatThrownBy(() -> BatterySpec.of(Chemistry.LIFEPO4, 12, 100).withEfficiency(1.5))
        .hasMessageContaining("efficiency");
  }

  private static SourceView fresh(PowerReading r, BatterySpec spec) {
    return new SourceView(r.source(), SourceState.FRESH, r, spec);
  }

  @Test
  void estimatesRuntimePerRole_whatIsLeftIfNonEssentialIsShed() {
    BatterySpec bank = BatterySpec.of(Chemistry.LIFEPO4, 24, 100); // 2160 Wh usable from full
    PowerReading r = PowerReading.builder("bank", NOW).chargePercent(100).build();
    List<PowerLoad> loads = List.of(PowerLoad.of("pos", Criticality.CRITICAL, 100),
        PowerLoad.of("stream", Criticality.DEGRADED, 100), PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 160));

    PowerEstimate est = BudgetCalculator.estimate(List.of(fresh(r, bank)), loads, ServiceMode.NORMAL, NOW, true);

    assertThat(hours(est.runtimeIn(ServiceMode.NORMAL).duration().orElseThrow())).isCloseTo(6.0, offset(0.01));
    assertThat(hours(est.runtimeIn(ServiceMode.REDUCED).duration().orElseThrow())).isCloseTo(10.8, offset(0.01));
    assertThat(hours(est.runtimeIn(ServiceMode.CRITICAL_ONLY).duration().orElseThrow())).isCloseTo(21.6, offset(0.01));
    assertThat(est.drawWatts(Criticality.NON_ESSENTIAL)).isEqualTo(160);
    assertThat(est.chargePercent()).hasValue(100);
  }

  @Test
  void prefersTheDevicesOwnRuntime_andScalesItToOtherDraws() {
    // UPS says 50 min at 225 W: 187.5 Wh; spread over the configured 200 W, or the critical 100 W
    PowerReading ups = PowerReading.builder("ups", NOW).chargePercent(100).runtime(Duration.ofMinutes(50))
        .loadWatts(225).build();
    List<PowerLoad> loads = List.of(PowerLoad.of("pos", Criticality.CRITICAL, 100),
        PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 100));

    PowerEstimate est = BudgetCalculator.estimate(
        List.of(new SourceView("ups", SourceState.FRESH, ups, null)), loads, ServiceMode.NORMAL, NOW, true);

    assertThat(est.runtime().duration()).contains(Duration.ofSeconds(3375)); // 56m15s
    assertThat(est.runtimeIn(ServiceMode.CRITICAL_ONLY).duration()).contains(Duration.ofSeconds(6750));
    assertThat(est.drawWatts(Criticality.CRITICAL)).isEqualTo(100);
  }

  @Test
  void solarThatCoversTheDraw_runsUnbounded() {
    BatterySpec bank = BatterySpec.of(Chemistry.LIFEPO4, 12, 100);
    PowerReading r = PowerReading.builder("mppt", NOW).chargePercent(50).solarWatts(300).build();
    List<PowerLoad> loads = List.of(PowerLoad.of("pos", Criticality.CRITICAL, 100),
        PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 400));

    PowerEstimate est = BudgetCalculator.estimate(List.of(fresh(r, bank)), loads, ServiceMode.NORMAL, NOW, true);

    assertThat(est.runtimeIn(ServiceMode.REDUCED).isUnbounded()).isTrue();
    assertThat(est.runtimeIn(ServiceMode.NORMAL).isUnbounded()).isFalse();
    assertThat(est.runtimeIn(ServiceMode.NORMAL).isKnown()).isTrue();
  }

  @Test
  void staleSources_makeRuntimeUnknownNeverZero() {
    PowerReading last = PowerReading.builder("ups", NOW).chargePercent(80).runtime(Duration.ofHours(1)).build();

    PowerEstimate est = BudgetCalculator.estimate(List.of(new SourceView("ups", SourceState.STALE, last, null)),
        List.of(PowerLoad.of("pos", Criticality.CRITICAL, 100)), ServiceMode.NORMAL, NOW, true);

    assertThat(est.runtime()).isEqualTo(RuntimeLeft.UNKNOWN);
    assertThat(est.runtime().isShorterThan(Duration.ofDays(1))).isFalse();
    assertThat(est.chargePercent()).isEmpty();
    assertThat(est.complete()).isFalse();
    assertThat(est.staleSources()).containsExactly("ups");
  }
}
