package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.shield.ShieldStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommerceSummaryTest {

  private static CommerceSummary withCache(long reads, long freshHits, double target) {
    ReadCacheStats cache = new ReadCacheStats(reads, freshHits, 0, 0, 0, reads - freshHits, reads - freshHits, 0,
        Duration.ZERO, target);
    return new CommerceSummary(Instant.EPOCH, cache, new CheckoutStats(0, 0, 0, 0, 0), new ProbeStats(0, 0, 0),
        null, new ShieldStats(0, 0, 0, 0, 0, 0));
  }

  @Test
  void aShareJustBelowTheTarget_printsTwoDifferentNumbers() {
    // 96.96 % local against a 97 % target: one decimal would print "97.0% ... 97%, not met".
    String text = withCache(10_000, 9_696, 0.97).describe();

    assertThat(text).contains("local share 96.96% < 97.00% (target not met)");
  }

  @Test
  void aShareJustAboveATargetThatRoundsUp_printsTwoDifferentNumbers() {
    // 97.6 % local against a 97.5 % target: no decimal on the target would print "98%, met".
    String text = withCache(1_000, 976, 0.975).describe();

    assertThat(text).contains("local share 97.6% >= 97.5% (target met)");
  }

  @Test
  void aShareExactlyOnTheTarget_isMet() {
    assertThat(withCache(100, 97, 0.97).describe()).contains("local share at 97.0% (target met)");
  }

  @Test
  void noReadsYet_saysSoInsteadOfComparingAShare() {
    assertThat(withCache(0, 0, 0).describe()).contains("cache: no reads (target 0.0%)");
  }
}
