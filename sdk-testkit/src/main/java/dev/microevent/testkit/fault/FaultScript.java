package dev.microevent.testkit.fault;

import dev.microevent.testkit.FakeBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults over time: steps at offsets from the start of a run. Start it on a real scheduler for
 * rehearsals, or on a {@code VirtualTime} scheduler so steps happen exactly when the test
 * advances time.
 *
 * <pre>{@code
 * FaultScript script = FaultScript.builder()
 *     .during(Duration.ofSeconds(5), Duration.ofSeconds(8), edge.faults(), Fault.status(503))
 *     .inject(Duration.ofSeconds(10), edge.faults(), Fault.latency(Duration.ofMillis(300)))
 *     .outage(Duration.ofSeconds(15), Duration.ofSeconds(20), edge)
 *     .clear(Duration.ofSeconds(25), edge.faults())
 *     .build();
 * try (FaultScript.Run run = script.start(scheduler)) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe; one script can be started many times.
 */
public final class FaultScript {
  private static final Logger log = LoggerFactory.getLogger(FaultScript.class);

  private final List<Step> steps;

  private FaultScript(List<Step> steps) {
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparing(Step::at));
    this.steps = List.copyOf(sorted);
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a script that does nothing} */
  public static FaultScript none() {
    return new FaultScript(List.of());
  }

  /** {@return the steps by offset} */
  public List<Step> steps() {
    return steps;
  }

  /** {@return the offset of the last step, zero when there are none} */
  public Duration length() {
    return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).at();
  }

  /**
   * Starts the script now: each step runs on the scheduler at its offset.
   *
   * @param scheduler a real scheduler, or a {@code VirtualTime} scheduler
   * @return the run; close it to cancel the steps still pending
   */
  public Run start(ScheduledExecutorService scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    Run run = new Run();
    for (Step step : steps) {
      run.pending.add(scheduler.schedule(() -> run.apply(step), step.at().toNanos(), TimeUnit.NANOSECONDS));
    }
    return run;
  }

  /**
   * One scripted action.
   *
   * @param at offset from the start of the run
   * @param description what it does, for logs and reports
   * @param action the action; must be quick
   */
  public record Step(Duration at, String description, Runnable action) {
    /**
     * Validates every component.
     *
     * @param at offset from the start of the run
     * @param description what it does, for logs and reports
     * @param action the action; must be quick
     * @throws IllegalArgumentException if {@code at} is negative
     */
    public Step {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(action, "action");
      if (at.isNegative()) {
        throw new IllegalArgumentException("step offset must be >= 0, got " + at);
      }
    }
  }

  /**
   * A started script. Thread-safe.
   */
  public static final class Run implements AutoCloseable {
    private final List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();
    private final List<Step> applied = new CopyOnWriteArrayList<>();

    private Run() {}

    private void apply(Step step) {
      try {
        step.action().run();
        applied.add(step);
        log.info("fault script at +{} ms: {}", step.at().toMillis(), step.description());
      } catch (RuntimeException e) {
        log.warn("fault script step '{}' failed", step.description(), e);
      }
    }

    /** {@return the steps applied so far, in order} */
    public List<Step> applied() {
      return List.copyOf(applied);
    }

    /** Cancels the steps not yet applied. Idempotent; faults already injected stay in force. */
    @Override
    public void close() {
      for (ScheduledFuture<?> f : pending) {
        f.cancel(false);
      }
    }
  }

  /** Builds a {@link FaultScript}. Not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder() {}

    /**
     * Runs any action at an offset.
     *
     * @param at offset from the start
     * @param description what it does
     * @param action the action
     * @return this builder
     */
    public Builder at(Duration at, String description, Runnable action) {
      steps.add(new Step(at, description, action));
      return this;
    }

    /**
     * Injects a fault at an offset.
     *
     * @param at offset from the start
     * @param target the fake's injector
     * @param fault the fault
     * @return this builder
     */
    public Builder inject(Duration at, FaultInjector target, Fault fault) {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(fault, "fault");
      return at(at, target.name() + ": " + fault, () -> target.inject(fault));
    }

    /**
     * Removes an injected fault at an offset.
     *
     * @param at offset from the start
     * @param target the fake's injector
     * @param fault the fault injected earlier
     * @return this builder
     */
    public Builder remove(Duration at, FaultInjector target, Fault fault) {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(fault, "fault");
      return at(at, target.name() + ": end of " + fault, () -> target.remove(fault));
    }

    /**
     * Applies a fault during a window (an error burst, a slow spell).
     *
     * @param from start offset
     * @param to end offset, after {@code from}
     * @param target the fake's injector
     * @param fault the fault
     * @return this builder
     */
    public Builder during(Duration from, Duration to, FaultInjector target, Fault fault) {
      requireOrdered(from, to);
      return inject(from, target, fault).remove(to, target, fault);
    }

    /**
     * Clears every fault of a fake at an offset.
     *
     * @param at offset from the start
     * @param target the fake's injector
     * @return this builder
     */
    public Builder clear(Duration at, FaultInjector target) {
      Objects.requireNonNull(target, "target");
      return at(at, target.name() + ": clear faults", target::clear);
    }

    /**
     * Takes a fake off the network during a window: connections are refused, then it listens
     * again on the same port.
     *
     * @param from start offset
     * @param to end offset, after {@code from}
     * @param fake the fake
     * @return this builder
     */
    public Builder outage(Duration from, Duration to, FakeBackend fake) {
      Objects.requireNonNull(fake, "fake");
      requireOrdered(from, to);
      return at(from, fake.name() + ": outage (connections refused)", fake::stop)
          .at(to, fake.name() + ": back up", fake::restart);
    }

    private static void requireOrdered(Duration from, Duration to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.compareTo(from) <= 0) {
        throw new IllegalArgumentException("window end " + to + " must be after its start " + from);
      }
    }

    /**
     * Builds the script.
     *
     * @return the immutable script
     */
    public FaultScript build() {
      return new FaultScript(steps);
    }
  }
}
