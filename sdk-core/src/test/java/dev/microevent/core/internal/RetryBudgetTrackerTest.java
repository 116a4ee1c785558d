package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.RetryBudget;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryBudgetTrackerTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @Test
  void theMinimumAllowsRetriesWithoutTraffic_perTtl() {
    RetryBudgetTracker budget = new RetryBudgetTracker(RetryBudget.builder().ratio(0.2).minRetriesPerSecond(1)
        .ttl(Duration.ofSeconds(2)).build(), time.ticker());

    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isFalse();
  }

  @Test
  void depositsExpireAfterTheTtl() {
    RetryBudgetTracker budget = new RetryBudgetTracker(RetryBudget.builder().ratio(0.5).minRetriesPerSecond(0)
        .ttl(Duration.ofSeconds(2)).build(), time.ticker());
    for (int i = 0; i < 10; i++) {
      budget.recordRequest();
    }
    assertThat(budget.tryRetry()).isTrue();

    time.advance(Duration.ofSeconds(3));

    assertThat(budget.tryRetry()).isFalse();
  }

  @Test
  void retriesStayWithinTheRatioOfRequests() {
    RetryBudgetTracker budget = new RetryBudgetTracker(RetryBudget.builder().ratio(0.2).minRetriesPerSecond(0)
        .ttl(Duration.ofSeconds(10)).build(), time.ticker());
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      budget.recordRequest();
      while (budget.tryRetry()) {
        granted++;
      }
    }

    assertThat(granted).isEqualTo(20);
  }

  @Test
  void depositsFromManyThreadsAtOnce_areAllCounted() throws Exception {
    RetryBudgetTracker budget = new RetryBudgetTracker(RetryBudget.builder().ratio(0.5).minRetriesPerSecond(0)
        .ttl(Duration.ofSeconds(10)).build(), time.ticker());
    int threads = 8;
    int each = 5_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            budget.recordRequest();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int granted = 0;
    while (budget.tryRetry()) {
      granted++;
    }

    assertThat(granted).isEqualTo(threads * each / 2);
  }
}
