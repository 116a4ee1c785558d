package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** N failures in a row take a target down, M passes in a row bring it back. */
class ThresholdHealthTest {
  private final ThresholdHealth health = new ThresholdHealth(3, 2);

  @Test
  void goesDownOnlyAfterTheThresholdOfFailuresInARow() {
    assertThat(health.fail()).isFalse();
    assertThat(health.fail()).isFalse();
    assertThat(health.pass()).as("a pass starts the count again").isFalse();
    assertThat(health.fail()).isFalse();
    assertThat(health.fail()).isFalse();
    assertThat(health.healthy()).isTrue();

    assertThat(health.fail()).as("the third in a row").isTrue();
    assertThat(health.healthy()).isFalse();
    assertThat(health.fail()).as("already down: no change").isFalse();
  }

  @Test
  void comesBackOnlyAfterTheThresholdOfPassesInARow() {
    health.failNow();
    assertThat(health.pass()).isFalse();
    assertThat(health.fail()).isFalse();
    assertThat(health.pass()).isFalse();

    assertThat(health.pass()).as("the second in a row").isTrue();
    assertThat(health.healthy()).isTrue();
    assertThat(health.passesInARow()).isEqualTo(2);
  }

  @Test
  void aHardFailureTakesItDownAtOnce_andOutsideEvidenceRestartsTheCounts() {
    assertThat(health.failNow()).isTrue();
    assertThat(health.failNow()).isFalse();

    assertThat(health.set(true)).isTrue();
    assertThat(health.failuresInARow()).isZero();
    assertThat(health.set(true)).isFalse();
  }

  @Test
  void thresholdsBelowOneAreRefused() {
    assertThatThrownBy(() -> new ThresholdHealth(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
