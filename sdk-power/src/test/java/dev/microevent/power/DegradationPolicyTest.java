package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ModeChange;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.time.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DegradationPolicyTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ScriptedSource ups = new ScriptedSource("ups", time.clock(), null);
  private final RecordingListener recorder = new RecordingListener();
  private final List<ModeChange> changes = recorder.changes;
  private final List<PowerAlert> alerts = recorder.alerts;
  private PowerClient power;

  private static final DegradationPolicy POLICY = DegradationPolicy.builder()
      .reduceBelow(PowerThreshold.of(Duration.ofMinutes(30), 40))
      .criticalOnlyBelow(PowerThreshold.of(Duration.ofMinutes(10), 20))
      .runtimeHysteresis(0.25)
      .chargeHysteresis(5)
      .recoveryDelay(Duration.ofMinutes(2))
      .reduceOnMainsLoss(false)
      .build();

  private PowerClient start(PowerSource... sources) {
    PowerClient.Builder b = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler())
        .pollInterval(Duration.ofSeconds(2)).policy(POLICY)
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 100))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 100))
        .addListener(recorder);
    for (PowerSource s : sources) {
      b.addSource(s);
    }
    power = b.build();
    time.runDueTasks();
    return power;
  }

  @AfterEach
  void close() {
    if (power != null) {
      power.close();
    }
  }

  private void charge(double percent) {
    ups.set(b -> b.chargePercent(percent).runtime(Duration.ofHours(2)).loadWatts(200));
  }

  private void tick(Duration d) {
    time.advance(d);
  }

  @Test
  void toBuilderRoundTrips_andTheBuilderNamesBadValues() {
    assertThat(POLICY.toBuilder().build()).isEqualTo(POLICY).hasSameHashCodeAs(POLICY);
    assertThat(POLICY.toBuilder().recoveryDelay(Duration.ofMinutes(5)).build()).isNotEqualTo(POLICY);
    assertThatThrownBy(() -> DegradationPolicy.builder().chargeHysteresis(-1)).hasMessageContaining("chargeHysteresis");
    assertThatThrownBy(() -> DegradationPolicy.builder().swapGrace(Duration.ZERO)).hasMessageContaining("swapGrace");
    assertThatThrownBy(() -> DegradationPolicy.builder().criticalOnlyBelow(PowerThreshold.of(Duration.ZERO, 50)).build())
        .hasMessageContaining("criticalOnlyBelow charge 50.0% is above reduceBelow charge 40.0%");
  }

  @Test
  void goesReducedThenCriticalOnly_atOnceAsChargeFalls() {
    charge(80);
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);

    charge(35);
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);

    charge(15);
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(changes).extracting(ModeChange::to).containsExactly(ServiceMode.REDUCED, ServiceMode.CRITICAL_ONLY);
    assertThat(power.status().reason()).contains("charge 15.0 % < 20.0 %");
  }

  @Test
  void aReasonNeverReadsAsEqual_whenTheChargeIsJustBelowTheThreshold() {
    start(ups);
    charge(39.96);
    tick(Duration.ofSeconds(2));

    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    assertThat(power.status().reason()).contains("charge 39.96 % < 40.00 %").doesNotContain("40.0 % < 40.0 %");
  }

  @Test
  void doesNotFlap_whenChargeHoversAroundAThreshold() {
    charge(39);
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);

    for (int i = 0; i < 60; i++) { // 4 minutes of 39 % / 42 % / 44 %: inside the 5-point band
      double c = new double[] {39, 42, 44}[i % 3];
      charge(c);
      tick(Duration.ofSeconds(4));
    }

    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    assertThat(changes).extracting(ModeChange::to).containsExactly(ServiceMode.REDUCED);
  }

  @Test
  void comesBackOneModeAtATime_onlyAfterTheRecoveryDelay() {
    charge(10);
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);

    charge(90);
    tick(Duration.ofSeconds(118));
    assertThat(power.mode()).as("clear for less than 2 min").isEqualTo(ServiceMode.CRITICAL_ONLY);
    tick(Duration.ofSeconds(4));
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    tick(Duration.ofSeconds(60));
    assertThat(power.mode()).as("the next step waits its own delay").isEqualTo(ServiceMode.REDUCED);
    tick(Duration.ofSeconds(62));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
    assertThat(changes).extracting(ModeChange::to)
        .containsExactly(ServiceMode.CRITICAL_ONLY, ServiceMode.REDUCED, ServiceMode.NORMAL);
  }

  @Test
  void restartsTheRecoveryDelay_whenValuesDipBackIntoTheBand() {
    charge(30);
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);

    charge(60);
    tick(Duration.ofSeconds(100));
    charge(43); // back inside the band (40 + 5)
    tick(Duration.ofSeconds(4));
    charge(60);
    tick(Duration.ofSeconds(100));
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    tick(Duration.ofSeconds(30));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
  }

  @Test
  void escalatesOnRuntime_withNonEssentialShedForCriticalOnly() {
    // 200 W measured over 2 configured roles of 100 W; device runtime 25 min at 200 W
    ups.set(b -> b.chargePercent(90).runtime(Duration.ofMinutes(25)).loadWatts(200));
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    assertThat(power.status().estimate().runtimeIn(ServiceMode.REDUCED).duration()).contains(Duration.ofMinutes(50));

    ups.set(b -> b.chargePercent(90).runtime(Duration.ofMinutes(4)).loadWatts(100)); // now only pos runs
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(power.status().reason()).contains("with non-essential loads shed");
  }

  /** A UPS as the black-box run saw it: no loads configured, so its measured 200 W count as critical. */
  private PowerClient startUps(DegradationPolicy policy) {
    power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler())
        .pollInterval(Duration.ofSeconds(2)).policy(policy).addSource(ups).addListener(recorder).build();
    time.runDueTasks();
    return power;
  }

  private void ups(UpsFlag flag, Duration batteryRuntime) {
    ups.set(b -> b.flags(java.util.Set.of(flag)).chargePercent(100).runtime(batteryRuntime).loadWatts(200));
  }

  @Test
  void aUpsOnMains_withAShortBatteryRuntime_shedsNothing_andDegradesOnceTheMainsGo() {
    ups(UpsFlag.OL, Duration.ofMinutes(8));
    startUps(DegradationPolicy.defaults());
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);
    assertThat(power.status().estimate().runtime()).as("mains cover the draw").isEqualTo(RuntimeLeft.UNBOUNDED);

    ups(UpsFlag.OL, Duration.ofMinutes(20));
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);

    ups(UpsFlag.OB, Duration.ofMinutes(8));
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(power.status().estimate().runtime()).isEqualTo(RuntimeLeft.of(Duration.ofMinutes(8)));
    assertThat(changes).extracting(ModeChange::to).containsExactly(ServiceMode.CRITICAL_ONLY);
  }

  @Test
  void aUpsOnMains_shedsOnItsBatteryRuntime_whenTheAppSaysTheMainsDoNotCoverTheDraw() {
    ups(UpsFlag.OL, Duration.ofMinutes(20));
    startUps(DegradationPolicy.builder().mainsCoverDraw(false).build());
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    assertThat(power.status().estimate().runtime()).isEqualTo(RuntimeLeft.of(Duration.ofMinutes(20)));
  }

  @Test
  void holdsTheModeOnStaleData_andFlagsTheSource() {
    charge(30);
    start(ups);
    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);

    ups.fail(new PowerSourceException("upsd gone", null, true, true));
    tick(Duration.ofMinutes(10));

    assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
    assertThat(power.status().sources().get(0).state()).isEqualTo(SourceState.STALE);
    assertThat(power.status().sources().get(0).reading()).isPresent();
    assertThat(power.status().estimate().runtime()).isEqualTo(RuntimeLeft.UNKNOWN);
    assertThat(power.status().reason()).contains("stale");
    assertThat(alerts).extracting(PowerAlert::kind).containsExactly(PowerAlert.Kind.SOURCE_STALE);

    charge(90);
    tick(Duration.ofSeconds(2));
    assertThat(alerts).extracting(PowerAlert::kind)
        .containsExactly(PowerAlert.Kind.SOURCE_STALE, PowerAlert.Kind.SOURCE_RECOVERED);
    assertThat(power.mode()).as("relaxing waits for the delay on fresh data").isEqualTo(ServiceMode.REDUCED);
  }

  @Test
  void anErrorAnswerFromUpsd_marksTheSourceStaleWithItsMessage_likeALostConnection() {
    charge(30);
    start(ups);

    ups.fail(new NutErrorException("DATA-STALE", "LIST VAR ups", "nut://127.0.0.1:3493/ups"));
    tick(Duration.ofSeconds(2));

    SourceStatus source = power.status().sources().get(0);
    assertThat(source.state()).isEqualTo(SourceState.STALE);
    assertThat(source.problem()).startsWith("upsd answered ERR DATA-STALE");
    assertThat(power.mode()).as("stale data holds the mode").isEqualTo(ServiceMode.REDUCED);
    assertThat(alerts).extracting(PowerAlert::kind).containsExactly(PowerAlert.Kind.SOURCE_STALE);
  }

  @Test
  void staleDataNeverEscalates_butALowBatteryFlagFromAFreshSourceDoes() {
    ScriptedSource second = new ScriptedSource("ups2", time.clock(), null);
    charge(80);
    second.set(b -> b.chargePercent(80).runtime(Duration.ofHours(2)).loadWatts(100));
    start(ups, second);

    ups.fail(new PowerSourceException("gone", null, true, true));
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.NORMAL);

    second.set(b -> b.flags(UpsFlag.parse("OB LB")).chargePercent(80));
    tick(Duration.ofSeconds(2));
    assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(alerts).extracting(PowerAlert::kind).contains(PowerAlert.Kind.LOW_BATTERY);
  }

  @Test
  void treatsReadingsOlderThanTheLimit_asStale() {
    java.time.Instant old = time.now();
    ups.set(b -> PowerReading.builder("ups", old).chargePercent(80));
    start(ups);
    tick(Duration.ofSeconds(12));

    assertThat(power.status().sources().get(0).state()).isEqualTo(SourceState.STALE);
    assertThat(power.status().sources().get(0).problem()).contains("old");
  }

  @Test
  void proposesToTheCoreClient_andPausesTheAppsNonEssentialWork() {
    charge(80);
    try (MicroEventClient core = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false).clock(time.clock()).scheduler(time.scheduler()).build();
        PowerClient p = PowerClient.builder().client(core).addSource(ups).policy(POLICY)
            .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 100)).build()) {
      List<String> analytics = new CopyOnWriteArrayList<>();
      p.pauseWhileShed(Criticality.NON_ESSENTIAL, () -> analytics.add("paused"), () -> analytics.add("resumed"));
      time.runDueTasks();
      assertThat(core.modes().current()).isEqualTo(ServiceMode.NORMAL);

      charge(30);
      time.advance(Duration.ofSeconds(2));
      assertThat(core.modes().current()).isEqualTo(ServiceMode.REDUCED);
      assertThat(core.modes().proposals()).containsEntry("power", ServiceMode.REDUCED);
      assertThat(analytics).containsExactly("paused");

      charge(90);
      time.advance(Duration.ofMinutes(3));
      assertThat(core.modes().current()).isEqualTo(ServiceMode.NORMAL);
      assertThat(analytics).containsExactly("paused", "resumed");
    }
  }

  @Test
  void bindsAsAModeSource_andTellsANewSinkTheCurrentProposal() {
    charge(10);
    start(ups);
    List<ServiceMode> proposals = new CopyOnWriteArrayList<>();

    power.modeSource().bind((mode, reason) -> proposals.add(mode));
    charge(90);
    time.advance(Duration.ofMinutes(5));

    assertThat(power.modeSource().name()).isEqualTo("power");
    assertThat(proposals).containsExactly(ServiceMode.CRITICAL_ONLY, ServiceMode.REDUCED, ServiceMode.NORMAL);
  }

  @Test
  void closesItsSources_butNotTheInjectedScheduler() {
    charge(80);
    start(ups);
    power.close();
    power.close();

    assertThat(ups.closed).isTrue();
    assertThat(time.scheduler().isShutdown()).isFalse();
  }
}
