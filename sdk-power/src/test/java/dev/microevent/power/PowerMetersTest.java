package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Criticality;
import dev.microevent.core.time.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PowerMetersTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @Test
  void recordsChargeRuntimeDrawModeChangesAndStaleness_inBaseUnits() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScriptedSource ups = new ScriptedSource("ups", time.clock(), null);
    ups.set(b -> b.chargePercent(30).runtime(Duration.ofHours(1)).loadWatts(200));
    try (PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler())
        .meterRegistry(registry).addSource(ups)
        .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 150))
        .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 50)).build()) {
      time.runDueTasks();

      assertThat(power.mode()).isEqualTo(dev.microevent.core.ServiceMode.REDUCED);
      assertThat(registry.get("microevent.power.charge").gauge().value()).isEqualTo(0.3);
      assertThat(registry.get("microevent.power.runtime").tag("mode", "normal").gauge().value()).isEqualTo(3600);
      assertThat(registry.get("microevent.power.draw").tag("role", "critical").gauge().value()).isEqualTo(150);
      assertThat(registry.get("microevent.power.mode.level").gauge().value()).isEqualTo(1);
      assertThat(registry.get("microevent.power.mode.changes").tag("to", "reduced").counter().count()).isEqualTo(1);
      assertThat(registry.get("microevent.power.source.stale").tag("source", "ups").gauge().value()).isZero();

      ups.fail(new PowerSourceException("gone", null, true, true));
      time.advance(Duration.ofSeconds(2));
      assertThat(registry.get("microevent.power.source.stale").tag("source", "ups").gauge().value()).isEqualTo(1);
      assertThat(registry.get("microevent.power.runtime").tag("mode", "normal").gauge().value()).isNaN();
      assertThat(registry.get("microevent.power.alerts").tag("kind", "source_stale").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void recordsNothing_withoutARegistry() {
    ScriptedSource ups = new ScriptedSource("ups", time.clock(), null);
    ups.set(b -> b.chargePercent(30));
    try (PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).addSource(ups)
        .build()) {
      time.runDueTasks();
      assertThat(power.status().mode()).isNotNull();
    }
  }
}
