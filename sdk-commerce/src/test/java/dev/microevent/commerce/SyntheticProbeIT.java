package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.time.Ticker;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synthetic checkout probe on the (virtual) scheduler, against a loopback backend. */
class SyntheticProbeIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<CallEvent> payments = new CopyOnWriteArrayList<>();
  private final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();
  // Virtual clock and scheduler for the probe's schedule; the system ticker, for the probe times
  // its steps on the client's ticker and these steps are real exchanges on loopback.
  private final MicroEventClient core = net.core(b -> b.clock(time.clock()).scheduler(time.scheduler())
      .ticker(Ticker.system()).meterRegistry(registry).addBudgetAlertListener(alerts::add).addCallListener(new CallListener() {
        @Override
        public void onCall(CallEvent event) {
          if (event.intent().equals(Intent.PAYMENT)) {
            payments.add(event);
          }
        }
      }));
  private final CommerceClient commerce =
      net.track(net.commerceBuilder(core).random(new Random(7)).build());
  private final List<ProbeResult> runs = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void runsEveryThirtySecondsWithJitter_onTheScheduler() {
    commerce.probes().addListener(runs::add);
    commerce.probes().start();
    commerce.probes().start();

    time.advance(Duration.ofMinutes(10));

    assertThat(runs).hasSizeBetween(17, 25);
    assertThat(runs).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.PASSED));
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) {
      gaps.add(Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt()));
    }
    assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36)));
    assertThat(gaps.stream().distinct().count()).as("jittered, not lock-step").isGreaterThan(gaps.size() / 2);

    commerce.probes().stop();
    int before = runs.size();
    time.advance(Duration.ofMinutes(5));
    assertThat(runs).hasSize(before);
  }

  @Test
  void walksTheWholeBuyFlow_timesEachStep_andIsMarkedSyntheticOnTheWire() {
    ProbeResult r = commerce.probes().runOnce();

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.PASSED);
    assertThat(r.steps()).extracting(ProbeResult.StepResult::step).containsExactly(ProbeStep.values());
    assertThat(r.steps()).allSatisfy(s -> {
      assertThat(s.ok()).isTrue();
      assertThat(s.took()).isPositive();
    });
    List<FakeCommerceBackend.RecordedCall> calls = net.backend.calls();
    assertThat(calls).hasSize(6).allSatisfy(c -> assertThat(c.header("X-Microevent-Synthetic")).isEqualTo("probe"));
    assertThat(net.checkoutPosts()).singleElement().satisfies(c -> {
      assertThat(c.body()).contains("\"synthetic\":true");
      assertThat(c.idempotencyKey()).isNotBlank();
    });
    assertThat(net.backend.charges()).as("never charged").isEmpty();
    assertThat(net.backend.fulfilledOrders()).as("never fulfilled").isZero();
    assertThat(net.backend.stock("PROBE-1")).as("no stock taken").isEqualTo(1);
    assertThat(registry.get("microevent.commerce.probe.steps").tag("step", "checkout").timer().count()).isEqualTo(1);
    assertThat(commerce.checkout().stats().paid()).as("not counted as a real checkout").isZero();
  }

  @Test
  void pausesItself_inCriticalOnly_andResumesAfter() {
    commerce.probes().addListener(runs::add);
    commerce.probes().start();
    core.modes().propose("power", ServiceMode.CRITICAL_ONLY, "battery at 8%");

    time.advance(Duration.ofMinutes(2));

    assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.PAUSED));
    assertThat(net.backend.calls()).isEmpty();

    core.modes().propose("power", ServiceMode.NORMAL, "mains back");
    time.advance(Duration.ofMinutes(1));
    assertThat(commerce.probes().lastResult()).hasValueSatisfying(
        r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.PASSED));
    assertThat(commerce.probes().stats().paused()).isEqualTo(runs.stream()
        .filter(r -> r.outcome() == ProbeResult.Outcome.PAUSED).count());
  }

  @Test
  void reportsTheFailingStep_andTheFailedPaymentReachesThePaymentIntentsListeners() {
    net.edge.failNext(20, 503, "/commerce/v1/checkouts");
    net.central.failNext(20, 503, "/commerce/v1/checkouts");

    ProbeResult r = commerce.probes().runOnce();

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
    assertThat(r.failedStep()).hasValueSatisfying(s -> {
      assertThat(s.step()).isEqualTo(ProbeStep.CHECKOUT);
      assertThat(s.detail()).contains("503");
    });
    assertThat(r.steps()).hasSize(4);
    assertThat(payments).singleElement().satisfies(e -> assertThat(e.succeeded()).isFalse());
    assertThat(registry.get("microevent.commerce.probe.runs").tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(commerce.summary().probes().failed()).isEqualTo(1);
  }

  @Test
  void failingCheckoutSteps_burnThePaymentBudget_andPage() {
    net.edge.failNext(10_000, 503, "/commerce/v1/checkouts");
    net.central.failNext(10_000, 503, "/commerce/v1/checkouts");
    commerce.probes().start();

    time.advance(Duration.ofMinutes(12));
    core.errorBudgets().evaluateNow();

    assertThat(commerce.probes().stats().failed()).isGreaterThanOrEqualTo(20);
    ErrorBudget payment = core.errorBudgets().of(Intent.PAYMENT).orElseThrow();
    assertThat(payment.burnRate(ErrorBudget.W5M)).isGreaterThan(14.4);
    assertThat(payment.remaining()).isLessThan(1.0);
    assertThat(alerts).anySatisfy(a -> {
      assertThat(a.budget()).isEqualTo("payment");
      assertThat(a.to()).isEqualTo(BudgetAlert.Severity.PAGE);
      assertThat(a.firing()).isTrue();
    });
    assertThat(core.errorBudgets().levels()).containsEntry("read", BudgetAlert.Severity.NONE);
  }
}
