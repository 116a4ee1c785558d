package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;
import org.junit.jupiter.api.Test;

/**
 * The anchor that keeps Okio's watchdog asleep between exchanges. Each test has an anchor of its
 * own (the clients' shared one counts every client the test JVM opens); Okio's queue is the real,
 * JVM-wide one, so the timeouts below are watched by Okio's own thread.
 */
class WatchdogAnchorTest {
  @Test
  void anExchangeArmsTheAnchor_onlyWhileAClientIsOpen_andTheLastCloseDisarmsIt() {
    WatchdogAnchor anchor = new WatchdogAnchor(60_000);

    anchor.beforeExchange();
    assertThat(anchor.armed()).as("no client open").isFalse();

    anchor.clientOpened();
    anchor.clientOpened();
    anchor.beforeExchange();
    assertThat(anchor.armed()).isTrue();

    anchor.clientClosed();
    assertThat(anchor.armed()).as("one client still open").isTrue();
    anchor.clientClosed();
    assertThat(anchor.armed()).isFalse();
    anchor.clientClosed(); // one too many: nothing to undo
    anchor.beforeExchange();
    assertThat(anchor.armed()).isFalse();
  }

  @Test
  void anIdleAnchorLeavesTheQueueAfterAPeriod_andAnExchangeArmsItAgain() {
    WatchdogAnchor anchor = new WatchdogAnchor(20);
    anchor.clientOpened();
    try {
      anchor.beforeExchange();
      assertThat(anchor.armed()).isTrue();

      await().atMost(Duration.ofSeconds(10)).until(() -> !anchor.armed());

      anchor.beforeExchange();
      assertThat(anchor.armed()).isTrue();
    } finally {
      anchor.clientClosed();
    }
    assertThat(anchor.failures()).isZero();
  }

  @Test
  void aBusyAnchorStaysArmedPeriodAfterPeriod() {
    WatchdogAnchor anchor = new WatchdogAnchor(20);
    anchor.clientOpened();
    try {
      anchor.beforeExchange();
      // Exchanges every few milliseconds for ten periods and more: the anchor re-enters each time.
      await().pollInterval(Duration.ofMillis(2)).during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
          .until(() -> {
            anchor.beforeExchange();
            return anchor.armed();
          });
    } finally {
      anchor.clientClosed();
    }
    assertThat(anchor.armed()).isFalse();
    assertThat(anchor.failures()).isZero();
  }

  @Test
  void aTimeoutBehindTheAnchorFiresWhenDue_neverEarly() throws InterruptedException {
    WatchdogAnchor anchor = new WatchdogAnchor(20);
    anchor.clientOpened();
    try {
      long due = TimeUnit.MILLISECONDS.toNanos(150);
      CountDownLatch fired = new CountDownLatch(1);
      long[] firedAfter = new long[1];
      long start = System.nanoTime();
      AsyncTimeout timeout = new AsyncTimeout() {
        @Override
        protected void timedOut() {
          firedAfter[0] = System.nanoTime() - start;
          fired.countDown();
        }
      };
      timeout.timeout(due, TimeUnit.NANOSECONDS);
      anchor.beforeExchange(); // the anchor first, so that the timeout is entered behind it
      timeout.enter();
      // While the timeout waits, exchanges keep the anchor re-entering in front of it.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
        anchor.beforeExchange();
        return fired.getCount() == 0;
      });

      assertThat(timeout.exit()).as("timed out").isTrue();
      assertThat(firedAfter[0]).isGreaterThanOrEqualTo(due);
    } finally {
      anchor.clientClosed();
    }
  }

  @Test
  void aTimeoutShorterThanTheAnchorsTimeLeft_firesWithoutWaitingForIt() {
    WatchdogAnchor anchor = new WatchdogAnchor(60_000);
    anchor.clientOpened();
    try {
      anchor.beforeExchange();
      CountDownLatch fired = new CountDownLatch(1);
      AsyncTimeout timeout = new AsyncTimeout() {
        @Override
        protected void timedOut() {
          fired.countDown();
        }
      };
      timeout.timeout(30, TimeUnit.MILLISECONDS);
      timeout.enter();

      // Far sooner than the anchor's minute.
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.getCount() == 0);
      assertThat(timeout.exit()).isTrue();
    } finally {
      anchor.clientClosed();
    }
  }

  @Test
  void clientsOpeningClosingAndExchangingAtOnce_leaveItBalanced() throws Exception {
    WatchdogAnchor anchor = new WatchdogAnchor(1); // it expires all the time, while the callers race it
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            anchor.clientOpened();
            anchor.beforeExchange();
            anchor.beforeExchange();
            anchor.clientClosed();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS); // rethrows any caller's failure
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(anchor.armed()).isFalse();
    assertThat(anchor.failures()).isZero();
    anchor.clientOpened();
    anchor.beforeExchange();
    assertThat(anchor.armed()).as("it still works").isTrue();
    anchor.clientClosed();
    assertThat(anchor.armed()).isFalse();
  }
}
