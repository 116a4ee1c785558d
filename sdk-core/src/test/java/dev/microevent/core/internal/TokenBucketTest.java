package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one token bucket: failover caps, intent rate limits, rate rules; all on a ticker. */
class TokenBucketTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @Test
  void aBucketNeverHoldsMoreThanItsCapacity_whateverTheTakesAndTheTime() {
    Random random = new Random(11);
    for (int run = 0; run < 200; run++) {
      double capacity = 1 + random.nextInt(20);
      TokenBucket smooth = TokenBucket.smooth(capacity, 1 + random.nextInt(50), Duration.ofMillis(1 + random.nextInt(
          2_000)), time.ticker());
      TokenBucket bursty = TokenBucket.bursty((long) capacity, Duration.ofMillis(1 + random.nextInt(2_000)),
          time.ticker());
      for (int step = 0; step < 100; step++) {
        if (random.nextBoolean()) {
          time.advance(Duration.ofMillis(random.nextInt(3_000)));
        }
        int takes = random.nextInt(5);
        for (int t = 0; t < takes; t++) {
          boolean tookSmooth = smooth.tryTake();
          boolean tookBursty = bursty.tryTake();
          assertThat(tookSmooth || smooth.available() < 1).isTrue();
          assertThat(tookBursty || bursty.available() < 1).isTrue();
        }
        assertThat(smooth.available()).isBetween(0.0, capacity);
        assertThat(bursty.available()).isBetween(0.0, capacity);
      }
    }
  }

  @Test
  void aSmoothBucketRefillsInProportionToTheTimePassed() {
    TokenBucket bucket = TokenBucket.smooth(10, 10, Duration.ofSeconds(1), time.ticker());
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.tryTake()).isTrue();
    }
    assertThat(bucket.tryTake()).isFalse();
    assertThat(bucket.nanosUntilToken()).isEqualTo(Duration.ofMillis(100).toNanos());

    time.advance(Duration.ofMillis(300));

    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
  }

  @Test
  void aBurstyBucketRefillsWholeAtEachPeriod_andCarriesNothingOver() {
    TokenBucket bucket = TokenBucket.bursty(3, Duration.ofMinutes(1), time.ticker());
    assertThat(bucket.tryTake()).isTrue();

    time.advance(Duration.ofSeconds(59));
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).as("3 per minute").isFalse();
    assertThat(bucket.nanosUntilToken()).isEqualTo(Duration.ofSeconds(1).toNanos());

    time.advance(Duration.ofSeconds(1));
    assertThat(bucket.available()).isEqualTo(3.0);

    time.advance(Duration.ofMinutes(10));
    assertThat(bucket.available()).as("unused permits are not saved up").isEqualTo(3.0);
  }

  @Test
  void aTakeLeavesTheReserveForOthers() {
    TokenBucket bucket = TokenBucket.smooth(10, 10, Duration.ofSeconds(1), time.ticker());
    int degraded = 0;
    while (bucket.tryTake(2)) {
      degraded++;
    }

    assertThat(degraded).isEqualTo(8);
    assertThat(bucket.tryTake()).as("the reserve is there for a critical call").isTrue();
  }

  @Test
  void aTickerThatGoesBackRefillsNothing() {
    long[] now = {1_000_000_000L};
    TokenBucket bucket = TokenBucket.smooth(1, 1, Duration.ofSeconds(1), () -> now[0]);
    assertThat(bucket.tryTake()).isTrue();

    now[0] -= 5_000_000_000L;
    assertThat(bucket.tryTake()).isFalse();
    now[0] += 5_500_000_000L;
    assertThat(bucket.available()).isBetween(0.49, 0.51);
  }
}
