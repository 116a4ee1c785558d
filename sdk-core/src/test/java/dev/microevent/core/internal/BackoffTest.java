package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The laws of the one backoff every retry, reconnect and renewal uses. */
class BackoffTest {
  private static final List<Backoff.Jitter> JITTERS = List.of(Backoff.Jitter.none(), Backoff.Jitter.full(),
      Backoff.Jitter.equal(), Backoff.Jitter.proportional(0.5), Backoff.Jitter.proportional(1));

  @Test
  void noDelayEverExceedsTheMax_whateverTheJitterAndTheRetry() {
    Random random = new Random(42);
    for (int run = 0; run < 2_000; run++) {
      long initial = random.nextInt(1_000_000);
      long max = initial + random.nextInt(10_000_000);
      Backoff.Jitter jitter = JITTERS.get(random.nextInt(JITTERS.size()));
      Backoff b = Backoff.exponential(Duration.ofNanos(initial), Duration.ofNanos(max)).withJitter(jitter);
      for (int retry : new int[] {1, 2, 3, 10, 62, 63, 64, 1_000, Integer.MAX_VALUE}) {
        assertThat(b.delayNanos(retry, random)).as("%s, retry %d", b, retry).isBetween(0L, max);
      }
    }
  }

  @Test
  void withoutJitter_delaysNeverGoBackwards_andDoubleUpToTheMax() {
    Random random = new Random(7);
    for (int run = 0; run < 2_000; run++) {
      long initial = random.nextInt(1_000_000) + 1L;
      long max = initial + random.nextInt(1_000_000_000);
      Backoff b = Backoff.exponential(Duration.ofNanos(initial), Duration.ofNanos(max));
      long previous = 0;
      for (int retry = 1; retry <= 70; retry++) {
        long d = b.delayNanos(retry, random);
        assertThat(d).isGreaterThanOrEqualTo(previous).isEqualTo(b.ceilingNanos(retry))
            .isEqualTo(Math.min(max, retry <= 40 ? initial << (retry - 1) : max));
        previous = d;
      }
    }
  }

  @Test
  void theFirstRetryWaitsTheInitialDelay_andAHugeMaxDoesNotOverflow() {
    Backoff b = Backoff.exponential(Duration.ofMillis(50), Duration.ofDays(365 * 1_000));

    assertThat(b.delay(1, new Random())).isEqualTo(Duration.ofMillis(50));
    assertThat(b.delay(2, new Random())).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delayNanos(200, new Random())).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void proportionalJitter_movesADelayByAtMostItsShare_eitherWay() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10))
        .withJitter(Backoff.Jitter.proportional(0.5));
    Random random = new Random(1);
    long low = Long.MAX_VALUE;
    long high = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = b.delayNanos(2, random);
      low = Math.min(low, d);
      high = Math.max(high, d);
    }

    assertThat(low).isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1_050).toNanos());
    assertThat(high).isBetween(Duration.ofMillis(2_950).toNanos(), Duration.ofSeconds(3).toNanos());
  }

  @Test
  void equalJitter_keepsTheUpperHalf_andAtLeastInitialKeepsTheFirstRetryExact() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(2), Duration.ofMinutes(5)).withJitter(Backoff.Jitter.equal());
    Backoff floored = b.atLeastInitial();
    Random random = new Random(3);
    for (int i = 0; i < 1_000; i++) {
      assertThat(b.delayNanos(3, random)).isBetween(Duration.ofSeconds(4).toNanos(), Duration.ofSeconds(8).toNanos());
      assertThat(floored.delay(1, random)).isEqualTo(Duration.ofSeconds(2));
      assertThat(floored.delayNanos(2, random)).isBetween(Duration.ofSeconds(2).toNanos(),
          Duration.ofSeconds(4).toNanos());
    }
  }

  @Test
  void fullJitter_spreadsOverTheWholeDelay() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1)).withJitter(Backoff.Jitter.full());
    Random random = new Random(9);
    long low = Long.MAX_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long d = b.delayNanos(1, random);
      assertThat(d).isBetween(0L, Duration.ofSeconds(1).toNanos());
      low = Math.min(low, d);
    }
    assertThat(low).isLessThan(Duration.ofMillis(10).toNanos());
  }

  @Test
  void aZeroInitialDelayMeansNoDelay_evenWithJitter() {
    Backoff b = Backoff.exponential(Duration.ZERO, Duration.ZERO).withJitter(Backoff.Jitter.proportional(1));

    assertThat(b.delayNanos(5, new Random())).isZero();
  }

  @Test
  void badBoundsAreRefused_byName() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.Jitter.proportional(1.5)).hasMessageContaining("share");
  }

  @Test
  void upTo_startsAtTheCap_whenTheCapIsShorterThanTheFirstDelay() {
    Backoff shortCap = Backoff.upTo(Duration.ofMillis(500), Duration.ofMillis(100));
    Backoff longCap = Backoff.upTo(Duration.ofMillis(500), Duration.ofSeconds(15));

    assertThat(shortCap.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(shortCap.ceilingNanos(9)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(longCap.ceilingNanos(1)).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(longCap.ceilingNanos(3)).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(longCap.ceilingNanos(100)).isEqualTo(Duration.ofSeconds(15).toNanos());
    assertThatThrownBy(() -> Backoff.upTo(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
