package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.logs.LogCapture;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.power.internal.DefaultPowerClient;
import dev.microevent.testkit.ForwardingMicroEventClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Rounds racing each other and close(): what the core, the sinks, the hooks and the meters end up with. */
class PowerClientLifecycleTest {
  private static final DegradationPolicy POLICY = DegradationPolicy.builder()
      .reduceBelow(PowerThreshold.of(Duration.ofMinutes(30), 40))
      .criticalOnlyBelow(PowerThreshold.of(Duration.ofMinutes(10), 20))
      .reduceOnMainsLoss(false)
      .build();

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final ScriptedSource ups = new ScriptedSource("ups", time.clock(), null);

  private void charge(double percent) {
    ups.set(b -> b.chargePercent(percent).runtime(Duration.ofHours(2)).loadWatts(200));
  }

  private MicroEventClient core() {
    return MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false).clock(time.clock()).scheduler(time.scheduler()).build();
  }

  private PowerClient.Builder power(MicroEventClient core) {
    return PowerClient.builder().client(core).addSource(ups).policy(POLICY)
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 100))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 100));
  }

  /** Runs {@code action} on a new thread and waits until it is done or stuck on a lock. */
  private static Thread startAndLetItRunOrBlock(Runnable action) {
    Thread t = new Thread(action, "racer");
    t.start();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TERMINATED);
    return t;
  }

  @Test
  void startAndClose_logAtDebug_notInfo() {
    charge(80);
    try (LogCapture logs = LogCapture.of(DefaultPowerClient.class); MicroEventClient core = core()) {
      power(core).build().close();

      assertThat(logs.at(Level.INFO)).isEmpty();
      assertThat(logs.at(Level.DEBUG)).anyMatch(m -> m.contains("started")).anyMatch(m -> m.contains("closed"));
    }
  }

  @Test
  void worksThroughACoreClientThatOnlyDelegates_forItNeverCastsTheClient() {
    charge(30);
    try (MicroEventClient core = core();
        PowerClient power = power(new ForwardingMicroEventClient(core)).build()) {
      time.runDueTasks();

      assertThat(power.mode()).isEqualTo(ServiceMode.REDUCED);
      assertThat(core.modes().current()).as("proposed to the real client").isEqualTo(ServiceMode.REDUCED);
    }
  }

  @Test
  void aLaterRoundNeverLandsBeforeAnEarlierOne_soTheCoreEndsOnTheLatestMode() throws Exception {
    charge(80);
    AtomicBoolean raced = new AtomicBoolean();
    List<Thread> racers = new CopyOnWriteArrayList<>();
    try (MicroEventClient core = core(); PowerClient power = power(core).build()) {
      time.runDueTasks();
      // while this round tells a sink REDUCED, a second round decides CRITICAL_ONLY
      power.modeSource().bind((mode, reason) -> {
        if (mode == ServiceMode.REDUCED && raced.compareAndSet(false, true)) {
          charge(10);
          racers.add(startAndLetItRunOrBlock(power::refresh));
        }
      });
      charge(30);
      power.refresh();
      racers.get(0).join(30_000);

      assertThat(power.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
      assertThat(core.modes().current()).as("the core hears the rounds in order").isEqualTo(ServiceMode.CRITICAL_ONLY);
    }
  }

  @Test
  void closeWaitsForARoundInProgress_andThenWithdrawsFromTheCoreAndTheSinks() throws Exception {
    charge(80);
    List<ServiceMode> sinkHeard = new CopyOnWriteArrayList<>();
    List<Thread> closers = new CopyOnWriteArrayList<>();
    try (MicroEventClient core = core()) {
      PowerClient power = power(core).build();
      time.runDueTasks();
      power.modeSource().bind((mode, reason) -> {
        sinkHeard.add(mode);
        if (mode == ServiceMode.REDUCED && closers.isEmpty()) {
          closers.add(startAndLetItRunOrBlock(power::close));
        }
      });
      charge(30);
      power.refresh();
      closers.get(0).join(30_000);

      assertThat(core.modes().current()).as("closing withdraws power's proposal").isEqualTo(ServiceMode.NORMAL);
      assertThat(core.modes().proposals()).as("power has no say any more").doesNotContainKey("power");
      assertThat(sinkHeard).containsExactly(ServiceMode.REDUCED, ServiceMode.NORMAL);
      charge(10);
      assertThat(power.refresh().mode()).as("a closed client runs no more rounds").isEqualTo(ServiceMode.REDUCED);
      assertThat(core.modes().current()).isEqualTo(ServiceMode.NORMAL);
    }
  }

  @Test
  void closeResumesTheWorkItPaused_withoutACoreClient() {
    charge(30);
    List<String> analytics = new CopyOnWriteArrayList<>();
    PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).addSource(ups)
        .policy(POLICY).addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 100)).build();
    time.runDueTasks();
    power.pauseWhileShed(Criticality.NON_ESSENTIAL, () -> analytics.add("paused"), () -> analytics.add("resumed"));
    assertThat(analytics).containsExactly("paused");

    power.close();
    power.close();

    assertThat(analytics).containsExactly("paused", "resumed");
    List<ServiceMode> lateSink = new CopyOnWriteArrayList<>();
    power.modeSource().bind((mode, reason) -> lateSink.add(mode));
    power.pauseWhileShed(Criticality.NON_ESSENTIAL, () -> analytics.add("paused late"), () -> { });
    assertThat(lateSink).as("a closed client proposes nothing").isEmpty();
    assertThat(analytics).containsExactly("paused", "resumed");
  }

  @Test
  void closeRemovesItsGauges_soALaterClientOnTheSameRegistryReportsItsOwnState() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    charge(30);
    PowerClient first = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).addSource(ups)
        .policy(POLICY).meterRegistry(registry).build();
    time.runDueTasks();
    assertThat(registry.get("microevent.power.mode.level").gauge().value()).isEqualTo(1);
    first.close();
    assertThat(registry.find("microevent.power.mode.level").gauge()).isNull();
    assertThat(registry.find("microevent.power.source.stale").gauge()).isNull();

    ScriptedSource fresh = new ScriptedSource("ups", time.clock(), null);
    fresh.set(b -> b.chargePercent(90).runtime(Duration.ofHours(2)).loadWatts(200));
    try (PowerClient second = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).addSource(fresh)
        .policy(POLICY).meterRegistry(registry).build()) {
      time.runDueTasks();
      assertThat(second.mode()).isEqualTo(ServiceMode.NORMAL);
      assertThat(registry.get("microevent.power.mode.level").gauge().value()).isZero();
      assertThat(registry.get("microevent.power.charge").gauge().value()).isEqualTo(0.9);
    }
    assertThat(registry.get("microevent.power.mode.changes").tag("to", "reduced").counter().count())
        .as("counts stay").isEqualTo(1);
  }
}
