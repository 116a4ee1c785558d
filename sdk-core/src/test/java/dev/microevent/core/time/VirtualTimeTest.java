package dev.microevent.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @Test
  void tasksRunInDueOrder_withTheClockAtTheirDueTime() {
    List<String> ran = new ArrayList<>();
    var b = time.scheduler().schedule(() -> ran.add("b@" + time.clock().instant()), 2, TimeUnit.SECONDS);
    var a = time.scheduler().schedule(() -> ran.add("a@" + time.clock().instant()), 1, TimeUnit.SECONDS);

    time.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("a@2026-06-01T18:00:01Z", "b@2026-06-01T18:00:02Z");
    assertThat(a.isDone() && b.isDone()).isTrue();
    assertThat(time.now()).isEqualTo(Instant.parse("2026-06-01T18:00:05Z"));
  }

  @Test
  void nothingRunsBeforeItIsDue() {
    List<String> ran = new ArrayList<>();
    var unused = time.scheduler().schedule(() -> ran.add("x"), 10, TimeUnit.SECONDS);

    time.advance(Duration.ofSeconds(9));

    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void periodicTasksRepeat_untilCancelled() {
    int[] n = {0};
    ScheduledFuture<?> f = time.scheduler().scheduleAtFixedRate(() -> n[0]++, 1, 1, TimeUnit.SECONDS);

    time.advance(Duration.ofSeconds(3));
    f.cancel(false);
    time.advance(Duration.ofSeconds(3));

    assertThat(n[0]).isEqualTo(3);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aTaskScheduledByATaskRunsInTheSameAdvance_whenDue() {
    List<Instant> ran = new ArrayList<>();
    var unused = time.scheduler().schedule(() -> {
      ran.add(time.now());
      var unusedInner = time.scheduler().schedule(() -> ran.add(time.now()), 1, TimeUnit.SECONDS);
    }, 1, TimeUnit.SECONDS);

    time.advance(Duration.ofSeconds(2));

    assertThat(ran).containsExactly(Instant.parse("2026-06-01T18:00:01Z"), Instant.parse("2026-06-01T18:00:02Z"));
  }

  @Test
  void aFailingTaskIsReportedByAdvance() {
    var unused = time.scheduler().schedule(() -> {
      throw new IllegalStateException("boom");
    }, 1, TimeUnit.SECONDS);

    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("boom");
  }

  @Test
  void timeNeverMovesBackwards() {
    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTickerIsTheSameTimeAsTheClock_inNanoseconds_andTasksSeeTheirDueReading() {
    Ticker ticker = time.ticker();
    List<Long> readings = new ArrayList<>();
    var unused = time.scheduler().schedule(() -> readings.add(ticker.read()), 1500, TimeUnit.MILLISECONDS);
    assertThat(ticker.read()).isZero();

    time.advance(Duration.ofSeconds(2));

    assertThat(readings).containsExactly(Duration.ofMillis(1500).toNanos());
    assertThat(ticker.read()).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(Duration.between(Instant.parse("2026-06-01T18:00:00Z"), time.now()).toNanos()).isEqualTo(ticker.read());
  }

  @Test
  void theSystemTickerMovesForward() {
    long first = Ticker.system().read();

    assertThat(Ticker.system().read()).isGreaterThanOrEqualTo(first);
  }
}
