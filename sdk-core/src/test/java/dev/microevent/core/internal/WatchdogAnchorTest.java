package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
  void aPeriodMustBePositive() {
    assertThatThrownBy(() -> new WatchdogAnchor(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period must be positive");
  }

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
      assertThat(anchor.entries()).isEqualTo(1);

      await().atMost(Duration.ofSeconds(10)).until(() -> !anchor.armed()); // no exchange in its period

      anchor.beforeExchange();
      assertThat(anchor.entries()).isEqualTo(2);
    } finally {
      anchor.clientClosed();
    }
    assertThat(anchor.reentries()).isZero();
    assertThat(anchor.broken()).isFalse();
  }

  @Test
  void aBusyAnchorReentersAtTheEndOfEachPeriod() {
    WatchdogAnchor anchor = new WatchdogAnchor(20);
    anchor.clientOpened();
    try {
      // Exchanges every few milliseconds: each period ends with exchanges made in it, so Okio's
      // watchdog puts the anchor back itself (an exchange arms it only when it has left).
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> {
        anchor.beforeExchange();
        return anchor.reentries() >= 3;
      });
    } finally {
      anchor.clientClosed();
    }
    assertThat(anchor.armed()).isFalse();
    assertThat(anchor.broken()).isFalse();
  }

  @Test
  void aTimeoutBehindTheReenteringAnchor_stillFires() {
    WatchdogAnchor anchor = new WatchdogAnchor(20);
    anchor.clientOpened();
    try {
      CountDownLatch fired = new CountDownLatch(1);
      AsyncTimeout timeout = new AsyncTimeout() {
        @Override
        protected void timedOut() {
          fired.countDown();
        }
      };
      timeout.timeout(150, TimeUnit.MILLISECONDS);
      // The anchor cycling first, so that the timeout is entered behind it.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> {
        anchor.beforeExchange();
        return anchor.reentries() >= 1;
      });
      timeout.enter();
      // While the timeout waits, exchanges keep the anchor re-entering in front of it.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
        anchor.beforeExchange();
        return fired.getCount() == 0;
      });

      assertThat(timeout.exit()).as("timed out").isTrue();
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
  void anAnchorOkioRefuses_givesUpForGood_andNeverThrowsAtAnExchange() {
    WatchdogAnchor anchor = new WatchdogAnchor(60_000);
    anchor.clientOpened();
    anchor.enter(); // entered behind the anchor's back: Okio refuses the anchor's own enter
    try {
      anchor.beforeExchange();

      assertThat(anchor.broken()).isTrue();
      assertThat(anchor.armed()).isFalse();
      long entries = anchor.entries();
      anchor.beforeExchange();
      assertThat(anchor.entries()).as("not tried again").isEqualTo(entries);
    } finally {
      anchor.exit();
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

    assertThat(anchor.armed()).as("every client closed").isFalse();
    assertThat(anchor.broken()).isFalse();
    long before = anchor.entries();
    anchor.clientOpened();
    anchor.beforeExchange();
    assertThat(anchor.entries()).as("it still arms").isEqualTo(before + 1);
    anchor.clientClosed();
    assertThat(anchor.armed()).isFalse();
  }
}
