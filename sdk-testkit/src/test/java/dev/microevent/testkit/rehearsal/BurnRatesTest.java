package dev.microevent.testkit.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.Slo;
import org.junit.jupiter.api.Test;

class BurnRatesTest {

  private static long[] everySecond(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 1000L;
    }
    return t;
  }

  @Test
  void pages_whenAFifthOfCallsFailAgainstA999Objective() {
    boolean[] bad = new boolean[100];
    for (int i = 0; i < 100; i += 5) {
      bad[i] = true;
    }
    assertThat(BurnRates.peak(everySecond(100), bad, new Slo(0.999))).isEqualTo(BudgetAlert.Severity.PAGE);
  }

  @Test
  void staysCalm_whenNothingFails() {
    assertThat(BurnRates.peak(everySecond(100), new boolean[100], new Slo(0.999))).isEqualTo(BudgetAlert.Severity.NONE);
  }

  @Test
  void needsTenCallsBeforeAnyRuleFires() {
    boolean[] bad = {true, true, true};
    assertThat(BurnRates.peak(everySecond(3), bad, new Slo(0.999))).isEqualTo(BudgetAlert.Severity.NONE);
  }

  @Test
  void ticketsOnly_whenTheBurnIsSlow() {
    // 2 % errors against a 99 % objective: burn rate 2, above 1 but below 6 and 14.4.
    boolean[] bad = new boolean[1000];
    for (int i = 25; i < 1000; i += 50) {
      bad[i] = true;
    }
    assertThat(BurnRates.peak(everySecond(1000), bad, new Slo(0.99))).isEqualTo(BudgetAlert.Severity.TICKET);
  }
}
