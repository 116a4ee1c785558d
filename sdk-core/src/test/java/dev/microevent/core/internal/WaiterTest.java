package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A caller's wait is a timer on the scheduler: virtual time ends it; real time bounds it. */
class WaiterTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  private CompletableFuture<Void> waitingFor(Waiter waiter, Duration d) {
    return CompletableFuture.runAsync(() -> {
      try {
        waiter.await(d.toNanos());
      } catch (InterruptedException e) {
        throw new CompletionException(e);
      }
    });
  }

  @Test
  void aWaitEndsWhenVirtualTimeReachesIt_notBefore() {
    CompletableFuture<Void> waiting = waitingFor(Waiter.virtualOnly(time.scheduler()), Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> time.pendingTasks() == 1);

    time.advance(Duration.ofMinutes(59));
    assertThat(waiting).isNotDone();
    time.advance(Duration.ofMinutes(1));

    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void theClientsWaitIsBoundedByTheSameSpanOfRealTime_whenNobodyAdvances() {
    CompletableFuture<Void> waiting = waitingFor(Waiter.bounded(time.scheduler()), Duration.ofMillis(50));

    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);

    assertThat(time.pendingTasks()).as("its timer is cancelled, not left behind").isZero();
  }

  @Test
  void anInterruptEndsTheWait_andLeavesNoTimer() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        Waiter.virtualOnly(time.scheduler()).await(Duration.ofHours(1).toNanos());
      } catch (InterruptedException e) {
        thrown.set(e);
      }
    });
    caller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> time.pendingTasks() == 1);

    caller.interrupt();
    caller.join(10_000);

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aDeadlinePassesWhenItsTimerFires_andWakesTheWaiter() {
    Waiter waiter = Waiter.virtualOnly(time.scheduler());
    int[] woken = {0};
    try (Waiter.Deadline deadline = waiter.deadline(Duration.ofSeconds(5).toNanos(), () -> woken[0]++)) {
      time.advance(Duration.ofSeconds(4));
      assertThat(deadline.passed()).isFalse();

      time.advance(Duration.ofSeconds(1));

      assertThat(deadline.passed()).isTrue();
      assertThat(woken[0]).isEqualTo(1);
    }
    assertThat(waiter.deadline(0, () -> { }).passed()).as("no time to wait").isTrue();
  }

  @Test
  void aClosedSchedulerMeansNoWait() throws Exception {
    time.scheduler().shutdown();

    Waiter.virtualOnly(time.scheduler()).await(Duration.ofHours(1).toNanos());

    assertThat(Waiter.virtualOnly(time.scheduler()).deadline(Duration.ofHours(1).toNanos(), () -> { }).passed())
        .isTrue();
  }
}
