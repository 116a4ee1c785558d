package dev.microevent.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client evaluates its budgets on its scheduler and tells listeners each level change, once. */
class BudgetAlertsTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<BudgetAlert> alerts = new ArrayList<>();
  private final MicroEventClient client = MicroEventClient.builder()
      .addEdgePlane(Plane.edge("edge-a", URI.create("http://127.0.0.1:9"), 0))
      .clock(time.clock())
      .scheduler(time.scheduler())
      .healthChecksEnabled(false)
      .configSyncInterval(Duration.ZERO)
      .meterRegistry(registry)
      .addBudgetAlertListener(alerts::add)
      .build();
  private final ErrorBudget slice = client.errorBudgets().track("slice:checkout", Slo.percent(99.9));

  @AfterEach
  void stop() {
    client.close();
  }

  /** Minutes of traffic at 1000 events a minute with an error ratio. */
  private void traffic(Duration d, double errorRatio) {
    for (long m = 0; m < d.toMinutes(); m++) {
      long bad = Math.round(1000 * errorRatio);
      slice.record(1000 - bad, bad);
      time.advance(Duration.ofMinutes(1));
    }
  }

  private double alertLevel() {
    return registry.get("microevent.slo.alert.level").tag("budget", "slice:checkout").gauge().value();
  }

  @Test
  void aBurstPagesOnce_thenResolves_withGaugesAndCounters() {
    traffic(Duration.ofHours(1), 0);
    assertThat(alerts).isEmpty();

    traffic(Duration.ofMinutes(10), 1.0);

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.budget()).isEqualTo("slice:checkout");
      assertThat(a.from()).isEqualTo(Severity.NONE);
      assertThat(a.to()).isEqualTo(Severity.PAGE);
      assertThat(a.firing()).isTrue();
      assertThat(a.burnRate1h()).isGreaterThan(14.4);
      assertThat(a.at()).isBefore(time.now().plusSeconds(1));
    });
    assertThat(alertLevel()).isEqualTo(2.0);
    assertThat(registry.get("microevent.slo.burn.rate").tags("budget", "slice:checkout", "window", "5m")
        .gauge().value()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));

    traffic(Duration.ofHours(7), 0);

    // 5 min later the fast rules are quiet, but the 3-day/6-hour rule still sees the burst.
    assertThat(alerts).extracting(BudgetAlert::to).containsExactly(Severity.PAGE, Severity.TICKET, Severity.NONE);
    assertThat(alerts).extracting(BudgetAlert::firing).containsExactly(true, false, false);
    assertThat(alertLevel()).isZero();
    assertThat(registry.get("microevent.slo.alerts").tags("budget", "slice:checkout", "to", "page").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void anUnchangedLevelIsNotAnnouncedAgain() {
    traffic(Duration.ofMinutes(10), 1.0);
    int announced = alerts.size();

    traffic(Duration.ofMinutes(10), 1.0);

    assertThat(announced).isEqualTo(1);
    assertThat(alerts).hasSize(1);
  }
}
