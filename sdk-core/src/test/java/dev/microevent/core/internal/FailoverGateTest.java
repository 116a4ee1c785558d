package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailoverGateTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @Test
  void releasingAPermitFreesItsSlot_once() {
    FailoverGate gate = new FailoverGate(FailoverPolicy.builder().maxConcurrent(1).maxPerSecond(100)
        .criticalReserve(0).build(), time.ticker(), Waiter.virtualOnly(time.scheduler()));
    FailoverGate.Permit p = gate.acquire(Criticality.CRITICAL, null, null, 0, () -> false);
    assertThatThrownBy(() -> gate.acquire(Criticality.CRITICAL, null, null, 0, () -> false)).isInstanceOf(NoRouteException.class);

    p.close();
    p.close();

    assertThat(gate.inFlight()).isZero();
    gate.acquire(Criticality.CRITICAL, null, null, 0, () -> false);
    assertThat(gate.inFlight()).isEqualTo(1);
  }

  @Test
  void aWaitingCriticalCallStopsWaiting_whenAnotherRouteOpens() {
    FailoverGate gate = new FailoverGate(FailoverPolicy.builder().maxConcurrent(1).maxPerSecond(100)
        .criticalReserve(0).build(), time.ticker(), Waiter.virtualOnly(time.scheduler()));
    FailoverGate.Permit held = gate.acquire(Criticality.CRITICAL, null, null, 0, () -> false);

    assertThatThrownBy(() -> gate.acquire(Criticality.CRITICAL, null, null, Duration.ofMinutes(5).toNanos(), () -> true))
        .isInstanceOfSatisfying(NoRouteException.class, e -> {
          assertThat(e.reason()).isEqualTo(NoRouteException.Reason.FAILOVER_CAPACITY);
          assertThat(e.getMessage()).contains("an edge plane answers again");
        });
    assertThat(gate.inFlight()).isEqualTo(1);
    held.close();
  }

  @Test
  void tokensRefillProportionallyToElapsedTime() {
    FailoverGate gate = new FailoverGate(FailoverPolicy.builder().maxConcurrent(100).maxPerSecond(10)
        .criticalReserve(0).build(), time.ticker(), Waiter.virtualOnly(time.scheduler()));
    for (int i = 0; i < 10; i++) {
      gate.acquire(Criticality.DEGRADED, null, null, 0, () -> false).close();
    }
    assertThatThrownBy(() -> gate.acquire(Criticality.DEGRADED, null, null, 0, () -> false)).isInstanceOf(NoRouteException.class);

    time.advance(Duration.ofMillis(300));

    for (int i = 0; i < 3; i++) {
      gate.acquire(Criticality.DEGRADED, null, null, 0, () -> false).close();
    }
    assertThatThrownBy(() -> gate.acquire(Criticality.DEGRADED, null, null, 0, () -> false)).isInstanceOf(NoRouteException.class);
  }
}
