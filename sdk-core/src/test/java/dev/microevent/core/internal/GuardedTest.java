package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a background task of the SDK may let reach its thread: nothing but a failing JVM. */
class GuardedTest {

  /** Throws a checked exception without declaring it, as Kotlin code (OkHttp) does. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void exceptionsAndErrorsOfTheTaskStayInside_evenCheckedOnesThrownUndeclared() {
    assertThatCode(() -> Guarded.run("task", () -> {
      throw new IllegalStateException("bug");
    })).doesNotThrowAnyException();
    assertThatCode(() -> Guarded.run("task", () -> sneakyThrow(new IOException("undeclared"))))
        .doesNotThrowAnyException();
    assertThatCode(() -> Guarded.run("task", () -> {
      throw new AssertionError("a broken invariant");
    })).doesNotThrowAnyException();
  }

  @Test
  void anInterruptEndsTheTaskQuietly_andTheThreadStaysInterrupted() {
    try {
      Guarded.run("task", () -> sneakyThrow(new InterruptedException()));

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aFailingJvmIsNotHidden() {
    assertThatThrownBy(() -> Guarded.run("task", () -> {
      throw new OutOfMemoryError("test");
    })).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void aPeriodicTaskThatThrowsAnUndeclaredCheckedException_runsAgainNextTime() {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    AtomicInteger runs = new AtomicInteger();
    Periodic flaky = Periodic.every(time.scheduler(), Duration.ZERO, Duration.ofSeconds(1), "flaky", () -> {
      runs.incrementAndGet();
      sneakyThrow(new IOException("undeclared"));
    });

    time.advance(Duration.ofMillis(2500));
    flaky.close();

    assertThat(runs).hasValue(3);
  }
}
