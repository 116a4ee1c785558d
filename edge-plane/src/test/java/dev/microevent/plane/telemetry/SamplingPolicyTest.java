package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SamplingPolicyTest {
  private static final Instant T0 = Instant.parse("2026-12-06T14:05:00Z");
  private final SamplingPolicy policy = new SamplingPolicy(Duration.ofMillis(300), 0.1);
  private final TestSpans spans = new TestSpans(2);

  @Test
  void keepsEveryErrorAndEverySlowSpanWithWeightOne_andAboutTheHeadShareOfTheRestWeightedBack() {
    int errors = 0;
    int errorsKept = 0;
    int slow = 0;
    int slowKept = 0;
    int rest = 0;
    double restWeight = 0;
    for (int i = 0; i < 20_000; i++) {
      Span s;
      if (i % 50 == 0) {
        s = spans.next("payment", "embb", "server_error", 503, T0, Duration.ofMillis(40));
        errors++;
        double w = policy.weight(s);
        errorsKept += w > 0 ? 1 : 0;
        assertThat(w).isIn(0.0, 1.0);
      } else if (i % 50 == 1) {
        s = spans.next("payment", "embb", "success", 200, T0, Duration.ofMillis(300 + i % 100));
        slow++;
        double w = policy.weight(s);
        slowKept += w > 0 ? 1 : 0;
        assertThat(w).isIn(0.0, 1.0);
      } else {
        s = spans.next("payment", "embb", "success", 200, T0, Duration.ofMillis(20 + i % 200));
        rest++;
        double w = policy.weight(s);
        assertThat(w).isIn(0.0, 10.0);
        restWeight += w;
      }
    }
    assertThat(errorsKept).isEqualTo(errors);
    assertThat(slowKept).isEqualTo(slow);
    // 19,200 spans at 10 %: the weighted-back count is within 7 % of the truth (over 3 standard deviations)
    assertThat(restWeight).isCloseTo(rest, within(0.07 * rest));
  }

  @Test
  void decidesByTraceId_soEveryCollectorKeepsOrDropsAWholeTraceAlike() {
    Span a = spans.ok("read", T0, 10);
    Span sameTrace = new Span(a.traceId(), "00000000000000ab", "read", "default", "edge-2", "success", 200,
        a.startEpochNanos(), 5_000_000);
    assertThat(policy.weight(sameTrace)).isEqualTo(policy.weight(a));
    assertThat(policy.headSampled("0000000000000000000000000000ffff")).isTrue();
    assertThat(policy.headSampled("00000000000000000fffffffffffffff")).isFalse();
  }

  @Test
  void refusesAShareOutsideZeroToOneAndANonPositiveThreshold() {
    assertThatThrownBy(() -> new SamplingPolicy(Duration.ofMillis(1), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headShare");
    assertThatThrownBy(() -> new SamplingPolicy(Duration.ofMillis(1), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SamplingPolicy(Duration.ZERO, 0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowThreshold");
  }
}
