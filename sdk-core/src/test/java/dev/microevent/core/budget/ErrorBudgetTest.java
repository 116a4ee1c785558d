package dev.microevent.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Burn-rate math on a virtual clock: a burst pages, a slow leak tickets, a blip stays quiet. */
class ErrorBudgetTest {
  private static final int PER_MINUTE = 1000;
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T00:00:00Z"));
  private final ErrorBudget budget = new ErrorBudget(Slo.percent(99.9), time.clock(), 20);

  /** Feeds minutes of traffic at 1000 calls per minute with the given error ratio. */
  private void traffic(Duration d, double errorRatio) {
    for (long m = 0; m < d.toMinutes(); m++) {
      long bad = Math.round(PER_MINUTE * errorRatio);
      budget.record(PER_MINUTE - bad, bad);
      time.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void burnRateIsTheErrorRatioOverTheBudget() {
    traffic(Duration.ofMinutes(10), 0.002);

    assertThat(budget.burnRate(ErrorBudget.W1H)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aBurstMustPage() {
    traffic(Duration.ofDays(3), 0);
    traffic(Duration.ofMinutes(10), 1.0);

    assertThat(budget.evaluate()).isEqualTo(Severity.PAGE);
    assertThat(budget.burnRate(ErrorBudget.W5M)).isGreaterThan(14.4);
  }

  @Test
  void aSlowLeakMustTicket_butNotPage() {
    traffic(Duration.ofDays(3), 0.002);

    assertThat(budget.evaluate()).isEqualTo(Severity.TICKET);
    assertThat(budget.burnRate(ErrorBudget.W3D)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aBlipMustNotAlert() {
    traffic(Duration.ofDays(3), 0);
    budget.record(PER_MINUTE / 2, PER_MINUTE / 2);
    time.advance(Duration.ofMinutes(1));

    assertThat(budget.burnRate(ErrorBudget.W5M)).as("the short window sees it").isGreaterThan(14.4);
    assertThat(budget.evaluate()).isEqualTo(Severity.NONE);
  }

  @Test
  void aPageResolvesOnceTheShortWindowIsClean() {
    traffic(Duration.ofDays(3), 0);
    traffic(Duration.ofMinutes(10), 1.0);
    assertThat(budget.evaluate()).isEqualTo(Severity.PAGE);

    traffic(Duration.ofMinutes(35), 0);

    assertThat(budget.evaluate()).isNotEqualTo(Severity.PAGE);
  }

  @Test
  void fewEventsNeverAlert() {
    budget.record(0, 5);

    assertThat(budget.burnRate(ErrorBudget.W5M)).isGreaterThan(14.4);
    assertThat(budget.evaluate()).isEqualTo(Severity.NONE);
  }

  @Test
  void oldEventsLeaveTheWindows() {
    traffic(Duration.ofMinutes(5), 1.0);
    time.advance(Duration.ofDays(4));

    assertThat(budget.events(ErrorBudget.W3D)).isZero();
    assertThat(budget.remaining()).isEqualTo(1.0);
  }

  @Test
  void anotherSloJudgesTheSameCounts() {
    traffic(Duration.ofMinutes(10), 0.002);

    ErrorBudget looser = budget.withSlo(Slo.percent(99));

    assertThat(looser.burnRate(ErrorBudget.W1H)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    looser.record(0, 1000);
    assertThat(budget.events(ErrorBudget.W1H)).isEqualTo(11_000);
  }

  @Test
  void eventsRecordedAtTheirOwnTimeLandInTheRightWindows() {
    Instant now = time.now();
    budget.record(now.minus(Duration.ofMinutes(30)), 0, 100);
    budget.record(now, 100, 0);

    assertThat(budget.errorRatio(ErrorBudget.W5M)).isZero();
    assertThat(budget.errorRatio(ErrorBudget.W1H)).isEqualTo(0.5);
  }

  @Test
  void eventsOlderThanTheRingsAreIgnored_notMistakenForNewOnes() {
    traffic(Duration.ofMinutes(10), 0);
    budget.record(time.now().minus(Duration.ofDays(5)), 0, 1_000_000);

    assertThat(budget.errorRatio(ErrorBudget.W3D)).isZero();
  }

  @Test
  void eventsStampedInTheFutureCountNow_andDoNotHideLaterEvents() {
    budget.record(time.now().plus(Duration.ofDays(1)), 0, 100);
    assertThat(budget.events(ErrorBudget.W5M)).isEqualTo(100);

    // 1440 - 357 minutes is a whole number of turns of the minute ring (3 x 361): the same slot.
    time.advance(Duration.ofMinutes(357));
    budget.record(0, 100);

    assertThat(budget.events(ErrorBudget.W5M)).as("no slot is held by a bucket from the future").isEqualTo(100);
    assertThat(budget.errorRatio(ErrorBudget.W1H)).isEqualTo(1.0);
  }

  @Test
  void memoryIsBoundedByBuckets_notEvents() {
    for (int i = 0; i < 200_000; i++) {
      budget.record(i % 100 != 0);
    }

    assertThat(budget.events(ErrorBudget.W5M)).isEqualTo(200_000);
    assertThat(budget.errorRatio(ErrorBudget.W5M)).isEqualTo(0.01);
  }
}
